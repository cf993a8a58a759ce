import * as vscode from 'vscode';
import { type FramingPart, framingTokenFlags } from '../../core/chat';
import type { DocumentToken } from '../../core/incremental/tokenizedDocument';
import { visibleWhitespace } from '../../core/text/visible';
import type { PanelToken } from '../../protocol';
import type { DocumentTokens } from '../documents/documentTokens';

/** What the panel shows: the first tokens of the document or of the selection, in order. */
export interface ShownTokens {
  readonly document: vscode.TextDocument;
  readonly version: number;
  readonly scope: 'selection' | 'document';
  readonly encoding: string;
  /** The shown tokens with their offsets; `index` is the position in the document. */
  readonly tokens: readonly DocumentToken[];
  readonly panelTokens: readonly PanelToken[];
  /** Tokens in the scope, shown or not. */
  readonly total: number;
  readonly characters: number;
  /** Document offsets the shown tokens cover. */
  readonly start: number;
  readonly end: number;
}

/** A part of the document: [start, end) in offsets, or all of it. */
export type Scope = { readonly kind: 'document' } | { readonly kind: 'selection'; readonly start: number; readonly end: number };

/** The scope an editor's selections ask for: their span when any is non-empty, else the document. */
export function scopeOf(editor: vscode.TextEditor): Scope {
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  if (selections.length === 0) return { kind: 'document' };
  const offsets = selections.flatMap((selection) => [editor.document.offsetAt(selection.start), editor.document.offsetAt(selection.end)]);
  return { kind: 'selection', start: Math.min(...offsets), end: Math.max(...offsets) };
}

/**
 * The tokens of `scope` (the first `maxTokens` of them), or a reason there are none: the document
 * is not text, or too large to be tracked token by token. Tokens in the document's chat framing (asked
 * for once the tokens are known, so both read the same text) are marked.
 */
export async function collectTokens(
  documents: DocumentTokens,
  document: vscode.TextDocument,
  scope: Scope,
  maxTokens: number,
  framingOf: (document: vscode.TextDocument) => readonly FramingPart[] | undefined = () => undefined,
): Promise<ShownTokens | { readonly reason: 'untokenizable' | 'large' }> {
  const state = await documents.whenComplete(document);
  if (!state) return { reason: 'untokenizable' };
  if (state.kind !== 'tracked') return { reason: 'large' };
  const length = state.source.length;
  const start = scope.kind === 'selection' ? Math.min(scope.start, length) : 0;
  const end = scope.kind === 'selection' ? Math.min(Math.max(scope.end, start), length) : length;
  const tokens: DocumentToken[] = [];
  // An empty scope still shows the token under it; otherwise the tokens overlapping the scope. The first
  // maxTokens are visited, the rest only counted (blocks at once: a 10 MB document has millions).
  const until = Math.max(end, start + 1);
  const total = state.tokens.countTokens(start, until);
  state.tokens.forEachToken(start, until, (token) => void tokens.push(token), maxTokens);
  const first = tokens[0]?.start ?? start;
  const last = tokens[tokens.length - 1]?.end ?? end;
  const text = state.source.slice(first, last);
  const framed = framingTokenFlags(tokens, framingOf(document) ?? []);
  const panelTokens = tokens.map((token, i): PanelToken => {
    const raw = text.slice(token.start - first, token.end - first);
    // Tokens that share a character hold only some of its bytes: show those bytes.
    const partial = (i > 0 && tokens[i - 1].end > token.start) || (i + 1 < tokens.length && tokens[i + 1].start < token.end);
    return {
      index: token.index,
      id: token.id,
      text: partial ? byteText(state.encoder.tokenBytes(token.id)) : visibleWhitespace(raw),
      lineBreaks: partial ? 0 : countLineBreaks(raw),
      special: state.encoder.isSpecial(token.id),
      partial,
      framing: framed[i],
    };
  });
  return {
    document,
    version: document.version,
    scope: scope.kind,
    encoding: state.encoder.name,
    tokens,
    panelTokens,
    total,
    characters: end - start,
    start: first,
    end: last,
  };
}

/** A token's bytes when they are only part of a character: ASCII as itself (made visible), others as \xE2. */
function byteText(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => (byte < 0x80 ? visibleWhitespace(String.fromCharCode(byte)) : `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Whether every non-empty selection lies inside the shown tokens (then it highlights instead of re-scoping). */
export function covers(shown: ShownTokens | undefined, editor: vscode.TextEditor): boolean {
  if (!shown || shown.document !== editor.document) return false;
  return editor.selections.every((selection) => {
    if (selection.isEmpty) return true;
    return editor.document.offsetAt(selection.start) >= shown.start && editor.document.offsetAt(selection.end) <= shown.end;
  });
}

/** Indices of the shown tokens the editor's selections overlap, or the token at each cursor. */
export function highlightedIndices(shown: ShownTokens, editor: vscode.TextEditor): number[] {
  if (shown.document !== editor.document) return [];
  const found = new Set<number>();
  for (const selection of editor.selections) {
    const start = editor.document.offsetAt(selection.start);
    const end = editor.document.offsetAt(selection.end);
    for (const token of shown.tokens) {
      const hit = selection.isEmpty ? token.start <= start && start < token.end : token.end > start && token.start < end;
      if (hit) found.add(token.index);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The editor range of a token. */
export function tokenRange(document: vscode.TextDocument, token: DocumentToken): vscode.Range {
  return new vscode.Range(document.positionAt(token.start), document.positionAt(token.end));
}
