/**
 * Which context window a count is measured against, for every place that shows one (the status bar,
 * Count Tokens, Compare Tokenizers, the Explorer view): core's budgetTarget over the tokenizer in use.
 */
import * as vscode from 'vscode';
import { type HfTokenizer, tokenizerBudgetTarget } from '../core/hf';
import type { BudgetTarget } from '../core/models';
import type { TextTokenizer } from '../core/tokenizer';
import type { Configuration } from './config';
import { Settings, settingId, settingLink } from './constants';
import { formatInteger } from './util/format';
import { escapeMarkdown } from './util/markdown';

export type { BudgetTarget };

/** How a surface shows text: as it is (notifications, tree tooltips, the log, the Compare view's escaped page), or as Markdown (the status bar tooltip). */
export type TextSurface = 'plain' | 'markdown';

/** Counts made with `encoder`: an open model's own window when its config says, else the `tokenLens.contextWindow` model's. */
export function budgetTargetOf(encoder: TextTokenizer | undefined, config: Pick<Configuration, 'model'>): BudgetTarget {
  return tokenizerBudgetTarget(config.model, encoder);
}

/** One line saying an open model's own window is unknown and whose stands in; undefined when it is known, or no open model is in use. */
export function standInNote(target: BudgetTarget, surface: TextSurface): string | undefined {
  const open = target.openModel;
  if (open?.unknownWhy === undefined) return undefined;
  // Backticks would show as they are on a plain surface; in Markdown the setting is a link to it.
  const markdown = surface === 'markdown';
  const setting = markdown ? settingLink(Settings.contextWindow) : settingId(Settings.contextWindow);
  const shown = (text: string) => (markdown ? escapeMarkdown(text) : text);
  return vscode.l10n.t("The context window of {0} is unknown ({1}): measured against {2}'s ({3}).", shown(open.label), shown(open.unknownWhy), shown(target.label), setting);
}

/** For the log, when an open model is loaded: its window and where it was read, or why it is unknown. */
export function contextLengthLine(tokenizer: HfTokenizer): string {
  const length = tokenizer.contextLength;
  if (length?.known) return vscode.l10n.t('{0}: context window of {1} tokens ({2})', tokenizer.name, formatInteger(length.tokens), length.from);
  return vscode.l10n.t('{0}: context window unknown ({1}); budgets use the model of {2}', tokenizer.name, length?.why ?? '—', settingId(Settings.contextWindow));
}
