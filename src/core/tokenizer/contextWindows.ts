/** Context windows of well-known models, for "how full is the prompt" figures: a view of the model table. */
import { DEFAULT_MODEL, DEFAULT_MODEL_TABLE, type ModelTable } from '../models/modelTable';

export interface ContextWindow {
  readonly id: string;
  readonly model: string;
  readonly tokens: number;
}

export const CONTEXT_WINDOWS: readonly ContextWindow[] = DEFAULT_MODEL_TABLE.models.map((model) => ({
  id: model.id,
  model: model.label,
  tokens: model.contextWindow,
}));

export const DEFAULT_CONTEXT_WINDOW = DEFAULT_MODEL;

/** The model's window, or the default model's when the id is unknown. */
export function contextWindow(id: string, table: ModelTable = DEFAULT_MODEL_TABLE): ContextWindow {
  const model = table.resolve(id);
  return { id: model.id, model: model.label, tokens: model.contextWindow };
}
