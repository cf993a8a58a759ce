/** How full a model's context window is, as the status bar shows it: ok, warning or error. */

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
