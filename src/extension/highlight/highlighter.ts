import * as vscode from 'vscode';
import { isWhitespaceOnly } from '../../core/text/visible';
import type { Configuration } from '../config';
import { Settings, settingId } from '../constants';
import type { DocumentTokens } from '../documents/documentTokens';
import { Disposable } from '../util/dispose';
import { TokenDecorationTypes } from './decorationTypes';
import { type VisibleToken, tokensInRange, visibleOffsetRanges } from './visibleTokens';

/** What was last drawn in an editor (read by tests through the extension's API). */
export interface HighlightSnapshot {
  readonly version: number;
  readonly tokens: readonly { readonly start: number; readonly end: number; readonly id: number; readonly style: string }[];
  readonly spaceMarkers: number;
  readonly lineBreakMarkers: number;
  /** Tokens drawn dimmed because they are past the context window. */
  readonly outsideContext: number;
}

/** Delay after edits and scrolling before decorations are recomputed. */
const EDIT_DELAY_MS = 30;
const SCROLL_DELAY_MS = 15;

/**
 * Live token highlighting: every token in view gets a palette background (neighbours
 * differ), special tokens their own style, whitespace-only tokens a marker.
 */
export class Highlighter extends Disposable {
  private types: TokenDecorationTypes;
  private enabledNow: boolean;
  private readonly enabledChanged = this._register(new vscode.EventEmitter<void>());
  /** Fires when highlighting is turned on or off. */
  readonly onDidChangeEnabled = this.enabledChanged.event;
  private readonly timers = new Map<vscode.TextEditor, ReturnType<typeof setTimeout>>();
  private readonly snapshots = new WeakMap<vscode.TextDocument, HighlightSnapshot>();
  /** Token index from which tokens are outside the model's context window (none by default). */
  private contextLimit: number | undefined;

  constructor(
    private readonly documents: DocumentTokens,
    private readonly config: Configuration,
  ) {
    super();
    this.types = new TokenDecorationTypes();
    this.enabledNow = config.highlightByDefault;
    this._register({ dispose: () => this.types.dispose() });
    this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll(0)));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges((event) => this.schedule(event.textEditor, SCROLL_DELAY_MS)));
    this._register(
      documents.onDidChange((document) => {
        for (const editor of vscode.window.visibleTextEditors) {
          if (editor.document === document) this.schedule(editor, EDIT_DELAY_MS);
        }
      }),
    );
    this._register(
      config.onDidChange((event) => {
        if (event.affectsConfiguration(settingId(Settings.highlightEnabled))) this.setEnabled(config.highlightByDefault);
        if (event.affectsConfiguration(settingId(Settings.whitespaceMarkers))) this.refreshAll(0);
      }),
    );
    this.refreshAll(0);
  }

  get enabled(): boolean {
    return this.enabledNow;
  }

  setEnabled(enabled: boolean): void {
    this.enabledNow = enabled;
    this.refreshAll(0);
    this.enabledChanged.fire();
  }

  /** Tokens from `index` on are outside the context window and drawn dimmed. */
  setContextLimit(index: number | undefined): void {
    if (index === this.contextLimit) return;
    this.contextLimit = index;
    this.refreshAll(0);
  }

  snapshot(document: vscode.TextDocument): HighlightSnapshot | undefined {
    return this.snapshots.get(document);
  }

  refreshAll(delay: number): void {
    for (const editor of vscode.window.visibleTextEditors) this.schedule(editor, delay);
  }

  private schedule(editor: vscode.TextEditor, delay: number): void {
    clearTimeout(this.timers.get(editor));
    this.timers.set(
      editor,
      setTimeout(() => {
        this.timers.delete(editor);
        if (!this.isDisposed) this.draw(editor);
      }, delay),
    );
  }

  private draw(editor: vscode.TextEditor): void {
    const document = editor.document;
    const state = this.enabledNow ? this.documents.get(document) : undefined;
    if (!state) {
      for (const type of this.types.all) editor.setDecorations(type, []);
      if (!this.enabledNow) this.snapshots.delete(document);
      return;
    }
    const palette: vscode.Range[][] = this.types.palette.map(() => []);
    const special: vscode.Range[] = [];
    const spaces: vscode.Range[] = [];
    const lineBreaks: vscode.Range[] = [];
    const outside: vscode.Range[] = [];
    const drawn: HighlightSnapshot['tokens'][number][] = [];
    const markers = this.config.whitespaceMarkers;
    for (const [start, end] of visibleOffsetRanges(editor)) {
      const tokens = tokensInRange(state, start, end);
      if (tokens.length === 0) continue;
      const textStart = tokens[0].start;
      const text = state.source.slice(textStart, tokens[tokens.length - 1].end);
      tokens.forEach((token, local) => {
        const range = new vscode.Range(document.positionAt(token.start), document.positionAt(token.end));
        const isSpecial = state.encoder.isSpecial(token.id);
        const colour = (token.index ?? local) % palette.length;
        (isSpecial ? special : palette[colour]).push(range);
        drawn.push({ start: token.start, end: token.end, id: token.id, style: isSpecial ? 'special' : `token${colour + 1}` });
        if (this.contextLimit !== undefined && token.index !== undefined && token.index >= this.contextLimit) outside.push(range);
        if (markers) addWhitespaceMarkers(document, token, text.slice(token.start - textStart, token.end - textStart), spaces, lineBreaks);
      });
    }
    this.types.palette.forEach((type, i) => editor.setDecorations(type, palette[i]));
    editor.setDecorations(this.types.special, special);
    editor.setDecorations(this.types.spaceMarker, spaces);
    editor.setDecorations(this.types.lineBreakMarker, lineBreaks);
    editor.setDecorations(this.types.outsideContext, outside);
    this.snapshots.set(document, {
      version: document.version,
      tokens: drawn,
      spaceMarkers: spaces.length,
      lineBreakMarkers: lineBreaks.length,
      outsideContext: outside.length,
    });
  }
}

/** Markers for a whitespace-only token: a dot at its start (spaces, tabs), "↵" at each line end it holds. */
function addWhitespaceMarkers(
  document: vscode.TextDocument,
  token: VisibleToken,
  text: string,
  spaces: vscode.Range[],
  lineBreaks: vscode.Range[],
): void {
  if (!isWhitespaceOnly(text)) return;
  if (text[0] !== '\n' && text[0] !== '\r') {
    const at = document.positionAt(token.start);
    spaces.push(new vscode.Range(at, at.translate(0, 1)));
  }
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    const line = document.positionAt(token.start + i).line;
    const end = document.lineAt(line).range.end;
    lineBreaks.push(new vscode.Range(end, end));
  }
}
