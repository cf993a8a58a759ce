import * as vscode from 'vscode';
import type { DocumentTokens } from '../documents/documentTokens';
import { Disposable } from '../util/dispose';
import { type Scope, scopeOf } from './panelContent';

/** What the follower asks of the panel. */
export interface FollowerListener {
  /** Show the tokens of `scope` in `editor` (undefined: there is no text editor). */
  refresh(editor: vscode.TextEditor | undefined, scope: Scope): void;
  /** Highlight the tokens under the editor's selection. */
  highlight(editor: vscode.TextEditor): void;
  /** Whether the editor's non-empty selections all lie inside the tokens shown. */
  covers(editor: vscode.TextEditor): boolean;
}

const EDITOR_DELAY_MS = 50;
const SELECTION_DELAY_MS = 150;
const EDIT_DELAY_MS = 300;

/**
 * Follows the active text editor and its selection, debounced. A new editor, a selection reaching
 * outside the tokens shown, or a selection that goes away changes what the panel shows; a selection
 * inside the tokens shown (the panel's own clicks make those) or a cursor move only highlights.
 * The panel keeps the last text editor while it has focus itself.
 */
export class PanelFollower extends Disposable {
  private followed: vscode.TextEditor | undefined;
  private scope: Scope = { kind: 'document' };
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    documents: DocumentTokens,
    private readonly listener: FollowerListener,
  ) {
    super();
    this.followed = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (this.followed) this.scope = scopeOf(this.followed);
    this._register({ dispose: () => (clearTimeout(this.refreshTimer), clearTimeout(this.highlightTimer)) });
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || editor === this.followed) return;
        this.followed = editor;
        this.scope = scopeOf(editor);
        this.scheduleRefresh(EDITOR_DELAY_MS);
      }),
    );
    this._register(
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        // The followed editor was replaced (its tab moved, the group split): follow another on the same document.
        // Hidden behind a non-text editor, it keeps being shown.
        if (this.followed && !editors.includes(this.followed)) this.followed = editors.find((editor) => editor.document === this.followed?.document) ?? this.followed;
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document !== this.followed?.document) return;
        this.followed = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
        this.scope = this.followed ? scopeOf(this.followed) : { kind: 'document' };
        this.scheduleRefresh(EDITOR_DELAY_MS);
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((event) => {
        const editor = event.textEditor;
        if (editor !== this.followed) return;
        const selected = editor.selections.some((selection) => !selection.isEmpty);
        // Nothing selected any more: back to the whole document. A selection outside the tokens shown: show it.
        if ((!selected && this.scope.kind === 'selection') || (selected && !this.listener.covers(editor))) {
          this.scope = scopeOf(editor);
          this.scheduleRefresh(SELECTION_DELAY_MS);
        } else {
          this.scheduleHighlight(SELECTION_DELAY_MS);
        }
      }),
    );
    this._register(
      documents.onDidChange((document) => {
        if (document !== this.followed?.document) return;
        // After an edit, a selection scope follows the selection if there still is one.
        if (this.scope.kind === 'selection' && this.followed.selections.some((selection) => !selection.isEmpty)) this.scope = scopeOf(this.followed);
        this.scheduleRefresh(EDIT_DELAY_MS);
      }),
    );
  }

  get editor(): vscode.TextEditor | undefined {
    return this.followed;
  }

  /** Follow `editor` with the scope its selection asks for (the panel was asked for again). */
  follow(editor: vscode.TextEditor | undefined): void {
    this.followed = editor ?? this.followed;
    if (this.followed) this.scope = scopeOf(this.followed);
    this.scheduleRefresh(0);
  }

  /** Refresh now, keeping the scope (the webview is (re)loaded, the source changed). */
  refreshNow(): void {
    this.scheduleRefresh(0);
  }

  /** Show the whole document again. */
  showDocument(): void {
    this.scope = { kind: 'document' };
    this.scheduleRefresh(0);
  }

  private scheduleRefresh(delay: number): void {
    clearTimeout(this.refreshTimer);
    clearTimeout(this.highlightTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (!this.isDisposed) this.listener.refresh(this.followed, this.scope);
    }, delay);
  }

  private scheduleHighlight(delay: number): void {
    if (this.refreshTimer !== undefined) return; // the pending refresh highlights too
    clearTimeout(this.highlightTimer);
    this.highlightTimer = setTimeout(() => {
      const editor = this.followed;
      if (editor && !this.isDisposed) this.listener.highlight(editor);
    }, delay);
  }
}
