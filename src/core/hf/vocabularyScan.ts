/**
 * model.vocab read straight from a `tokenizer.json`'s bytes into the arrays readVocabulary
 * (./vocabulary.ts) builds, without JSON.parse materialising ~10^5 keys: token bytes are copied
 * (UTF-8) or mapped (byte-level) from the file by src/wasm/vocabularyScan.ts. Exact or nothing: any file this path is not sure
 * of (escapes it cannot decode alone, repeated keys, unusual numbers) answers undefined, and the
 * caller reads it with JSON.parse and readVocabulary, which decide and word the errors.
 */
import { MAX_HASH_CLASHES, MAX_HASH_RUN, RankTable, crowdedClashes, crowdedLongestRow, crowdedRow } from '../tokenizer/rankTable';
import { type FileWindow, itemAt } from './fileWindow';
import { LoadArena } from './loadArena';
import { loadScanner } from './loadScanner';
import { MAX_VOCABULARY, type VocabularyData } from './vocabulary';
import { scanWindow } from './windowScan';

/** model.vocab as read, before added tokens (whose ids may lie beyond it) are known. */
export interface ScannedVocabulary {
  /** The index after the vocab object, in the window's view once read. */
  readonly end: number;
  readonly tokenCount: number;
  readonly offsets: Uint32Array;
  /** How many entries `offsets` may grow to in place (withAddedIds). */
  readonly offsetsRoom: number;
  readonly bytes: Uint8Array;
  readonly unproducible: Map<number, string>;
  readonly rankSlots: Int32Array;
}

const decoder = new TextDecoder('utf-8');

/** The value of the (already checked) JSON string whose contents are file[start, end). */
export function decodeString(file: Uint8Array, start: number, end: number): string {
  return JSON.parse(decoder.decode(file.subarray(start - 1, end + 1))) as string;
}

/** Room for entries out of order the scanner starts with (it asks for more). */
const LATER_ENTRIES = 4096;

/**
 * The vocab object at `window.view[at]`, read by src/wasm/vocabularyScan.ts; undefined when this
 * path is not sure of it. The usual file lists ids 0, 1, 2…: their bytes go straight to their final
 * place; entries after the first one out of order are put in place at the end. Token bytes never
 * outnumber the key bytes that spell them, so the rest of the file bounds them (pages never
 * written cost nothing). Keys outside the byte-level alphabet are kept as text (unproducible).
 */
