/**
 * model.merges read straight from a `tokenizer.json`'s bytes (see ./vocabularyScan.ts) by the loop
 * in src/wasm/mergesScan.ts, compiled to WebAssembly: the hottest part of a first load, where
 * JavaScript spent most of its time still unoptimised or waiting on memory. Each item's halves
 * are converted to token bytes and looked up in the vocabulary's hash tables, and what the merge
 * gives is kept as the join's id and the left part's length (./joinSplits.ts). Undefined when any
 * item is not plainly two tokens whose join is a token (JSON.parse's path then decides and words
 * the error).
 */
import { RankTable } from '../tokenizer/rankTable';
import type { Spare } from '../tokenizer/spare';
import { type FileWindow, itemAt } from './fileWindow';
import type { JoinedMergeData } from './joinedMerges';
import { DROPPED, type RankedSplits, joinSplits } from './joinSplits';
import { LoadArena } from './loadArena';
import { type LoadScanner, loadScanner } from './loadScanner';
import { MAX_MERGES } from './vocabulary';
import type { ScannedVocabulary } from './vocabularyScan';
import { scanWindow, seenBytes } from './windowScan';

/** The merges as read: every result is its halves joined. */
export interface ScannedMerges extends RankedSplits {
  /** By rank, left parts longer than 255 bytes (their split is 0). */
  readonly longSplits: Map<number, number>;
  /**
   * Per token, 2 when its merges may repeat a pair across runs (they came in more than one run,
   * or with a long split): pairs repeated within a run are DROPPED already. Undefined when none is.
   */
  readonly scattered: Uint8Array | undefined;
}

/**
 * The scanner over `arena`'s memory set up for `vocabulary` (its arrays copied in when they are
 * elsewhere) and items of `itemBytes` at most.
 */
export function mergesScanner(arena: LoadArena, vocabulary: Pick<ScannedVocabulary, 'tokenCount' | 'offsets' | 'bytes' | 'rankSlots'>, itemBytes: number): LoadScanner {
  const scanner = loadScanner(arena);
  const { tokenCount } = vocabulary;
  const offsets = arena.holds(vocabulary.offsets) ? vocabulary.offsets : copied(arena.uint32(tokenCount + 1), vocabulary.offsets);
  const bytes = arena.holds(vocabulary.bytes) ? vocabulary.bytes : copied(arena.uint8(vocabulary.bytes.length), vocabulary.bytes);
  const slots = arena.holds(vocabulary.rankSlots) ? vocabulary.rankSlots : copied(arena.int32(vocabulary.rankSlots.length), vocabulary.rankSlots);
  // The short-token table at most half full, so a probe mostly ends at its first slot.
  let shortBits = 4;
  while (1 << shortBits < 2 * scanner.countShortTokens(offsets.byteOffset, tokenCount)) shortBits++;
  const shortSlots = arena.int32(2 << shortBits);
  scanner.setup(offsets.byteOffset, bytes.byteOffset, tokenCount, slots.byteOffset, slots.length, shortSlots.byteOffset, shortBits, arena.uint8(itemBytes).byteOffset);
  return scanner;
}

/**
 * model.merges at `window.view[at]`, and the index after the array (in the view once read): read by
 * src/wasm/mergesScan.ts from the window, with the vocabulary's arrays where `arena` holds them.
 */
export function scanMerges(window: FileWindow, at: number, byteLevel: boolean, vocabulary: ScannedVocabulary, arena = LoadArena.forFile(window.size)): { merges: ScannedMerges; end: number } | undefined {
  if (window.view[at] !== 0x5b) return undefined;
  const scanner = mergesScanner(arena, vocabulary, seenBytes(window, at, arena));
  // Room for every merge the rest of the file can hold (one takes 5 bytes at least: "a b",), touched only as far as written.
  const room = Math.min(MAX_MERGES, Math.ceil((window.size - window.base - at) / 5) + 1);
  const results = arena.int32(room);
  const splits = arena.uint8(room);
  const runs = arena.uint8(vocabulary.tokenCount);
  const longRoom = Math.ceil(room / 51) + 1; // a left part over 255 bytes takes that many of the file's
  const longs = arena.int32(2 * longRoom);
  scanner.begin(results.byteOffset, splits.byteOffset, runs.byteOffset, longs.byteOffset, longRoom, room, arena.int32(512).byteOffset, byteLevel ? 1 : 0);
  const closing = scanWindow(window, at + 1, arena, { scan: (file, from, limit) => scanner.scan(file, from, limit), closing: () => scanner.closingBracket() });
  if (closing < 0 || !scanner.halvesAreTokens()) return undefined;
  const count = scanner.mergeCount();
  const longSplits = new Map<number, number>();
  for (let k = 0; k < scanner.longSplitCount(); k++) longSplits.set(longs[2 * k], longs[2 * k + 1]);
  const merges = { results: results.subarray(0, count), splits: splits.subarray(0, count), ascending: scanner.isAscending() !== 0, longSplits, scattered: scanner.isScattered() ? runs : undefined };
  return { merges, end: itemAt(window, closing + 1) };
}

function copied<T extends Uint8Array | Int32Array | Uint32Array>(into: T, from: ArrayLike<number>): T {
  into.set(from);
  return into;
}

/**
 * The scanned merges joined to the vocabulary they were read with (`tokenCount` may reach beyond
 * it, to added tokens' ids): a pair listed twice keeps its last rank, as Hugging Face does.
 */
export function joinScannedMerges(merges: ScannedMerges, tokenCount: number, offsets: Uint32Array, bytes: Uint8Array, rankSlots: Int32Array, spare?: Spare): JoinedMergeData {
  dropRepeatedPairs(merges);
  // Tokens without bytes: no merge gives them or takes them (a scanned merge's tokens all have bytes, all different).
  const odd = new Uint8Array((tokenCount + 7) >> 3);
  for (let t = 0; t < tokenCount; t++) if (offsets[t + 1] === offsets[t]) odd[t >> 3] |= 1 << (t & 7);
  const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes }, rankSlots);
  const pairOf = (rank: number, split: number): [number, number] => {
    const result = merges.results[rank];
    const at = offsets[result] + (split || (merges.longSplits.get(rank) as number));
    return [table.lookup(bytes, offsets[result], at), table.lookup(bytes, at, offsets[result + 1])];
  };
  return joinSplits(merges, tokenCount, odd, pairOf, spare);
}

/** Marks DROPPED each rank whose pair (result and split) is listed again later, among the results scattered over several runs. */
function dropRepeatedPairs({ results, splits, longSplits, scattered }: ScannedMerges): void {
  if (!scattered) return;
  const last = new Map<number, number>();
  for (let rank = 0; rank < results.length; rank++) {
    const result = results[rank];
    if (result < 0 || scattered[result] !== 2) continue;
    const key = result * 2 ** 32 + (splits[rank] || (longSplits.get(rank) as number));
    const earlier = last.get(key);
    if (earlier !== undefined) results[earlier] = DROPPED;
    last.set(key, rank);
  }
}
