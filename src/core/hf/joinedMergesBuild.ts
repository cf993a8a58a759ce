/**
 * Building the joined form of a merge list given as [left, right, result] triples (see
 * joinedMerges.ts): each rank's result and split, then joinSplits (./joinSplits.ts).
 */
import type { JoinedMergeData } from './joinedMerges';
import { DROPPED, joinSplits } from './joinSplits';
import { CrowdedHashTableError, MAX_HASH_RUN, RankTable, longestRun } from '../tokenizer/rankTable';

/** What the cache keeps of a vocabulary's merges: the token hash slots and the joined merges over them. */
export interface CompactMerges {
  readonly rankSlots: Int32Array;
  readonly merges: JoinedMergeData;
}

/**
 * `merges`: [left, right, result] by rank (a pair listed twice keeps its last rank, as in
 * MergeTable). The hash table gets compactSlotCount(tokenCount) slots.
 */
export function buildJoinedMerges(merges: Int32Array, tokenCount: number, offsets: Uint32Array, bytes: Uint8Array): CompactMerges {
  const count = merges.length / 3;
  const odd = new Uint8Array((tokenCount + 7) >> 3);
  const rankSlots = hashSlots(offsets, bytes, compactSlotCount(tokenCount), odd);
  const isOdd = (t: number) => (odd[t >> 3] >> (t & 7)) & 1;
  const results = new Int32Array(count);
  const splits = new Uint8Array(count);
  const superseded = supersededRanks(merges);
  for (let rank = 0; rank < count; rank++) {
    const left = merges[3 * rank];
    const right = merges[3 * rank + 1];
    const result = merges[3 * rank + 2];
    results[rank] = superseded.has(rank) ? DROPPED : result;
    if (results[rank] === DROPPED || isOdd(left) || isOdd(right) || isOdd(result)) continue;
    // Listed only when the result's bytes are left's then right's: the hash table finds it (it is not odd).
    const at = offsets[result];
    const split = offsets[left + 1] - offsets[left];
    if (split > 255 || offsets[result + 1] - at !== split + offsets[right + 1] - offsets[right]) continue;
    let same = true;
    for (let i = 0; same && i < split; i++) same = bytes[at + i] === bytes[offsets[left] + i];
    for (let i = offsets[right], j = at + split; same && j < offsets[result + 1]; i++, j++) same = bytes[j] === bytes[i];
    if (same) splits[rank] = split;
  }
  let ascending = true;
  for (let rank = 0, previous = -1; rank < count && ascending; rank++) {
    ascending = results[rank] < 0 || results[rank] >= previous;
    if (results[rank] >= 0) previous = results[rank];
  }
  return { rankSlots, merges: joinSplits({ results, splits, ascending }, tokenCount, odd, (rank) => [merges[3 * rank], merges[3 * rank + 1]]) };
}

/** The cache's token hash table size: a power of two of at least 4/3 slots per token. */
function compactSlotCount(tokenCount: number): number {
  let size = 1;
  while (size < (tokenCount * 4) / 3 || size <= tokenCount) size *= 2;
  return size;
}

/** `slots` (RankTable's hash table over the tokens) at the cache's size: a fast read of tokenizer.json builds a larger one. */
export function compactSlots(slots: Int32Array, tokenCount: number, offsets: Uint32Array, bytes: Uint8Array): Int32Array {
  const size = compactSlotCount(tokenCount);
  return slots.length <= size ? slots : hashSlots(offsets, bytes, size, new Uint8Array((tokenCount + 7) >> 3));
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
 * Token hash slots as RankTable fills them (same hash, same order) in `size` slots, or more when a
 * row of filled slots would pass MAX_HASH_RUN there (a fuller table than RankTable's; the reader
 * refuses such rows); marks in `odd` the tokens a lookup cannot find: no bytes, or the bytes of an earlier token.
 */
function hashSlots(offsets: Uint32Array, bytes: Uint8Array, size: number, odd: Uint8Array): Int32Array {
  // RankTable's own size (at most half full) was checked when the vocabulary was read: twice that always fits.
  for (const limit = 4 * RankTable.slotCount(offsets.length - 1); size <= limit; size *= 2) {
    odd.fill(0);
    const slots = slotsWithin(offsets, bytes, size, odd);
    if (slots && longestRun(slots) <= MAX_HASH_RUN) return slots;
  }
  throw new CrowdedHashTableError(`a row of more than ${MAX_HASH_RUN} at ${size / 2} slots`);
}

/** hashSlots at one size; undefined as soon as a probe passes MAX_HASH_RUN. Bytes are compared only under the same full hash. */
function slotsWithin(offsets: Uint32Array, bytes: Uint8Array, size: number, odd: Uint8Array): Int32Array | undefined {
  const slots = new Int32Array(size).fill(-1);
  const hashes = new Int32Array(offsets.length - 1);
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
    hash ^= hash >>> 15;
    hashes[token] = hash;
    let slot = hash & mask;
    for (let other = slots[slot], probe = 1; other !== -1; slot = (slot + 1) & mask, other = slots[slot], probe++) {
      if (probe >= MAX_HASH_RUN) return undefined;
      const otherStart = offsets[other];
      if (offsets[other + 1] - otherStart !== end - start || hashes[other] !== hash) continue;
      let i = 0;
      while (i < end - start && bytes[otherStart + i] === bytes[start + i]) i++;
      if (i === end - start) odd[token >> 3] |= 1 << (token & 7);
    }
    slots[slot] = token;
  }
  return slots;
}
