/**
 * Building the joined form of a merge list (see joinedMerges.ts): a pass over the merges sorts
 * them into listed splits and explicit ones, then the longest run the key rule orders as the
 * ranks do stays listed (a longest increasing subsequence) and the rest get keys between theirs.
 */
import { type JoinedMergeData, SPLIT_BLOCK } from './joinedMerges';

const MAX_SAFE = 2 ** 53;

/** What the cache keeps of a vocabulary's merges: the token hash slots and the joined merges over them. */
export interface CompactMerges {
  readonly rankSlots: Int32Array;
  readonly merges: JoinedMergeData;
}

/**
 * `merges`: [left, right, result] by rank (a pair listed twice keeps its last rank, as in
 * MergeTable). The hash table gets a power of two of at least 4/3 slots per token.
 */
export function buildJoinedMerges(merges: Int32Array, tokenCount: number, offsets: Uint32Array, bytes: Uint8Array): CompactMerges {
  const count = merges.length / 3;
  let size = 1;
  while (size < ((tokenCount * 4) / 3) || size <= tokenCount) size *= 2;
  const odd = new Uint8Array((tokenCount + 7) >> 3);
  const rankSlots = hashSlots(offsets, bytes, size, odd);
  const isOdd = (t: number) => (odd[t >> 3] >> (t & 7)) & 1;
  // Per rank: its ordinal among t's listed splits, EXPLICIT, or SUPERSEDED (listed again later).
  const EXPLICIT = -1;
  const SUPERSEDED = -2;
  const ordinals = new Int32Array(count);
  const listed = new Int32Array(tokenCount);
  const superseded = supersededRanks(merges);
  for (let rank = 0; rank < count; rank++) {
    const left = merges[3 * rank];
    const right = merges[3 * rank + 1];
    const result = merges[3 * rank + 2];
    ordinals[rank] = superseded.has(rank) ? SUPERSEDED : EXPLICIT;
    if (ordinals[rank] === SUPERSEDED || isOdd(left) || isOdd(right) || isOdd(result) || listed[result] === 255) continue;
    // The result's bytes are left's then right's: the hash table finds it (it is not odd).
    const at = offsets[result];
    const split = offsets[left + 1] - offsets[left];
    if (split > 255 || offsets[result + 1] - at !== split + offsets[right + 1] - offsets[right]) continue;
    let same = true;
    for (let i = 0; same && i < split; i++) same = bytes[at + i] === bytes[offsets[left] + i];
    for (let i = offsets[right], j = at + split; same && j < offsets[result + 1]; i++, j++) same = bytes[j] === bytes[i];
    if (same) ordinals[rank] = listed[result]++;
  }
  keepIncreasing(merges, ordinals);
  // Listed splits renumbered among those kept; explicit keys fill the gaps between their keys.
  listed.fill(0);
  let longestRun = 0;
  for (let rank = 0, run = 0; rank < count; rank++) {
    if (ordinals[rank] >= 0) {
      ordinals[rank] = listed[merges[3 * rank + 2]]++;
      run = 0;
    } else if (ordinals[rank] === EXPLICIT) longestRun = Math.max(longestRun, ++run);
  }
  let spacing = 1;
  while (spacing <= longestRun) spacing *= 2;
  // Keys too large to be exact in a double: every merge explicit, keyed by its rank's order.
  if ((tokenCount * 256 + 256) * spacing >= MAX_SAFE) {
    for (let rank = 0; rank < count; rank++) if (ordinals[rank] >= 0) ordinals[rank] = EXPLICIT;
    listed.fill(0);
    spacing = 1;
  }
  const counts = Uint8Array.from(listed);
  const firsts = new Int32Array(tokenCount + 1);
  for (let t = 0; t < tokenCount; t++) firsts[t + 1] = firsts[t] + counts[t];
  const splits = new Uint8Array(firsts[tokenCount]);
  const blockStarts = Uint32Array.from({ length: Math.ceil(tokenCount / SPLIT_BLOCK) }, (_, block) => firsts[block * SPLIT_BLOCK]);
  const explicitRanks: number[] = [];
  const explicitKeyOf = new Map<number, number>();
  let lastKey = 0;
  for (let rank = 0; rank < count; rank++) {
    const ordinal = ordinals[rank];
    const result = merges[3 * rank + 2];
    if (ordinal >= 0) {
      const left = merges[3 * rank];
      splits[firsts[result] + ordinal] = offsets[left + 1] - offsets[left];
      lastKey = (result * 256 + ordinal + 1) * spacing;
    } else if (ordinal === EXPLICIT) {
      explicitRanks.push(rank);
      explicitKeyOf.set(rank, ++lastKey);
    }
  }
  explicitRanks.sort((a, b) => merges[3 * a] - merges[3 * b] || merges[3 * a + 1] - merges[3 * b + 1]);
  const explicit = new Int32Array(3 * explicitRanks.length);
  const explicitKeys = new Float64Array(explicitRanks.length);
  const explicitLefts = new Uint8Array((tokenCount + 7) >> 3);
  explicitRanks.forEach((rank, i) => {
    explicit.set(merges.subarray(3 * rank, 3 * rank + 3), 3 * i);
    explicitKeys[i] = explicitKeyOf.get(rank) as number;
    explicitLefts[merges[3 * rank] >> 3] |= 1 << (merges[3 * rank] & 7);
  });
  return { rankSlots, merges: { counts, splits, blockStarts, explicit, explicitKeys, explicitLefts, odd, spacing } };
}

