/**
 * The joined form of a merge list (see joinedMerges.ts) from what each rank gives: the token and
 * its left part's byte length. Both readers of `tokenizer.json` end here: the scan straight from
 * the file's bytes (which never needs the halves' ids) and buildJoinedMerges from [left, right,
 * result] triples. Passes are flat loops over typed arrays of a few bytes a merge: a load's cost is
 * mostly the memory it touches.
 */
import type { Spare } from '../tokenizer/spare';
import { type JoinedMergeData, SPLIT_BLOCK } from './joinedMerges';

/** results[rank] for a pair listed again at a higher rank (Hugging Face keeps the last): no merge at all. */
export const DROPPED = -1;

/** Per rank: what the merge gives. */
export interface RankedSplits {
  /** The id the merge gives, or DROPPED. */
  readonly results: Int32Array;
  /** The left part's byte length (1–255) when the result is the halves joined and can be listed; 0 keeps the merge explicit. Reused: joinSplits compacts it into the listed splits. */
  readonly splits: Uint8Array;
  /** Whether results never decrease with the rank (DROPPED aside): then every merge that can be listed is, in order. */
  readonly ascending: boolean;
}

const MAX_SAFE = 2 ** 53;
/** A token lists at most this many splits; later ones are explicit. */
const MAX_LISTED = 255;

/**
 * `pairOf(rank, split)`: the merge's [left, right] ids (split: as given), asked only for merges kept explicitly; `odd`: a bit
 * per token a join lookup cannot find (JoinedMergeData.odd). The merges listed are a longest run the
 * key rule orders as the ranks do; the others get keys between their neighbours'.
 */
