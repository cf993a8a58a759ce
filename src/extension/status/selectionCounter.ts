import * as vscode from 'vscode';
import type { TokenizerService } from '../tokenizerService';
import { Disposable } from '../util/dispose';
import { countInSlices } from '../util/slices';
import { selectedText } from '../util/selection';
import { type Listen, nextEvent } from '../util/waits';

export interface SelectionCount {
  readonly characters: number;
  /** Undefined while a large selection is still being counted. */
  readonly count: number | undefined;
}

/** Selections up to this size are counted at once; larger ones in slices. */
const IMMEDIATE_LIMIT = 100_000;

/**
 * Token count of the active editor's selection, tokenized on its own (what a model gets
 * if you send just the selection). Large selections count in slices; a new selection
 * cancels the count in progress.
 */
export class SelectionCounter extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private key = '';
  private result: SelectionCount | undefined;
  private generation = 0;

  constructor(private readonly tokenizer: TokenizerService) {
    super();
    this._register(tokenizer.onDidChange(() => (this.key = '')));
  }

  countFor(editor: vscode.TextEditor): SelectionCount | undefined {
    const encoder = this.tokenizer.encoder;
    const text = selectedText(editor);
    if (!encoder || text === undefined) return undefined;
    const key = `${editor.document.uri}|${editor.document.version}|${editor.selections.map((s) => `${s.start.line}:${s.start.character}-${s.end.line}:${s.end.character}`).join(',')}`;
    if (key === this.key) return this.result;
    this.key = key;
    const generation = ++this.generation;
    if (text.length <= IMMEDIATE_LIMIT) {
      this.result = { characters: text.length, count: encoder.count(text, this.tokenizer.options) };
      return this.result;
    }
    this.result = { characters: text.length, count: undefined };
    void countInSlices(encoder, text, this.tokenizer.options, () => generation !== this.generation || this.isDisposed).then((count) => {
      if (count === undefined) return;
      this.result = { characters: text.length, count };
      this.changed.fire();
    });
    return this.result;
  }

  /**
   * The count of the editor's current selection once known, counted in slices like the status bar's;
   * undefined without a selection or encoder, or once cancelled. A new selection or an edit counts anew.
   */
  async whenCounted(editor: vscode.TextEditor, cancellation?: vscode.CancellationToken): Promise<SelectionCount | undefined> {
    const stops: Listen<unknown>[] = cancellation ? [cancellation.onCancellationRequested] : [];
    for (;;) {
      if (this.isDisposed || cancellation?.isCancellationRequested) return undefined;
      const result = this.countFor(editor);
      if (result === undefined || result.count !== undefined) return result;
      const changes: Listen<unknown>[] = [
        vscode.window.onDidChangeTextEditorSelection,
        vscode.workspace.onDidChangeTextDocument,
        (listener) => this.onDidChange(listener),
      ];
      await nextEvent<unknown, undefined>((listener) => vscode.Disposable.from(...changes.map((change) => change(listener))), () => true, stops, undefined);
    }
  }
}