/**
 * Marks EXPLICIT (-1) the listed merges (ordinal ≥ 0) outside one longest run whose keys
 * (result, ordinal) grow with the rank (patience sorting, n log n).
 */
function keepIncreasing(merges: Int32Array, ordinals: Int32Array): void {
  const count = ordinals.length;
  // tails[j]: the rank ending the best run of length j + 1 found so far, with its key.
  const tails = new Int32Array(count);
  const tailKeys = new Float64Array(count);
  let length = 0;
  const previous = new Int32Array(count).fill(-1);
  for (let rank = 0; rank < count; rank++) {
    if (ordinals[rank] < 0) continue;
    const key = merges[3 * rank + 2] * 256 + ordinals[rank];
    let low = 0;
    let high = length;
    if (length > 0 && tailKeys[length - 1] < key) low = length; // the common case: the run grows
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (tailKeys[middle] < key) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[rank] = tails[low - 1];
    tails[low] = rank;
    tailKeys[low] = key;
    if (low === length) length++;
  }
  const kept = new Uint8Array(count);
  for (let rank = length > 0 ? tails[length - 1] : -1; rank !== -1; rank = previous[rank]) kept[rank] = 1;
  for (let rank = 0; rank < count; rank++) if (ordinals[rank] >= 0 && !kept[rank]) ordinals[rank] = -1;
}

/** Ranks of pairs listed again at a higher rank (Hugging Face keeps the last): an open-addressing set of pairs. */
function supersededRanks(merges: Int32Array): Set<number> {
  const count = merges.length / 3;
  let size = 1;
  while (size < 2 * count) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const superseded = new Set<number>();
  for (let rank = 0; rank < count; rank++) {
    const left = merges[3 * rank];
    const right = merges[3 * rank + 1];
    let slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) & mask;
    for (;;) {
      const other = slots[slot];
      if (other === -1) {
        slots[slot] = rank;
        break;
      }
      if (merges[3 * other] === left && merges[3 * other + 1] === right) {
        superseded.add(other);
        slots[slot] = rank;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return superseded;
}

/**
 * Token hash slots as RankTable fills them (same hash, same order) in `size` slots; marks in `odd`
 * the tokens a lookup cannot find: no bytes, or the bytes of an earlier token.
 */
function hashSlots(offsets: Uint32Array, bytes: Uint8Array, size: number, odd: Uint8Array): Int32Array {
  const slots = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let token = 0; token + 1 < offsets.length; token++) {
    const start = offsets[token];
    const end = offsets[token + 1];
    if (start === end) {
      odd[token >> 3] |= 1 << (token & 7);
      continue;
    }
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (let other = slots[slot]; other !== -1; slot = (slot + 1) & mask, other = slots[slot]) {
      const otherStart = offsets[other];
      if (offsets[other + 1] - otherStart !== end - start) continue;
      let i = 0;
      while (i < end - start && bytes[otherStart + i] === bytes[start + i]) i++;
      if (i === end - start) odd[token >> 3] |= 1 << (token & 7);
    }
    slots[slot] = token;
  }
  return slots;
}
