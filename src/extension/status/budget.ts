/** The status bar's view of the window counts are measured against (see budgetTarget.ts): a theme colour past the budget shares, the usage and the input cost. */
import * as vscode from 'vscode';
import { type BudgetLevel, type BudgetThresholds, budgetLevel, inputCost } from '../../core/models';
import { type BudgetTarget, standInNote } from '../budgetTarget';
import { Settings, settingId } from '../constants';
import { formatDecimal, formatInteger } from '../util/format';
import { escapeMarkdown } from '../util/markdown';

/** VS Code's own theme colours for status bar items that warn or err. */
const LEVEL_COLORS: Readonly<Record<BudgetLevel, string | undefined>> = {
  ok: undefined,
  warning: 'statusBarItem.warningBackground',
  error: 'statusBarItem.errorBackground',
};

export interface Budget {
  readonly level: BudgetLevel;
  /** The theme colour id for the item's background; undefined when within the budget. */
  readonly color: string | undefined;
  /** Tooltip paragraphs (Markdown). */
  readonly lines: readonly string[];
}

/** `tokens` against `target` (see budgetTargetOf); `encoding` is what the count was made in (a note when the model reads another). */
export function measureBudget(tokens: number, target: BudgetTarget, thresholds: BudgetThresholds, encoding: string): Budget {
  const level = budgetLevel(tokens, target.contextWindow, thresholds);
  const lines = [
    vscode.l10n.t(
      '{0} context window: {1} of {2} tokens ({3}%)',
      escapeMarkdown(target.label),
      formatInteger(tokens),
      formatInteger(target.contextWindow),
      formatDecimal((100 * tokens) / target.contextWindow, 1),
    ),
  ];
  const standIn = standInNote(target, 'markdown');
  if (standIn) lines.push(standIn);
  if (level === 'warning') lines.push(vscode.l10n.t('Past the warning share of the context window ({0}%, `{1}`).', formatDecimal(thresholds.warning * 100, 0), settingId(Settings.budgetWarning)));
  if (level === 'error') lines.push(vscode.l10n.t('Past the error share of the context window ({0}%, `{1}`).', formatDecimal(thresholds.error * 100, 0), settingId(Settings.budgetError)));
  if (target.openModel) {
    // Open weights have no API price: another model's would cost tokens it does not read.
    lines.push(vscode.l10n.t('No input cost: {0} is an open model, with no API price.', escapeMarkdown(target.openModel.label)));
    return { level, color: LEVEL_COLORS[level], lines };
  }
  const { model } = target;
  const cost = inputCost(tokens, model);
  if (cost === undefined || !model.price) {
    lines.push(vscode.l10n.t('No price for {0} (add one in `{1}`).', escapeMarkdown(model.label), settingId(Settings.models)));
  } else {
    lines.push(
      vscode.l10n.t(
        'Estimated input cost: {0} at {1} per million input tokens (price of {2}).',
        formatDollars(cost),
        formatDollars(model.price.inputPerMillion),
        model.price.source ? `[${model.price.date}](${model.price.source})` : model.price.date,
      ),
    );
  }
  if (model.encoding !== encoding) lines.push(vscode.l10n.t('{0} reads `{1}`; this count is in `{2}`.', escapeMarkdown(model.label), model.encoding, encoding));
  return { level, color: LEVEL_COLORS[level], lines };
}

/** "$1,234.00", and two significant digits below a cent ("$0.0031"). */
function formatDollars(value: number): string {
  const small = value > 0 && value < 0.01;
  return new Intl.NumberFormat(vscode.env.language || 'en', {
    style: 'currency',
    currency: 'USD',
    ...(small ? { maximumSignificantDigits: 2 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  }).format(value);
}
