import * as vscode from 'vscode';
import { HfTokenizer } from '../../core/hf';
import { budgetTargetOf } from '../budgetTarget';
import type { ChatViews } from '../chat/chatViews';
import type { Configuration } from '../config';
import { Commands, OPEN_SETTINGS_COMMAND, Settings, StatusBarId, settingId } from '../constants';
import { untokenizableReason } from '../documents/documentSource';
import type { DocumentTokens } from '../documents/documentTokens';
import { type TokenizerService, modelLabel } from '../tokenizerService';
import { Disposable } from '../util/dispose';
import { formatDecimal, formatInteger } from '../util/format';
import { codeSpan } from '../util/markdown';
import { type Budget, measureBudget } from './budget';
import type { SelectionCounter } from './selectionCounter';

/** Whether tokens are highlighted, and when that changes (the Highlighter). */
export interface HighlightingState {
  readonly enabled: boolean;
  readonly onDidChangeEnabled: vscode.Event<void>;
}

/** The icon when highlighting is off (one codicon, in place of the usual one). */
const OFF_ICON = '$(eye-closed)';

/**
 * "$(symbol-key) 1,234 tokens" for the active document, "37 / 1,234 tokens" with a
 * selection; the tooltip explains the figures, and says when highlighting is off or partial and why
 * (toggled off, the setting, a binary document, the size limit). Click to change the tokenizer.
 */
