import * as vscode from 'vscode';
import { tokenizeWindow } from '../../core/incremental/scan';
import type { DocumentState } from '../documents/documentTokens';

/** A token in view, with its position in the document's token sequence when known. */
export interface VisibleToken {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  /** Index in the document's tokens, or undefined where only nearby text was tokenized. */
  readonly index: number | undefined;
}

/** Lines above and below the viewport that are decorated too, so scrolling shows no gaps. */
const MARGIN_LINES = 30;

/** Offset ranges covering the editor's visible ranges plus a margin, merged. */
export function visibleOffsetRanges(editor: vscode.TextEditor): [number, number][] {
  const document = editor.document;
  const ranges: [number, number][] = [];
  // An editor that has not been laid out yet reports no visible ranges: assume its top.
  const visible = editor.visibleRanges.length > 0 ? editor.visibleRanges : [new vscode.Range(0, 0, 60, 0)];
  for (const range of visible) {
    const first = Math.max(0, range.start.line - MARGIN_LINES);
    const last = Math.min(document.lineCount - 1, range.end.line + MARGIN_LINES);
    const start = document.offsetAt(new vscode.Position(first, 0));
    const end = document.offsetAt(document.lineAt(last).rangeIncludingLineBreak.end);
    const previous = ranges[ranges.length - 1];
    if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

/**
 * The tokens overlapping [start, end): from the document's tracked tokens where the first
 * pass has reached, else by tokenizing the nearby text on its own.
 */
export function tokensInRange(state: DocumentState, start: number, end: number): VisibleToken[] {
  const found: VisibleToken[] = [];
  let windowFrom = start;
  if (state.kind === 'tracked') {
    const frontier = state.tokens.frontier;
    state.tokens.forEachToken(start, Math.min(end, frontier), (token) => found.push(token));
    if (end <= frontier) return found;
    windowFrom = Math.max(start, frontier);
  }
  const { tokens } = tokenizeWindow(state.encoder, state.source, windowFrom, end, state.options);
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.ends[i] <= windowFrom || tokens.starts[i] >= end) continue;
    found.push({ id: tokens.ids[i], start: tokens.starts[i], end: tokens.ends[i], index: undefined });
  }
  return found;
}
