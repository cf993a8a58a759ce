/**
 * model.vocab and model.merges read straight from a `tokenizer.json`'s bytes into the arrays
 * readVocabulary (./vocabulary.ts) builds, without JSON.parse materialising ~10^5 keys and
 * strings: token bytes are copied (UTF-8) or mapped (byte-level) from the file, merges are
 * looked up by bytes in the token hash table. Exact or nothing: any file this path is not sure
 * of (escapes it cannot decode alone, repeated keys, unusual numbers, a name not in the
 * vocabulary) answers undefined, and the caller reads it with JSON.parse and readVocabulary,
 * which decide and word the errors.
 */
import { RankTable } from '../tokenizer/rankTable';
import { encodeUtf8Into } from '../tokenizer/utf8';
import { lastString, scanId, scanString, skipSpace } from './jsonScan';
import { CHAR_TO_BYTE, MAX_MERGES, MAX_VOCABULARY, type VocabularyData, byteLevelInto } from './vocabulary';

type Span = readonly [number, number];

/** Three growable Int32 columns, one row per vocab entry or merge. */
class Rows {
  count = 0;
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
  /** `expected` rows are allocated up front (untouched pages of a fresh array cost nothing). */
  constructor(expected: number) {
    this.a = new Int32Array(Math.max(1024, expected));
    this.b = new Int32Array(this.a.length);
    this.c = new Int32Array(this.a.length);
  }
  push(a: number, b: number, c: number): void {
    if (this.count === this.a.length) {
      const grow = (column: Int32Array) => {
        const grown = new Int32Array(column.length * 2);
        grown.set(column);
        return grown;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.c = grow(this.c);
    }
    this.a[this.count] = a;
    this.b[this.count] = b;
    this.c[this.count++] = c;
  }
}

/** Converts a JSON string's value to token bytes at `out[at]`: its length; -1 when it is no byte-level token; -2 when this path cannot be sure. */
function tokenInto(file: Uint8Array, start: number, end: number, escaped: boolean, byteLevel: boolean, out: Uint8Array, at: number): number {
  if (escaped) return textInto(decodeString(file, start, end), byteLevel, out, at);
  if (!byteLevel) {
    for (let i = start; i < end; i++) out[at + i - start] = file[i];
    return end - start;
  }
  let n = at;
  for (let i = start; i < end; i++) {
    let c = file[i];
    if (c >= 0x80) {
      if (c >= 0xc8) return -1; // U+0200 and above: outside the byte alphabet
      c = ((c & 0x1f) << 6) | (file[++i] & 0x3f);
    }
    const b = CHAR_TO_BYTE[c];
    if (b < 0) return -1;
    out[n++] = b;
  }
  return n - at;
}

/** tokenInto for a decoded string. A lone surrogate (UTF-8 cannot hold it) is left to JSON.parse's path. */
function textInto(text: string, byteLevel: boolean, out: Uint8Array, at: number): number {
  if (byteLevel) return byteLevelInto(text, out, at);
  return /\p{Cs}/u.test(text) ? -2 : encodeUtf8Into(text, 0, text.length, out.subarray(at));
}

const decoder = new TextDecoder('utf-8');

/** The value of the (already checked) JSON string whose contents are file[start, end). */
function decodeString(file: Uint8Array, start: number, end: number): string {
  return JSON.parse(decoder.decode(file.subarray(start - 1, end + 1))) as string;
}

export function scanVocabulary(file: Uint8Array, vocabSpan: Span, mergesSpan: Span | undefined, byteLevel: boolean, addedIds: Iterable<number>): VocabularyData | undefined {
  const [vocabStart, vocabEnd] = vocabSpan;
  // Token bytes never outnumber the key bytes that spell them (an escape is longer than what it stands for).
  const buffer = new Uint8Array(vocabEnd - vocabStart);
  const entries = new Rows((vocabEnd - vocabStart) >> 4); // id, start in buffer (or the key's quote in the file), length (-1: not a byte-level token)
  const number = { at: 0 };
  let total = 0;
  let tokenCount = 0;
  let i = skipSpace(file, vocabStart + 1);
  if (file[vocabStart] !== 0x7b) return undefined;
  if (file[i] !== 0x7d) {
    for (;;) {
      if (file[i] !== 0x22) return undefined;
      const open = i;
      const close = scanString(file, open);
      if (close < 0 || close === open + 1) return undefined;
      const escaped = lastString.escaped;
      i = skipSpace(file, close + 1);
      if (file[i] !== 0x3a) return undefined;
      const id = scanId(file, skipSpace(file, i + 1), number);
      if (id < 0 || id >= MAX_VOCABULARY || entries.count >= MAX_VOCABULARY) return undefined;
      const length = tokenInto(file, open + 1, close, escaped, byteLevel, buffer, total);
      if (length === -2) return undefined;
      if (length < 0) entries.push(id, open, -1);
      else {
        entries.push(id, total, length);
        total += length;
      }
      if (id >= tokenCount) tokenCount = id + 1;
      i = skipSpace(file, number.at);
      if (file[i] === 0x7d) break;
      if (file[i] !== 0x2c) return undefined;
      i = skipSpace(file, i + 1);
    }
  }
  if (i + 1 !== vocabEnd) return undefined;
  for (const id of addedIds) tokenCount = Math.max(tokenCount, id + 1);

  const starts = new Int32Array(tokenCount).fill(-1);
  const lengths = new Int32Array(tokenCount);
  const unproducible = new Map<number, string>();
  const unproducibleTexts = new Set<string>();
  const { a: ids, b: at, c: sizes } = entries;
  for (let k = 0; k < entries.count; k++) {
    const id = ids[k];
    if (starts[id] !== -1 || unproducible.has(id)) return undefined; // JSON.parse decides between repeated keys
    if (sizes[k] >= 0) {
      starts[id] = at[k];
      lengths[id] = sizes[k];
      continue;
    }
    const text = decodeString(file, at[k] + 1, scanString(file, at[k]));
    if (unproducibleTexts.has(text)) return undefined;
    unproducibleTexts.add(text);
    unproducible.set(id, text);
  }
  const offsets = new Uint32Array(tokenCount + 1);
  const bytes = new Uint8Array(total);
  let end = 0;
  for (let id = 0; id < tokenCount; id++) {
    offsets[id] = end;
    for (let k = starts[id], stop = k + lengths[id]; k < stop; k++) bytes[end++] = buffer[k];
  }
  offsets[tokenCount] = end;
  // Two keys with the same bytes are two spellings of one key (JSON.parse keeps one): leave them to it.
  const rankSlots = RankTable.uniqueSlots({ tokenCount, offsets, bytes });
  if (!rankSlots) return undefined;
  const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes }, rankSlots);
  const merges = mergesSpan ? scanMerges(file, mergesSpan, byteLevel, table) : new Int32Array(0);
  return merges && { tokenCount, offsets, bytes, unproducible, merges, rankSlots };
}

