/**
 * model.merges read straight from a `tokenizer.json`'s bytes (see ./vocabularyScan.ts): each
 * item's halves are converted to token bytes and looked up in the vocabulary's hash tables, and
 * what the merge gives is kept as the join's id and the left part's length (./joinSplits.ts).
 * Undefined when any item is not plainly two tokens whose join is a token (JSON.parse's path
 * then decides and words the error).
 */
import { RankTable } from '../tokenizer/rankTable';
import type { Spare } from '../tokenizer/spare';
import { type FileWindow, itemAt } from './fileWindow';
import type { JoinedMergeData } from './joinedMerges';
import { DROPPED, type RankedSplits, joinSplits } from './joinSplits';
import { lastString, scanString, skipSpace } from './jsonScan';
import { SHORT_TOKEN_BYTES, ShortTokenTable } from './shortTokens';
import { MAX_MERGES } from './vocabulary';
import { type ScannedVocabulary, decodeString, textInto, tokenInto } from './vocabularyScan';

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

/** model.merges at `window.view[at]`, and the index after the array (in the view once read). */
export function scanMerges(window: FileWindow, at: number, byteLevel: boolean, vocabulary: ScannedVocabulary, spare?: Spare): { merges: ScannedMerges; end: number } | undefined {
  let file = window.view;
  if (file[at] !== 0x5b) return undefined;
  const { offsets, bytes, tokenCount } = vocabulary;
  const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes }, vocabulary.rankSlots);
  const short = new ShortTokenTable(tokenCount, offsets, bytes, spare);
  // Sized for the rest of the file (a merge takes more than 8 bytes to write; unwritten pages cost nothing).
  let results = new Int32Array(Math.max(1024, (window.size - window.base - at) >> 3));
  let splits = new Uint8Array(results.length);
  const longSplits = new Map<number, number>();
  let count = 0;
  let previousResult = -1;
  let ascending = true;
  // Per token: 1 once a run of merges giving it has started, 2 when the pairs of its merges must be checked together.
  const runs = new Uint8Array(tokenCount);
  let scattered = false;
  // Within a run: the rank each split was last seen at, and the run it was seen in.
  let run = 0;
  const seenInRun = new Int32Array(256);
  const seenAt = new Int32Array(256);
  // Halves too long for the short-token table, as rank × 2 (+ 1 for a right half): room for two a merge, touched only as far as written.
  let pending = new Int32Array(2 * results.length);
  let pendingCount = 0;
  const defer = (half: number): boolean => {
    if (pendingCount === pending.length) {
      const grown = new Int32Array(2 * pending.length);
      grown.set(pending);
      pending = grown;
    }
    pending[pendingCount++] = half;
    return true;
  };
  let scratch = new Uint8Array(1024);
  let i = skipSpace(file, at + 1);
  // Both halves' bytes go to scratch one after the other, so the join is scratch[0, left + right).
  const room = (rawLength: number) => {
    if (scratch.length < rawLength * 3) scratch = new Uint8Array(rawLength * 3);
  };
  const add = (left: number, right: number): boolean => {
    if (left <= 0 || right <= 0 || count >= MAX_MERGES) return false;
    // Longer halves are looked up after the scan, a batch at a time (see halvesAreTokens).
    if (left <= SHORT_TOKEN_BYTES ? short.lookup(scratch, 0, left) < 0 : !defer(2 * count)) return false;
    if (right <= SHORT_TOKEN_BYTES ? short.lookup(scratch, left, right) < 0 : !defer(2 * count + 1)) return false;
    // Results come in id order, each from one or more splits: try the last result and the next id (their bytes are at hand) before hashing.
    const length = left + right;
    const resultId = spells(previousResult, length) ? previousResult : spells(previousResult + 1, length) ? previousResult + 1 : table.lookup(scratch, 0, length);
    if (resultId < 0) return false;
    if (count === results.length) {
      const grown = new Int32Array(results.length * 2);
      grown.set(results);
      results = grown;
      const grownSplits = new Uint8Array(grown.length);
      grownSplits.set(splits);
      splits = grownSplits;
    }
    results[count] = resultId;
    if (resultId !== previousResult) {
      if (resultId < previousResult) ascending = false;
      run++;
      if (runs[resultId] !== 0) {
        runs[resultId] = 2;
        scattered = true;
      } else runs[resultId] = 1;
    }
    if (left > 255) {
      longSplits.set(count, left);
      runs[resultId] = 2;
      scattered = true;
    } else {
      // A pair listed again: Hugging Face keeps the last rank.
      if (seenInRun[left] === run) results[seenAt[left]] = DROPPED;
      splits[count] = left;
      seenInRun[left] = run;
      seenAt[left] = count;
    }
    count++;
    previousResult = resultId;
    return true;
  };
  /** Whether token `id` is scratch[0, length). */
  const spells = (id: number, length: number): boolean => {
    if (id < 0 || id >= tokenCount) return false;
    const start = offsets[id];
    if (offsets[id + 1] - start !== length) return false;
    for (let k = 0; k < length; k++) if (bytes[start + k] !== scratch[k]) return false;
    return true;
  };
  const pair = (leftStart: number, leftEnd: number, rightStart: number, rightEnd: number): boolean => {
    room(rightEnd - leftStart);
    const left = leftEnd > leftStart ? tokenInto(file, leftStart, leftEnd, byteLevel, scratch, 0) : -1;
    return left > 0 && rightEnd > rightStart && add(left, tokenInto(file, rightStart, rightEnd, byteLevel, scratch, left));
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
      i = itemAt(window, i);
      file = window.view;
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
          if (space < 0 || !pair(i + 1, space, space + 1, close)) return undefined;
        }
        i = skipSpace(file, close + 1);
      } else if (file[i] === 0x5b) {
        const leftOpen = skipSpace(file, i + 1);
        if (file[leftOpen] !== 0x22) return undefined;
        const leftClose = scanString(file, leftOpen);
        const comma = leftClose < 0 ? -1 : skipSpace(file, leftClose + 1);
        if (comma < 0 || file[comma] !== 0x2c) return undefined;
        const rightOpen = skipSpace(file, comma + 1);
        if (file[rightOpen] !== 0x22) return undefined;
        const rightClose = scanString(file, rightOpen);
        if (rightClose < 0 || !pair(leftOpen + 1, leftClose, rightOpen + 1, rightClose)) return undefined;
        i = skipSpace(file, rightClose + 1);
        if (file[i] !== 0x5d) return undefined;
        i = skipSpace(file, i + 1);
      } else return undefined;
      if (file[i] === 0x5d) break;
      if (file[i] !== 0x2c) return undefined;
      i = skipSpace(file, i + 1);
    }
  }
  const merges = { results: results.subarray(0, count), splits: splits.subarray(0, count), ascending, longSplits, scattered: scattered ? runs : undefined };
  if (!halvesAreTokens(pending.subarray(0, pendingCount), merges, table, offsets, bytes, vocabulary.rankSlots)) return undefined;
  if (spare) {
    short.releaseTo(spare);
    spare.release(pending);
  }
  return { merges, end: itemAt(window, i + 1) };
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