export function scanVocabulary(window: FileWindow, at: number, byteLevel: boolean, arena = LoadArena.forFile(window.size)): ScannedVocabulary | undefined {
  if (window.view[at] !== 0x7b) return undefined;
  const buffer = arena.uint8(window.size - window.base - at);
  // Token id k < ordered owns buffer[offsets[k], offsets[k+1]); an entry takes 6 bytes at least ("a":0,).
  const offsets = arena.uint32(Math.min(MAX_VOCABULARY, buffer.length >> 2) + 2);
  // From the first id out of order on: id, start in buffer, length (-1: not a byte-level token).
  let later = arena.int32(3 * LATER_ENTRIES);
  const scanner = loadScanner(arena);
  scanner.beginVocabulary(buffer.byteOffset, offsets.byteOffset, later.byteOffset, LATER_ENTRIES, MAX_VOCABULARY, byteLevel ? 1 : 0);
  const unproducible = new Map<number, string>();
  const unproducibleTexts = new Set<string>();
  const closing = scanWindow(window, at + 1, arena, {
    scan: (file, from, limit) => scanner.scanVocabulary(file, from, limit),
    closing: () => scanner.vocabularyEnd(),
    answer: (code, seen) => {
      if (code === -4) {
        const moved = arena.int32(2 * later.length);
        moved.set(later);
        later = moved;
        scanner.moveLater(later.byteOffset, later.length / 3);
      } else {
        const id = scanner.reportedId();
        const text = decodeString(seen, scanner.reportedOpen() + 1, scanner.reportedClose());
        if (unproducibleTexts.has(text) || unproducible.has(id)) return undefined; // two spellings of one key, or one id twice: JSON.parse decides
        unproducibleTexts.add(text);
        unproducible.set(id, text);
      }
      return scanner.resumeIndex();
    },
  });
  if (closing < 0) return undefined;
  const end = itemAt(window, closing + 1);
  const tokenCount = scanner.vocabularyTokenCount();
  const total = scanner.tokenBytes();
  const ordered = scanner.orderedCount();
  const laterCount = scanner.laterEntries();
  if (laterCount === 0) return finish(end, tokenCount, offsets.subarray(0, tokenCount + 1), offsets.length, buffer.subarray(0, total), unproducible, arena);
  const starts = new Int32Array(tokenCount).fill(-1);
  const lengths = new Int32Array(tokenCount);
  for (let id = 0; id < ordered; id++) {
    starts[id] = offsets[id];
    lengths[id] = offsets[id + 1] - offsets[id];
  }
  for (let k = 0; k < 3 * laterCount; k += 3) {
    const id = later[k];
    if (id < ordered || starts[id] !== -1) return undefined; // JSON.parse decides between repeated keys
    starts[id] = later[k + 2] >= 0 ? later[k + 1] : -2;
    lengths[id] = Math.max(later[k + 2], 0);
  }
  const inOrder = arena.uint32(tokenCount + 1);
  const bytes = arena.uint8(total);
  let written = 0;
  for (let id = 0; id < tokenCount; id++) {
    inOrder[id] = written;
    if (starts[id] >= 0) bytes.set(buffer.subarray(starts[id], starts[id] + lengths[id]), written);
    written += lengths[id];
  }
  inOrder[tokenCount] = written;
  return finish(end, tokenCount, inOrder, inOrder.length, bytes, unproducible, arena);
}

/** The hash table over the tokens: added tokens' ids beyond the vocab are holes, which take no slot, so it serves them too (see withAddedIds). */
function finish(end: number, tokenCount: number, offsets: Uint32Array, offsetsRoom: number, bytes: Uint8Array, unproducible: Map<number, string>, arena: LoadArena): ScannedVocabulary | undefined {
  // Two keys with the same bytes are two spellings of one key (JSON.parse keeps one): leave them to it.
  const rankSlots = uniqueSlots(arena, tokenCount, offsets, bytes);
  return rankSlots && { end, tokenCount, offsets, offsetsRoom, bytes, unproducible, rankSlots };
}

/** RankTable.uniqueSlots (the same table, the same answers), built by src/wasm/rankSlots.ts over the vocabulary in `arena`. */
function uniqueSlots(arena: LoadArena, tokenCount: number, offsets: Uint32Array, bytes: Uint8Array): Int32Array | undefined {
  const scanner = loadScanner(arena);
  const slots = arena.int32(RankTable.slotCount(tokenCount));
  const outcome = scanner.buildUniqueSlots(offsets.byteOffset, bytes.byteOffset, tokenCount, slots.byteOffset, slots.length, arena.int32(tokenCount).byteOffset, MAX_HASH_RUN, MAX_HASH_CLASHES);
  if (outcome === 1) return undefined;
  if (outcome === 2) throw crowdedRow();
  if (outcome === 3) throw crowdedClashes(scanner.clashingLength());
  const longest = scanner.longestRunOf(slots.byteOffset, slots.length);
  if (longest > MAX_HASH_RUN) throw crowdedLongestRow(longest);
  return slots;
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
    if (vocabulary.offsetsRoom > tokenCount) offsets = new Uint32Array(buffer, byteOffset, tokenCount + 1);
    else {
      offsets = new Uint32Array(tokenCount + 1);
      offsets.set(vocabulary.offsets);
    }
    offsets.fill(bytes.length, vocabulary.tokenCount + 1);
  }
  // Holes have no bytes, so no slot: the vocab's table, at most half full, serves them as it is.
  return { tokenCount, offsets, bytes, unproducible, merges, rankSlots: vocabulary.rankSlots };
}
