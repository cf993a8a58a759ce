/** How full a model's context window is, as the status bar shows it: ok, warning or error; and which window that is. */
import type { ModelContextLength } from '../hf/contextLength';
import type { ContextWindow } from '../tokenizer/contextWindows';
import type { ModelInfo } from './modelTable';

export type BudgetLevel = 'ok' | 'warning' | 'error';

export interface BudgetThresholds {
  /** Share of the window (0 to 1) from which to warn. */
  readonly warning: number;
  /** Share of the window from which it is an error (at or above the warning share). */
  readonly error: number;
}

export const DEFAULT_BUDGET_THRESHOLDS: BudgetThresholds = { warning: 0.8, error: 1 };

export function budgetLevel(tokens: number, contextWindow: number, thresholds: BudgetThresholds = DEFAULT_BUDGET_THRESHOLDS): BudgetLevel {
  const share = tokens / contextWindow;
  return share >= thresholds.error ? 'error' : share >= thresholds.warning ? 'warning' : 'ok';
}

/** Thresholds from settings, or the defaults with one line saying why; `setting` names the setting group in messages. */
export function parseBudgetThresholds(setting: string, warning: unknown, error: unknown): { thresholds: BudgetThresholds; error: string | undefined } {
  const share = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 10;
  if (!share(warning) || !share(error)) {
    const [name, value] = share(warning) ? ['error', error] : ['warning', warning];
    return { thresholds: DEFAULT_BUDGET_THRESHOLDS, error: `${setting}.${name}: expected a share of the context window above 0 (0.8 is 80%), found ${JSON.stringify(value)}` };
  }
  if ((error as number) < (warning as number)) {
    return { thresholds: DEFAULT_BUDGET_THRESHOLDS, error: `${setting}.error: expected at least the warning share ${warning}, found ${error}` };
  }
  return { thresholds: { warning: warning as number, error: error as number }, error: undefined };
}

/** What counts are measured against: a context window, whose it is, and the model of the table behind it if any. */
export type BudgetTarget = {
  /** Whose window: "GPT-4o", or the open model's label. */
  readonly label: string;
  readonly contextWindow: number;
} & (
  | { readonly model: ModelInfo; readonly openModel: undefined }
  | {
      /** The model of the table standing in for an open model whose window is unknown; undefined when the window is the open model's own. */
      readonly model: ModelInfo | undefined;
      /** The open model counted with (open weights have no API price), and why its own window is unknown when it is. */
      readonly openModel: { readonly label: string; readonly unknownWhy: string | undefined };
    }
);

/**
 * The one rule for every budget figure: counts made with an open model are measured against that
 * model's own window when it is known; otherwise, and for the OpenAI encodings, against `configured`.
 */
export function budgetTarget(configured: ModelInfo, open?: { readonly label: string; readonly contextLength: ModelContextLength | undefined }): BudgetTarget {
  const standIn = { label: configured.label, contextWindow: configured.contextWindow, model: configured };
  if (!open) return { ...standIn, openModel: undefined };
  const length = open.contextLength ?? { known: false, why: 'its config files were not read' };
  if (length.known) return { label: open.label, contextWindow: length.tokens, model: undefined, openModel: { label: open.label, unknownWhy: undefined } };
  return { ...standIn, openModel: { label: open.label, unknownWhy: length.why } };
}

/** The target as the `auto` embedding shape takes its context: the window the counts use, named by whose it is. */
export function targetWindow(target: BudgetTarget): ContextWindow {
  return { id: target.model?.id ?? target.label, model: target.label, tokens: target.contextWindow };
}

/** The open model's own window when its config gave one; undefined for an OpenAI encoding's, or a stand-in for an unknown one. */
export function ownWindow(target: BudgetTarget): number | undefined {
  return target.openModel && target.model === undefined ? target.contextWindow : undefined;
}

/**
 * Where the model stops reading a source of this shape: its position table's end; without one
 * (rotary positions), the open model's own window; undefined when nothing says.
 */
export function contextLimit(shape: { readonly contextLength: number | undefined }, target: BudgetTarget): number | undefined {
  return shape.contextLength ?? ownWindow(target);
}
