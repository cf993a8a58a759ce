/**
 * A BPE model's vocabulary and merges, compiled from `tokenizer.json` into flat arrays: token
 * bytes by id (the layout of ../tokenizer/rankFile.ts, so ../tokenizer/rankTable.ts looks
 * them up) and merges as [left, right, result] ids by rank.
 *
 * Byte-level files spell bytes with GPT-2's printable alphabet ("Ġ" is the space byte); their
 * tokens are stored as the bytes they stand for. Other files' tokens are stored as UTF-8.
 */
import { encodeUtf8Into } from '../tokenizer/utf8';
import type { Field } from './json';

export interface VocabularyData {
  /** Largest id + 1 (ids may have holes). */
  readonly tokenCount: number;
  /** Token id k owns bytes[offsets[k], offsets[k+1]); empty for holes and tokens BPE cannot produce. */
  readonly offsets: Uint32Array;
  readonly bytes: Uint8Array;
  /** Tokens BPE cannot produce from bytes (e.g. "<｜begin▁of▁sentence｜>" in a byte-level file): their text. */
  readonly unproducible: ReadonlyMap<number, string>;
  /** [left, right, result] per merge rank (empty when the tables came from a cache, which keeps only what merging reads). */
  readonly merges: Int32Array;
  /** The token hash table (RankTable.hashSlots), when reading already built it. */
  readonly rankSlots?: Int32Array;
}

export const MAX_VOCABULARY = 1 << 22;
export const MAX_MERGES = 1 << 23;

/** GPT-2's byte → printable character table, and its inverse (character code → byte, -1 elsewhere). */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const chars: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    chars[b] = String.fromCharCode(printable ? b : 256 + extra++);
  }
  return chars;
})();
export const CHAR_TO_BYTE = (() => {
  const table = new Int16Array(512).fill(-1);
  BYTE_TO_CHAR.forEach((char, b) => (table[char.charCodeAt(0)] = b));
  return table;
})();

/** Writes a byte-level token's bytes at `out[at]`; -1 when a character is outside the alphabet. */
export function byteLevelInto(token: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const b = c < 512 ? CHAR_TO_BYTE[c] : -1;
    if (b < 0) return -1;
    out[at + i] = b;
  }
  return token.length;
}

export function readVocabulary(model: Field, byteLevel: boolean, addedIds: Iterable<number>): VocabularyData {
  const vocabField = model.get('vocab');
  // The parsed object serves as the token → id map: JSON.parse makes every key an own property,
  // and a read of a missing key yields no number, so no Map copy is needed.
  const vocab = vocabField.object() as Record<string, number>;
  let tokenCount = 0;
  let size = 0;
  let capacity = 0;
  for (const token in vocab) {
    const id = vocab[token];
    if (!Number.isSafeInteger(id) || id < 0 || id >= MAX_VOCABULARY) vocabField.get(token).fail(`an id from 0 to ${MAX_VOCABULARY - 1}`);
    if (++size > MAX_VOCABULARY) vocabField.fail(`at most ${MAX_VOCABULARY} tokens`);
    if (id >= tokenCount) tokenCount = id + 1;
    capacity += token.length * 3;
  }
  for (const id of addedIds) tokenCount = Math.max(tokenCount, id + 1);

  // One pass: each token's bytes straight into one buffer (3 bytes per UTF-16 unit at most).
  const buffer = new Uint8Array(capacity);
  const starts = new Int32Array(tokenCount).fill(-1);
  const lengths = new Int32Array(tokenCount);
  const unproducible = new Map<number, string>();
  let total = 0;
  for (const token in vocab) {
    const id = vocab[token];
    if (starts[id] !== -1 || unproducible.has(id)) throw vocabField.get(token).problem(`id ${id} is given to two tokens`);
    const length = byteLevel ? byteLevelInto(token, buffer, total) : encodeUtf8Into(token, 0, token.length, buffer.subarray(total));
    if (length < 0) unproducible.set(id, token);
    else {
      starts[id] = total;
      lengths[id] = length;
      total += length;
    }
  }
  const offsets = new Uint32Array(tokenCount + 1);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (let id = 0; id < tokenCount; id++) {
    offsets[id] = at;
    if (starts[id] >= 0) {
      bytes.set(buffer.subarray(starts[id], starts[id] + lengths[id]), at);
      at += lengths[id];
    }
  }
  offsets[tokenCount] = at;
  return { tokenCount, offsets, bytes, unproducible, merges: readMerges(model.get('merges'), vocab) };
}

function readMerges(field: Field, vocab: Readonly<Record<string, number>>): Int32Array {
  if (field.isMissing()) return new Int32Array(0);
  const list = field.array(MAX_MERGES);
  const merges = new Int32Array(list.length * 3);
  for (let rank = 0; rank < list.length; rank++) {
    const item = list[rank];
    let left = '';
    let right = '';
    if (typeof item === 'string') {
      const space = item.indexOf(' ');
      if (space < 0 || item.indexOf(' ', space + 1) >= 0) field.at(rank).fail('two tokens separated by one space');
      left = item.slice(0, space);
      right = item.slice(space + 1);
    } else if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string') {
      [left, right] = item;
    } else field.at(rank).fail('"left right" or ["left", "right"]');
    const leftId = vocab[left];
    const rightId = vocab[right];
    const resultId = vocab[left + right];
    if (typeof leftId !== 'number' || typeof rightId !== 'number' || typeof resultId !== 'number') {
      const missing = typeof leftId !== 'number' ? left : typeof rightId !== 'number' ? right : left + right;
      throw field.at(rank).problem(`token ${JSON.stringify(missing)} is not in model.vocab`);
    }
    merges[3 * rank] = leftId;
    merges[3 * rank + 1] = rightId;
    merges[3 * rank + 2] = resultId;
  }
  return merges;
}