const BATCH = 32;

/**
 * Whether every half in `pending` (rank × 2, + 1 for a right half; a half's bytes are its result's
 * first or last ones) is a token. Each step of a lookup is taken for a whole batch before the next,
 * so their reads from memory overlap, where one lookup after another waits for each (a lookup
 * reads three places apart in several MB). A merge DROPPED has the halves of a later one.
 */
function halvesAreTokens(pending: Int32Array, { results, splits, longSplits }: ScannedMerges, table: RankTable, offsets: Uint32Array, bytes: Uint8Array, slots: Int32Array): boolean {
  const mask = slots.length - 1;
  const starts = new Int32Array(BATCH);
  const ends = new Int32Array(BATCH);
  const candidates = new Int32Array(BATCH);
  const candidateStarts = new Int32Array(BATCH);
  const candidateEnds = new Int32Array(BATCH);
  for (let base = 0; base < pending.length; base += BATCH) {
    const size = Math.min(BATCH, pending.length - base);
    for (let k = 0; k < size; k++) {
      const half = pending[base + k];
      const rank = half >>> 1;
      const result = results[rank];
      candidates[k] = -1;
      if (result < 0) continue;
      const cut = offsets[result] + (splits[rank] || (longSplits.get(rank) as number));
      const start = half & 1 ? cut : offsets[result];
      const end = half & 1 ? offsets[result + 1] : cut;
      starts[k] = start;
      ends[k] = end;
      // RankTable's hash.
      let hash = 0x811c9dc5;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
      candidates[k] = (hash ^ (hash >>> 15)) & mask;
    }
    for (let k = 0; k < size; k++) if (candidates[k] >= 0) candidates[k] = slots[candidates[k]];
    for (let k = 0; k < size; k++) {
      const candidate = candidates[k];
      candidateStarts[k] = candidate >= 0 ? offsets[candidate] : 0;
      candidateEnds[k] = candidate >= 0 ? offsets[candidate + 1] : 0;
    }
    for (let k = 0; k < size; k++) {
      const start = starts[k];
      const length = ends[k] - start;
      if (results[pending[base + k] >>> 1] < 0) continue;
      const at = candidateStarts[k];
      let same = candidates[k] >= 0 && candidateEnds[k] - at === length;
      for (let i = 0; same && i < length; i++) same = bytes[at + i] === bytes[start + i];
      // Not in its first slot: the whole lookup.
      if (!same && table.lookup(bytes, start, start + length) < 0) return false;
    }
  }
  return true;
}
