/** Context windows of well-known models, for "how full is the prompt" figures. */
export interface ContextWindow {
  readonly id: string;
  readonly model: string;
  readonly tokens: number;
}

export const CONTEXT_WINDOWS: readonly ContextWindow[] = [
  { id: 'gpt-2', model: 'GPT-2', tokens: 1024 },
  { id: 'gpt-3', model: 'GPT-3', tokens: 2048 },
  { id: 'gpt-3.5-turbo', model: 'GPT-3.5-turbo', tokens: 16_385 },
  { id: 'gpt-4', model: 'GPT-4', tokens: 8192 },
  { id: 'gpt-4-turbo', model: 'GPT-4 Turbo', tokens: 128_000 },
  { id: 'gpt-4o', model: 'GPT-4o', tokens: 128_000 },
  { id: 'gpt-4.1', model: 'GPT-4.1', tokens: 1_047_576 },
];

export const DEFAULT_CONTEXT_WINDOW = 'gpt-4o';

export function contextWindow(id: string): ContextWindow {
  return (
    CONTEXT_WINDOWS.find((window) => window.id === id) ??
    (CONTEXT_WINDOWS.find((window) => window.id === DEFAULT_CONTEXT_WINDOW) as ContextWindow)
  );
}

/** Share of the window used, in percent (may exceed 100). */
export function contextUsage(tokens: number, window: ContextWindow): number {
  return (100 * tokens) / window.tokens;
}
