/**
 * model.vocab read straight from a `tokenizer.json`'s bytes into the arrays readVocabulary
 * (./vocabulary.ts) builds, without JSON.parse materialising ~10^5 keys: token bytes are copied
 * (UTF-8) or mapped (byte-level) from the file. Exact or nothing: any file this path is not sure
 * of (escapes it cannot decode alone, repeated keys, unusual numbers) answers undefined, and the
 * caller reads it with JSON.parse and readVocabulary, which decide and word the errors.
 */
import { RankTable } from '../tokenizer/rankTable';
import type { Spare } from '../tokenizer/spare';
import { encodeUtf8Into } from '../tokenizer/utf8';
import { type FileWindow, itemAt } from './fileWindow';
import { scanId, scanString, skipSpace } from './jsonScan';
import { CHAR_TO_BYTE, MAX_VOCABULARY, type VocabularyData, byteLevelInto } from './vocabulary';

/** model.vocab as read, before added tokens (whose ids may lie beyond it) are known. */
export interface ScannedVocabulary {
  /** The index after the vocab object, in the window's view once read. */
  readonly end: number;
  readonly tokenCount: number;
  readonly offsets: Uint32Array;
  readonly bytes: Uint8Array;
  readonly unproducible: Map<number, string>;
  readonly rankSlots: Int32Array;
}

/** What the one-character escapes (\" \\ \/ \b \f \n \r \t) stand for, by the byte after the backslash; -1 for \u and the rest. */
const SHORT_ESCAPES = (() => {
  const table = new Int16Array(256).fill(-1);
  for (const [escape, value] of [['"', 0x22], ['\\', 0x5c], ['/', 0x2f], ['b', 0x08], ['f', 0x0c], ['n', 0x0a], ['r', 0x0d], ['t', 0x09]] as const) table[escape.charCodeAt(0)] = value;
  return table;
})();

/**
 * Converts a JSON string's value (checked already by scanString) to token bytes at `out[at]`: its
 * length; -1 when it is no byte-level token; -2 when this path cannot be sure. One-character escapes
 * are decoded on the way (Gemma 3's file has 26,000: \n, \t, \", \\); a \u escape decodes the string whole.
 */