export class StatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending update is due (performance.now()). */
  private due = 0;

  constructor(
    private readonly documents: DocumentTokens,
    private readonly tokenizer: TokenizerService,
    private readonly config: Configuration,
    private readonly selections: SelectionCounter,
    private readonly chats: ChatViews,
    private readonly highlighting: HighlightingState,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem(StatusBarId, vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t('Token Lens');
    this.item.command = Commands.selectTokenizer;
    this._register({ dispose: () => clearTimeout(this.timer) });
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)));
    this._register(vscode.window.onDidChangeTextEditorSelection((event) => event.textEditor === vscode.window.activeTextEditor && this.schedule(50)));
    this._register(documents.onDidChange((document) => document === vscode.window.activeTextEditor?.document && this.schedule(100)));
    this._register(tokenizer.onDidChange(() => this.schedule(0)));
    this._register(tokenizer.onDidChangeOpening(() => this.schedule(0)));
    this._register(selections.onDidChange(() => this.schedule(0)));
    this._register(config.onDidChange(() => this.schedule(0)));
    this._register(highlighting.onDidChangeEnabled(() => this.schedule(0)));
    this._register(chats.onDidChange(() => this.schedule(0)));
    this.schedule(0);
  }

  /** The status text as shown (for tests). */
  get text(): string | undefined {
    return this.item.text;
  }

  get tooltip(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  }

  /** The commands the tooltip's links may run (for tests: whether a setting link is live). */
  get tooltipCommands(): readonly string[] {
    const trusted = typeof this.item.tooltip === 'string' ? undefined : this.item.tooltip?.isTrusted;
    return trusted === true ? ['*'] : trusted ? trusted.enabledCommands : [];
  }

  get visible(): boolean {
    return this.shown;
  }

  /** The theme colour id of the background, undefined for none (for tests: ThemeColor hides its id). */
  get background(): string | undefined {
    return this.backgroundId;
  }

  private backgroundId: string | undefined;

  private shown = false;

  /**
   * Updates within `delay` ms. An update already due sooner stays: a stream of changes (every slice
   * of a long background pass fires one) must not keep pushing it back, or the progress would show
   * only once the pass ends.
   */
  private schedule(delay: number): void {
    const due = performance.now() + delay;
    if (this.timer !== undefined && this.due <= due) return;
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, delay);
  }

  private hide(): void {
    this.item.hide();
    this.shown = false;
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.hide();
    const opening = this.tokenizer.opening;
    if (opening !== undefined) {
      // The tokenizer before stays in use (highlighting, hover) until this one is ready.
      this.show(`$(sync~spin) ${modelLabel(opening)}`, vscode.l10n.t('Opening the model {0}…', opening));
      return;
    }
    if (this.tokenizer.loading) {
      void this.tokenizer.load();
      this.show(`$(sync~spin) ${this.tokenizer.encodingName}`, vscode.l10n.t('Loading the {0} vocabulary…', this.tokenizer.encodingName));
      return;
    }
    if (this.tokenizer.loadError) {
      this.show(`$(error) ${this.tokenizer.encodingName}`, this.tokenizer.loadError);
      return;
    }
    const state = this.documents.get(editor.document);
    if (!state) {
      if (untokenizableReason(editor.document) !== 'binary') return this.hide();
      const why = vscode.l10n.t('Highlighting is off: this document looks binary (it holds NUL bytes), so Token Lens does not tokenize it.');
      this.show(`${OFF_ICON} ${vscode.l10n.t('Not tokenized')}`, `**${vscode.l10n.t('Token Lens')}**\n\n${why}`);
      return;
    }
    const count = this.documents.count(state);
    const characters = state.source.length;
    const selection = this.selections.countFor(editor);
    const lines: string[] = [`**${vscode.l10n.t('Token Lens')}** · \`${state.encoder.name}\``, ''];
    const off = this.highlighting.enabled ? undefined : this.offReason();
    if (off) lines.push(off, '');
    let text: string;
    let budget: Budget | undefined;
    if (count === undefined) {
      const percent = Math.floor(this.documents.progress(state) * 100);
      text = `$(sync~spin) ${vscode.l10n.t('{0}% tokenized', percent)}`;
      lines.push(vscode.l10n.t('Tokenizing {0} characters in the background ({1}% done)…', formatInteger(characters), percent));
    } else {
      // A chat request counts as the API bills it: its messages plus the framing around them.
      const chat = this.chats.get(editor.document)?.count;
      const billed = chat?.total ?? count;
      const tokens = chat ? vscode.l10n.t('{0} chat tokens', formatInteger(billed)) : vscode.l10n.t('{0} tokens', formatInteger(billed));
      const icon = off ? OFF_ICON : chat ? '$(comment-discussion)' : '$(symbol-key)';
      text = selection?.count !== undefined ? `${icon} ${formatInteger(selection.count)} / ${tokens}` : `${icon} ${tokens}`;
      if (chat) {
        lines.push(
          `**${vscode.l10n.t('Chat request')}**: ${vscode.l10n.t('{0} tokens: {1} content + {2} framing', formatInteger(chat.total), formatInteger(chat.content), formatInteger(chat.framing))}`,
          '',
        );
      }
      lines.push(
        vscode.l10n.t('Document: {0} tokens, {1} characters', formatInteger(count), formatInteger(characters)),
        '',
        vscode.l10n.t('{0} characters per token', count > 0 ? formatDecimal(characters / count, 2) : '—'),
      );
      budget = measureBudget(billed, budgetTargetOf(state.encoder, this.config), this.config.budgetThresholds, state.encoder.name);
      for (const line of budget.lines) lines.push('', line);
    }
    if (selection) {
      lines.push(
        '',
        selection.count === undefined
          ? vscode.l10n.t('Selection: counting {0} characters…', formatInteger(selection.characters))
          : vscode.l10n.t('Selection: {0} tokens, {1} characters', formatInteger(selection.count), formatInteger(selection.characters)),
      );
    }
    if (state.kind === 'large') {
      lines.push(
        '',
        vscode.l10n.t(
          'Highlighting is partial: only the text in view, as the document is larger than `{0}` ({1} characters); its count is computed in the background.',
          settingId(Settings.maxDocumentSize),
          formatInteger(this.config.maxDocumentSize),
        ),
      );
    }
    if (state.encoder instanceof HfTokenizer) {
      const { prefix, suffix } = state.encoder.templateTokens;
      const added = [...prefix, ...suffix].map(codeSpan);
      if (added.length > 0) lines.push('', vscode.l10n.t('Counts leave out what the model adds around every input: {0}', added.join(', ')));
    }
    lines.push('', vscode.l10n.t('Click to change the tokenizer.'));
    // The colour follows whichever of the document and the selection is further into the window.
    const level = budget && selection?.count !== undefined && selection.count > (count ?? 0) ? measureBudget(selection.count, budgetTargetOf(state.encoder, this.config), this.config.budgetThresholds, state.encoder.name) : budget;
    this.show(text, lines.join('\n'), level?.color);
  }

  /** Why highlighting is off: the setting, or Toggle Token Highlighting. */
  private offReason(): string {
    return this.config.highlightByDefault
      ? vscode.l10n.t('Highlighting is off: turned off with Toggle Token Highlighting (run it again to turn it on).')
      : vscode.l10n.t('Highlighting is off: `{0}` is false.', settingId(Settings.highlightEnabled));
  }

  private show(text: string, tooltip: string, background?: string): void {
    this.item.text = text;
    this.item.backgroundColor = background === undefined ? undefined : new vscode.ThemeColor(background);
    this.backgroundId = background;
    const markdown = new vscode.MarkdownString(tooltip);
    // Links to a setting (see settingLink) may run; no other command can, whatever a model's files put in the text.
    markdown.isTrusted = { enabledCommands: [OPEN_SETTINGS_COMMAND] };
    this.item.tooltip = markdown;
    this.item.show();
    this.shown = true;
  }
}