/** model.merges as [left, right, result] ids by rank; undefined when any item is not plainly two tokens whose join is a token. */
function scanMerges(file: Uint8Array, [start, end]: Span, byteLevel: boolean, table: RankTable): Int32Array | undefined {
  if (file[start] !== 0x5b) return undefined;
  const rows = new Rows((end - start) >> 4);
  let scratch = new Uint8Array(1024);
  let i = skipSpace(file, start + 1);
  // Both halves' bytes go to scratch one after the other, so the join is scratch[0, left + right).
  const room = (rawLength: number) => {
    if (scratch.length < rawLength * 3) scratch = new Uint8Array(rawLength * 3);
  };
  const add = (left: number, right: number): boolean => {
    if (left <= 0 || right <= 0 || rows.count >= MAX_MERGES) return false;
    const leftId = table.lookup(scratch, 0, left);
    const rightId = table.lookup(scratch, left, left + right);
    const resultId = table.lookup(scratch, 0, left + right);
    if (leftId < 0 || rightId < 0 || resultId < 0) return false;
    rows.push(leftId, rightId, resultId);
    return true;
  };
  const pair = (leftStart: number, leftEnd: number, leftEscaped: boolean, rightStart: number, rightEnd: number, rightEscaped: boolean): boolean => {
    room(rightEnd - leftStart);
    const left = leftEnd > leftStart ? tokenInto(file, leftStart, leftEnd, leftEscaped, byteLevel, scratch, 0) : -1;
    return left > 0 && rightEnd > rightStart && add(left, tokenInto(file, rightStart, rightEnd, rightEscaped, byteLevel, scratch, left));
  };
  const spelledPair = (open: number, close: number): boolean => {
    room(close - open);
    const halves = decodeString(file, open + 1, close).split(' ');
    if (halves.length !== 2 || halves[0] === '' || halves[1] === '') return false;
    const left = textInto(halves[0], byteLevel, scratch, 0);
    return left > 0 && add(left, textInto(halves[1], byteLevel, scratch, left));
  };
  if (file[i] !== 0x5d) {
    for (;;) {
      if (file[i] === 0x22) {
        const close = scanString(file, i);
        if (close < 0) return undefined;
        if (lastString.escaped) {
          if (!spelledPair(i, close)) return undefined;
        } else {
          let space = -1;
          for (let k = i + 1; k < close; k++) {
            if (file[k] !== 0x20) continue;
            if (space >= 0) return undefined;
            space = k;
          }
          if (space < 0 || !pair(i + 1, space, false, space + 1, close, false)) return undefined;
        }
        i = skipSpace(file, close + 1);
      } else if (file[i] === 0x5b) {
        const leftOpen = skipSpace(file, i + 1);
        if (file[leftOpen] !== 0x22) return undefined;
        const leftClose = scanString(file, leftOpen);
        const leftEscaped = lastString.escaped;
        const comma = leftClose < 0 ? -1 : skipSpace(file, leftClose + 1);
        if (comma < 0 || file[comma] !== 0x2c) return undefined;
        const rightOpen = skipSpace(file, comma + 1);
        if (file[rightOpen] !== 0x22) return undefined;
        const rightClose = scanString(file, rightOpen);
        if (rightClose < 0 || !pair(leftOpen + 1, leftClose, leftEscaped, rightOpen + 1, rightClose, lastString.escaped)) return undefined;
        i = skipSpace(file, rightClose + 1);
        if (file[i] !== 0x5d) return undefined;
        i = skipSpace(file, i + 1);
      } else return undefined;
      if (file[i] === 0x5d) break;
      if (file[i] !== 0x2c) return undefined;
      i = skipSpace(file, i + 1);
    }
  }
  if (i + 1 !== end) return undefined;
  const { a: lefts, b: rights, c: results } = rows;
  const merges = new Int32Array(rows.count * 3);
  for (let rank = 0; rank < rows.count; rank++) {
    merges[3 * rank] = lefts[rank];
    merges[3 * rank + 1] = rights[rank];
    merges[3 * rank + 2] = results[rank];
  }
  return merges;
}