export function joinSplits(merges: RankedSplits, tokenCount: number, odd: Uint8Array, pairOf: (rank: number, split: number) => readonly [number, number], spare?: Spare): JoinedMergeData {
  const count = merges.results.length;
  const counts = new Uint8Array(tokenCount);
  const explicitBits = new Uint8Array((count + 7) >> 3);
  const run = merges.ascending ? listAll(merges, counts, explicitBits) : longestRun(merges, counts, explicitBits, spare);
  // Keys of explicit merges fill the room between listed ones: as many as the longest run of them.
  let spacing = 1;
  while (spacing <= run) spacing *= 2;
  // Keys too large to be exact in a double: every merge explicit, keyed by its rank's order.
  if ((tokenCount * 256 + 256) * spacing >= MAX_SAFE) {
    explicitBits.fill(255);
    spacing = 1;
  }
  const explicitRanks: number[] = [];
  const explicitKeysByRank: number[] = [];
  const explicitSplits: number[] = [];
  const listed = compactListed(merges, counts, explicitBits, spacing, explicitRanks, explicitKeysByRank, explicitSplits);
  const blockStarts = new Uint32Array(Math.ceil(tokenCount / SPLIT_BLOCK));
  for (let block = 0, at = 0; block < blockStarts.length; block++) {
    blockStarts[block] = at;
    for (let t = block * SPLIT_BLOCK, end = Math.min(tokenCount, t + SPLIT_BLOCK); t < end; t++) at += counts[t];
  }
  const pairs = explicitRanks.map((rank, i) => [...pairOf(rank, explicitSplits[i]), merges.results[rank], explicitKeysByRank[i]]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const explicit = new Int32Array(3 * pairs.length);
  const explicitKeys = new Float64Array(pairs.length);
  const explicitLefts = new Uint8Array((tokenCount + 7) >> 3);
  pairs.forEach(([left, right, result, key], i) => {
    explicit.set([left, right, result], 3 * i);
    explicitKeys[i] = key;
    explicitLefts[left >> 3] |= 1 << (left & 7);
  });
  return { counts, splits: merges.splits.subarray(0, listed), blockStarts, explicit, explicitKeys, explicitLefts, odd, spacing };
}

// Each pass over the merges is a function of its own: a load runs each once, and a small function is optimised soon after it starts.

/**
 * Sets the explicit bit of merges that cannot be listed (no split, or their token lists MAX_LISTED
 * already) and of all but a longest run of the others whose keys (result × 256 + ordinal, all
 * different) grow with the rank: patience sorting, in a few bytes a merge. Ranks mostly grow with
 * results, so most merges extend the run found so far at once. `counts` must be zero, and is left
 * so. Returns the longest run of consecutive explicit merges.
 */
function longestRun(merges: RankedSplits, counts: Uint8Array, explicitBits: Uint8Array, spare?: Spare): number {
  // Written for each rank kept before keepRun reads it: spare memory needs no zeroing.
  const below = spare ? spare.uint8(merges.results.length) : new Uint8Array(merges.results.length);
  const farBelow = new Map<number, number>();
  const length = patience(merges, counts, explicitBits, below, farBelow, spare);
  return keepRun(merges.results, counts, explicitBits, below, farBelow, length);
}

/** longestRun for results in ascending order, where every key is above the one before (Llama 3, Qwen 3, DeepSeek V3): no piles. */
function listAll({ results, splits }: RankedSplits, counts: Uint8Array, explicitBits: Uint8Array): number {
  let longest = 0;
  let run = 0;
  for (let rank = 0; rank < results.length; rank++) {
    const result = results[rank];
    if (result < 0) continue;
    if (splits[rank] === 0 || counts[result] === MAX_LISTED) {
      explicitBits[rank >> 3] |= 1 << (rank & 7);
      if (++run > longest) longest = run;
    } else {
      counts[result]++;
      run = 0;
    }
  }
  counts.fill(0);
  return longest;
}

/** below[rank]: the rank made the run longer. */
const EXTENDS = 255;
/** below[rank]: the depth is in farBelow. */
const FAR_BELOW = 254;

/** Forwards: the length of the longest run, and how far under the top of the piles each rank went (below, farBelow). */
function patience({ results, splits }: RankedSplits, counts: Uint8Array, explicitBits: Uint8Array, below: Uint8Array, farBelow: Map<number, number>, spare?: Spare): number {
  // tails[p]: the key ending the latest run of length p + 1.
  // Touched only as far as the run grows.
  let tails: Int32Array = spare ? spare.int32(Math.max(1, results.length)) : new Int32Array(Math.max(1, results.length));
  let length = 0;
  let topKey = -1;
  for (let rank = 0; rank < results.length; rank++) {
    const result = results[rank];
    if (result < 0) continue;
    if (splits[rank] === 0 || counts[result] === MAX_LISTED) {
      explicitBits[rank >> 3] |= 1 << (rank & 7);
      continue;
    }
    const key = result * 256 + counts[result]++;
    if (key > topKey) {
      below[rank] = EXTENDS;
      if (length === tails.length) tails = grown(tails);
      tails[length++] = key;
      topKey = key;
      continue;
    }
    let low = 0;
    let at = length;
    while (low < at) {
      const middle = (low + at) >>> 1;
      if (tails[middle] < key) low = middle + 1;
      else at = middle;
    }
    tails[at] = key;
    if (at === length - 1) topKey = key;
    const depth = length - 1 - at;
    below[rank] = depth < FAR_BELOW ? depth : FAR_BELOW;
    if (depth >= FAR_BELOW) farBelow.set(rank, depth);
  }
  return length;
}

function grown(tails: Int32Array): Int32Array {
  const larger = new Int32Array(2 * tails.length);
  larger.set(tails);
  return larger;
}

/** Backwards: keeps the latest rank at each length below the last one kept (its key is then smaller); the longest run of explicit merges. */
function keepRun(results: Int32Array, counts: Uint8Array, explicitBits: Uint8Array, below: Uint8Array, farBelow: Map<number, number>, length: number): number {
  let want = length - 1;
  let longest = 0;
  let run = 0;
  for (let rank = results.length - 1; rank >= 0; rank--) {
    const result = results[rank];
    if (result < 0) continue;
    if ((explicitBits[rank >> 3] >> (rank & 7)) & 1) {
      if (++run > longest) longest = run;
      continue;
    }
    counts[result]--;
    const code = below[rank];
    const at = code === EXTENDS ? --length : length - 1 - (code === FAR_BELOW ? (farBelow.get(rank) as number) : code);
    if (at === want) {
      want--;
      run = 0;
    } else {
      explicitBits[rank >> 3] |= 1 << (rank & 7);
      if (++run > longest) longest = run;
    }
  }
  return longest;
}

/**
 * Forwards: listed merges are in result order now (their keys grow), so their splits are grouped by
 * token as they come, compacted in place; counts become the listed splits per token. Explicit
 * merges get keys after the last listed one's: their ranks, keys and splits (before splits is overwritten) go to the lists. Returns how many are listed.
 */
function compactListed({ results, splits }: RankedSplits, counts: Uint8Array, explicitBits: Uint8Array, spacing: number, explicitRanks: number[], explicitKeys: number[], explicitSplits: number[]): number {
  let listed = 0;
  // The last listed key is lastBase × spacing, and explicit ones follow it one by one.
  let lastBase = 0;
  let after = 0;
  for (let rank = 0; rank < results.length; rank++) {
    const result = results[rank];
    if (result < 0) continue;
    if ((explicitBits[rank >> 3] >> (rank & 7)) & 1) {
      explicitRanks.push(rank);
      explicitKeys.push(lastBase * spacing + ++after);
      explicitSplits.push(splits[rank]);
      continue;
    }
    splits[listed++] = splits[rank];
    lastBase = result * 256 + counts[result]++ + 1;
    after = 0;
  }
  return listed;
}
