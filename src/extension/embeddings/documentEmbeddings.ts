import * as vscode from 'vscode';
import type { DocumentToken } from '../../core/incremental/tokenizedDocument';
import type { DocumentTokens } from '../documents/documentTokens';

/**
 * The document's tokens in `range` (all of it by default) with their positions in the whole
 * document — the positions the position embedding sees. Undefined when the document cannot
 * be tracked token by token (not text, or over the size limit).
 */
export async function documentTokensIn(
  documents: DocumentTokens,
  document: vscode.TextDocument,
  range?: vscode.Range,
  limit = Infinity,
): Promise<DocumentToken[] | undefined> {
  const state = await documents.whenComplete(document);
  if (state?.kind !== 'tracked') return undefined;
  const start = range ? document.offsetAt(range.start) : 0;
  const end = range ? document.offsetAt(range.end) : state.source.length;
  const tokens: DocumentToken[] = [];
  state.tokens.forEachToken(start, Math.max(end, start + 1), (token) => {
    if (tokens.length < limit) tokens.push(token);
  });
  return tokens;
}