export function tokenInto(file: Uint8Array, start: number, end: number, byteLevel: boolean, out: Uint8Array, at: number): number {
  let n = at;
  if (!byteLevel) {
    for (let i = start; i < end; i++) {
      let c = file[i];
      if (c === 0x5c && (c = SHORT_ESCAPES[file[++i]]) < 0) return textInto(decodeString(file, start, end), false, out, at);
      out[n++] = c;
    }
    return n - at;
  }
  for (let i = start; i < end; i++) {
    let c = file[i];
    if (c === 0x5c) {
      if ((c = SHORT_ESCAPES[file[++i]]) < 0) return textInto(decodeString(file, start, end), true, out, at);
    } else if (c >= 0x80) {
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
export function textInto(text: string, byteLevel: boolean, out: Uint8Array, at: number): number {
  if (byteLevel) return byteLevelInto(text, out, at);
  return /\p{Cs}/u.test(text) ? -2 : encodeUtf8Into(text, 0, text.length, out.subarray(at));
}

const decoder = new TextDecoder('utf-8');

/** The value of the (already checked) JSON string whose contents are file[start, end). */
export function decodeString(file: Uint8Array, start: number, end: number): string {
  return JSON.parse(decoder.decode(file.subarray(start - 1, end + 1))) as string;
}

/**
 * Walks the vocab object at `window.view[at]`, calling `visit(file, id, open, close)`
 * per entry (the key's quotes in `file`, the view of the moment; false stops the walk): the
 * index after the object, or -1.
 */
function walkVocabulary(window: FileWindow, at: number, visit: (file: Uint8Array, id: number, open: number, close: number) => boolean): number {
  let file = window.view;
  if (file[at] !== 0x7b) return -1;
  const number = { at: 0 };
  let count = 0;
  let i = skipSpace(file, at + 1);
  for (;;) {
    i = itemAt(window, i);
    file = window.view;
    if (file[i] === 0x7d && count === 0) return itemAt(window, i + 1);
    if (file[i] !== 0x22) return -1;
    const open = i;
    const close = scanString(file, open);
    if (close < 0 || close === open + 1) return -1;
    i = skipSpace(file, close + 1);
    if (file[i] !== 0x3a) return -1;
    const id = scanId(file, skipSpace(file, i + 1), number);
    if (id < 0 || id >= MAX_VOCABULARY || ++count > MAX_VOCABULARY || !visit(file, id, open, close)) return -1;
    i = skipSpace(file, number.at);
    if (file[i] === 0x7d) return itemAt(window, i + 1);
    if (file[i] !== 0x2c) return -1;
    i = skipSpace(file, i + 1);
  }
}

/**
 * The vocab object at `window.view[at]`; undefined when this path is not sure of it. The usual file
 * lists ids 0, 1, 2…: their bytes go straight to their final place; entries after the first one out
 * of order are put in place at the end. Token bytes never outnumber the key bytes that spell them, so
 * the rest of the file bounds them (pages of a fresh array that are never written cost nothing).
 */
export function scanVocabulary(window: FileWindow, at: number, byteLevel: boolean, spare?: Spare): ScannedVocabulary | undefined {
  const buffer = new Uint8Array(window.size - window.base - at);
  // Token id k < ordered owns buffer[offsets[k], offsets[k+1]); an entry takes 6 bytes at least ("a":0,).
  const offsets = new Uint32Array(Math.min(MAX_VOCABULARY, buffer.length >> 2) + 2);
  let ordered = 0;
  const later: number[] = []; // from the first id out of order on: id, start in buffer, length (-1: not a byte-level token)
  const unproducible = new Map<number, string>();
  const unproducibleTexts = new Set<string>();
  let total = 0;
  let tokenCount = 0;
  const end = walkVocabulary(window, at, (file, id, open, close) => {
    const length = tokenInto(file, open + 1, close, byteLevel, buffer, total);
    if (length === -2) return false;
    if (length < 0) {
      const text = decodeString(file, open + 1, close);
      if (unproducibleTexts.has(text) || unproducible.has(id)) return false; // two spellings of one key, or one id twice: JSON.parse decides
      unproducibleTexts.add(text);
      unproducible.set(id, text);
    } else total += length;
    if (id >= tokenCount) tokenCount = id + 1;
    if (id === ordered && later.length === 0) offsets[++ordered] = total;
    else later.push(id, total - Math.max(length, 0), length);
    return true;
  });
  if (end < 0) return undefined;
  if (later.length === 0) return finish(end, tokenCount, offsets.subarray(0, tokenCount + 1), buffer.subarray(0, total), unproducible, spare);
  const starts = new Int32Array(tokenCount).fill(-1);
  const lengths = new Int32Array(tokenCount);
  for (let id = 0; id < ordered; id++) {
    starts[id] = offsets[id];
    lengths[id] = offsets[id + 1] - offsets[id];
  }
  for (let k = 0; k < later.length; k += 3) {
    const id = later[k];
    if (id < ordered || starts[id] !== -1) return undefined; // JSON.parse decides between repeated keys
    starts[id] = later[k + 2] >= 0 ? later[k + 1] : -2;
    lengths[id] = Math.max(later[k + 2], 0);
  }
  const inOrder = new Uint32Array(tokenCount + 1);
  const bytes = new Uint8Array(total);
  let written = 0;
  for (let id = 0; id < tokenCount; id++) {
    inOrder[id] = written;
    if (starts[id] >= 0) bytes.set(buffer.subarray(starts[id], starts[id] + lengths[id]), written);
    written += lengths[id];
  }
  inOrder[tokenCount] = written;
  return finish(end, tokenCount, inOrder, bytes, unproducible, spare);
}

/** The hash table over the tokens: added tokens' ids beyond the vocab are holes, which take no slot, so it serves them too (see withAddedIds). */
function finish(end: number, tokenCount: number, offsets: Uint32Array, bytes: Uint8Array, unproducible: Map<number, string>, spare?: Spare): ScannedVocabulary | undefined {
  // Two keys with the same bytes are two spellings of one key (JSON.parse keeps one): leave them to it.
  const rankSlots = RankTable.uniqueSlots({ tokenCount, offsets, bytes }, RankTable.slotCount(tokenCount), spare);
  return rankSlots && { end, tokenCount, offsets, bytes, unproducible, rankSlots };
}

/** The vocabulary with room for the added tokens' ids (beyond model.vocab they are holes BPE never produces). */
export function withAddedIds(vocabulary: ScannedVocabulary, merges: Int32Array, addedIds: Iterable<number>): VocabularyData | undefined {
  let tokenCount = vocabulary.tokenCount;
  for (const id of addedIds) tokenCount = Math.max(tokenCount, id + 1);
  const { bytes, unproducible } = vocabulary;
  let offsets = vocabulary.offsets;
  if (tokenCount > vocabulary.tokenCount) {
    // Grown in place when the scan's array has room (it is sized for the file, and its pages past the vocab were never touched).
    const { buffer, byteOffset } = vocabulary.offsets;
    const room = (buffer.byteLength - byteOffset) / Uint32Array.BYTES_PER_ELEMENT;
    if (room > tokenCount) offsets = new Uint32Array(buffer, byteOffset, tokenCount + 1);
    else {
      offsets = new Uint32Array(tokenCount + 1);
      offsets.set(vocabulary.offsets);
    }
    offsets.fill(bytes.length, vocabulary.tokenCount + 1);
  }
  // Holes have no bytes, so no slot: the vocab's table, at most half full, serves them as it is.
  return { tokenCount, offsets, bytes, unproducible, merges, rankSlots: vocabulary.rankSlots };
}
