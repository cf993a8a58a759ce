import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';

/**
 * The text editor the user last had active. While a webview (the Compare view itself) has focus,
 * `activeTextEditor` is undefined, though the editor beside it still shows the text meant.
 */
export class LastTextEditor extends Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor() {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => editor && (this.last = editor)));
    // Its tab moved or its group split: the editor object is replaced by another on the same document.
    this._register(
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        if (this.last && !editors.includes(this.last)) this.last = editors.find((editor) => editor.document === this.last?.document) ?? this.last;
      }),
    );
  }

  /** The active text editor, else the last one active while its document is open, else a visible one. */
  get editor(): vscode.TextEditor | undefined {
    const last = this.last && !this.last.document.isClosed ? this.last : undefined;
    return vscode.window.activeTextEditor ?? last ?? vscode.window.visibleTextEditors[0];
  }
}
