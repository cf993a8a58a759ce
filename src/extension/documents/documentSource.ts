import * as vscode from 'vscode';
import type { TextSource } from '../../core/incremental/restart';

/** A TextDocument as core's TextSource: length and slices by UTF-16 offset. */
export class DocumentSource implements TextSource {
  private cachedVersion = -1;
  private cachedLength = 0;

  constructor(readonly document: vscode.TextDocument) {}

  get length(): number {
    const document = this.document;
    if (document.version !== this.cachedVersion) {
      this.cachedVersion = document.version;
      this.cachedLength = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    }
    return this.cachedLength;
  }

  slice(start: number, end: number): string {
    const document = this.document;
    const from = document.positionAt(start);
    const to = document.positionAt(end);
    let text = document.getText(new vscode.Range(from, to));
    // positionAt clamps an offset between "\r" and "\n" to before the "\r": put the "\r" right.
    if (document.offsetAt(from) !== start) text = text.slice(1);
    if (document.offsetAt(to) !== end) text += '\r';
    return text;
  }
}

/** The schemes of documents a person writes (the hover is offered for these alone). */
export const TEXT_SCHEMES: readonly string[] = [
  'file',
  'untitled',
  'vscode-remote',
  'vscode-vfs',
  'vscode-userdata',
  'vscode-notebook-cell',
  'memfs',
  'vscode-test-web',
];
const textSchemes = new Set(TEXT_SCHEMES);

/** Why a document is not tokenized: not text a person writes (output panels, git views), or binary opened as text; undefined when it is. */
export function untokenizableReason(document: vscode.TextDocument): 'notText' | 'binary' | undefined {
  if (!textSchemes.has(document.uri.scheme)) return 'notText';
  const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 200), 0)).slice(0, 8192);
  return head.includes('\0') ? 'binary' : undefined;
}

/** Text a person writes: not output panels, git views or binary files opened as text. */
export function isTokenizable(document: vscode.TextDocument): boolean {
  return untokenizableReason(document) === undefined;
}
