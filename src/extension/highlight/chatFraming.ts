/** The tokens a chat request adds around its messages (roles, names, function definitions), in their own themable colour. */
import * as vscode from 'vscode';
import type { ChatViews } from '../chat/chatViews';
import { Colors } from '../constants';
import { Disposable } from '../util/dispose';

const EDIT_DELAY_MS = 150;

export class ChatFramingHighlighter extends Disposable {
  private readonly type = this._register(
    vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor(Colors.chatFramingBackground),
      borderRadius: '2px',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );
  private readonly drawn = new WeakMap<vscode.TextDocument, readonly { readonly start: number; readonly end: number }[]>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly chats: ChatViews,
    private readonly enabled: () => boolean,
    onDidChangeEnabled: vscode.Event<void>,
    onDidChangeTokenizer: vscode.Event<void>,
  ) {
    super();
    this._register({ dispose: () => clearTimeout(this.timer) });
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.schedule(0)));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => vscode.window.visibleTextEditors.some((editor) => editor.document === event.document) && this.schedule(EDIT_DELAY_MS)));
    this._register(vscode.workspace.onDidOpenTextDocument(() => this.schedule(0)));
    this._register(onDidChangeEnabled(() => this.schedule(0)));
    this._register(onDidChangeTokenizer(() => this.schedule(0)));
    this._register(chats.onDidChange(() => this.schedule(0)));
    this.schedule(0);
  }

  /** The framing ranges (document offsets) last drawn in the document, for tests. */
  framing(document: vscode.TextDocument): readonly { readonly start: number; readonly end: number }[] | undefined {
    return this.drawn.get(document);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  private refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      const view = this.enabled() ? this.chats.get(document) : undefined;
      // Priming sits, empty, at a request's end: nothing to colour.
      const ranges = [...new Map((view?.count.framingParts ?? []).filter((part) => part.range.end > part.range.start).map((part) => [`${part.range.start}:${part.range.end}`, part.range])).values()];
      editor.setDecorations(
        this.type,
        ranges.map((range) => new vscode.Range(document.positionAt(range.start), document.positionAt(range.end))),
      );
      if (view) this.drawn.set(document, ranges);
      else this.drawn.delete(document);
    }
  }
}
