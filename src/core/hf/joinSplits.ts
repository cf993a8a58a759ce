/**
 * The joined form of a merge list (see joinedMerges.ts) from what each rank gives: the token and
 * its left part's byte length. Both readers of `tokenizer.json` end here: the scan straight from
 * the file's bytes (which never needs the halves' ids) and buildJoinedMerges from [left, right,
 * result] triples. Passes are flat loops over typed arrays of a few bytes a merge: a load's cost is
 * mostly the memory it touches.
 */
import { type JoinedMergeData, SPLIT_BLOCK } from './joinedMerges';

/** results[rank] for a pair listed again at a higher rank (Hugging Face keeps the last): no merge at all. */
export const DROPPED = -1;

/** Per rank: what the merge gives. */
export interface RankedSplits {
  /** The id the merge gives, or DROPPED. */
  readonly results: Int32Array;
  /** The left part's byte length (1–255) when the result is the halves joined and can be listed; 0 keeps the merge explicit. Reused: joinSplits compacts it into the listed splits. */
  readonly splits: Uint8Array;
}

const MAX_SAFE = 2 ** 53;
/** A token lists at most this many splits; later ones are explicit. */
const MAX_LISTED = 255;

/**
 * `pairOf(rank)`: the merge's [left, right] ids, asked only for merges kept explicitly; `odd`: a bit
 * per token a join lookup cannot find (JoinedMergeData.odd). The merges listed are a longest run the
 * key rule orders as the ranks do; the others get keys between their neighbours'.
 */
export function joinSplits(merges: RankedSplits, tokenCount: number, odd: Uint8Array, pairOf: (rank: number) => readonly [number, number]): JoinedMergeData {
  const { results, splits } = merges;
  const count = results.length;
  const counts = new Uint8Array(tokenCount);
  const explicitBits = new Uint8Array((count + 7) >> 3);
  // Keys of explicit merges fill the room between listed ones: as many as the longest run of them.
  const longestRun = keepLongestRun(merges, counts, explicitBits);
  let spacing = 1;
  while (spacing <= longestRun) spacing *= 2;
  // Keys too large to be exact in a double: every merge explicit, keyed by its rank's order.
  if ((tokenCount * 256 + 256) * spacing >= MAX_SAFE) {
    explicitBits.fill(255);
    spacing = 1;
  }
  // Listed merges are in result order now (their keys grow), so their splits are grouped by token as they come: in place.
  let listed = 0;
  const explicitRanks: number[] = [];
  const explicitKeysByRank: number[] = [];
  const pairs: number[] = [];
  let lastKey = 0;
  for (let rank = 0; rank < count; rank++) {
    const result = results[rank];
    if (result < 0) continue;
    if ((explicitBits[rank >> 3] >> (rank & 7)) & 1) {
      explicitRanks.push(rank);
      explicitKeysByRank.push(++lastKey);
      const [left, right] = pairOf(rank);
      pairs.push(left, right, result);
      continue;
    }
    splits[listed++] = splits[rank];
    lastKey = (result * 256 + counts[result]++ + 1) * spacing;
  }
  const blockStarts = new Uint32Array(Math.ceil(tokenCount / SPLIT_BLOCK));
  for (let block = 0, at = 0; block < blockStarts.length; block++) {
    blockStarts[block] = at;
    for (let t = block * SPLIT_BLOCK, end = Math.min(tokenCount, t + SPLIT_BLOCK); t < end; t++) at += counts[t];
  }
  const order = explicitRanks.map((_, i) => i).sort((a, b) => pairs[3 * a] - pairs[3 * b] || pairs[3 * a + 1] - pairs[3 * b + 1]);
  const explicit = new Int32Array(pairs.length);
  const explicitKeys = new Float64Array(explicitRanks.length);
  const explicitLefts = new Uint8Array((tokenCount + 7) >> 3);
  order.forEach((from, i) => {
    for (let k = 0; k < 3; k++) explicit[3 * i + k] = pairs[3 * from + k];
    explicitKeys[i] = explicitKeysByRank[from];
    explicitLefts[pairs[3 * from] >> 3] |= 1 << (pairs[3 * from] & 7);
  });
  return { counts, splits: splits.subarray(0, listed), blockStarts, explicit, explicitKeys, explicitLefts, odd, spacing };
}

/**
 * Sets the explicit bit of merges that cannot be listed (no split, or their token lists MAX_LISTED
 * already) and of all but a longest run of the others whose keys (result × 256 + ordinal, all
 * different) grow with the rank: patience sorting, in a few bytes a merge. Ranks mostly grow with
 * results, so most merges extend the run found so far at once. `counts` must be zero, and is left
 * so. Returns the longest run of consecutive explicit merges.
 */
function keepLongestRun({ results, splits }: RankedSplits, counts: Uint8Array, explicitBits: Uint8Array): number {
  const count = results.length;
  const ordinals = new Uint8Array(count);
  // tails[p]: the latest rank ending a run of length p + 1. below[rank]: how far under the top the rank went (EXTENDS: on top, a new length).
  let tails = new Int32Array(Math.min(count, 4096));
  const below = new Uint8Array(count);
  const farBelow = new Map<number, number>();
  let length = 0;
  let topKey = -1;
  for (let rank = 0; rank < count; rank++) {
    const result = results[rank];
    if (result < 0) continue;
    if (splits[rank] === 0 || counts[result] === MAX_LISTED) {
      explicitBits[rank >> 3] |= 1 << (rank & 7);
      continue;
    }
    const ordinal = counts[result]++;
    ordinals[rank] = ordinal;
    const key = result * 256 + ordinal;
    let at = length;
    if (key < topKey) {
      let low = 0;
      while (low < at) {
        const middle = (low + at) >>> 1;
        if (results[tails[middle]] * 256 + ordinals[tails[middle]] < key) low = middle + 1;
        else at = middle;
      }
      const depth = length - 1 - at;
      below[rank] = Math.min(depth, FAR_BELOW);
      if (depth >= FAR_BELOW) farBelow.set(rank, depth);
    } else {
      below[rank] = EXTENDS;
      if (length === tails.length) {
        const grown = new Int32Array(Math.min(count, 2 * length));
        grown.set(tails);
        tails = grown;
      }
      length++;
    }
    tails[at] = rank;
    if (at === length - 1) topKey = key;
  }
  // Backwards: the latest rank at each length below the last one kept, whose key is then smaller.
  let want = length - 1;
  let longestRun = 0;
  for (let rank = count - 1, run = 0; rank >= 0; rank--) {
    const result = results[rank];
    if (result < 0) continue;
    if ((explicitBits[rank >> 3] >> (rank & 7)) & 1) {
      if (++run > longestRun) longestRun = run;
      continue;
    }
    counts[result]--;
    const code = below[rank];
    const at = code === EXTENDS ? length - 1 : length - 1 - (code === FAR_BELOW ? (farBelow.get(rank) as number) : code);
    if (code === EXTENDS) length--;
    if (at === want) {
      want--;
      run = 0;
    } else {
      explicitBits[rank >> 3] |= 1 << (rank & 7);
      if (++run > longestRun) longestRun = run;
    }
  }
  return longestRun;
}

/** below[rank]: the rank made the run longer. */
const EXTENDS = 255;
/** below[rank]: the depth is in farBelow. */
const FAR_BELOW = 254;
