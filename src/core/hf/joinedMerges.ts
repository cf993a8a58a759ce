/**
 * Merges found through the vocabulary, for the binary cache (a fraction of MergeTable's size).
 *
 * In the files models ship, a merge (left, right) almost always gives the token spelled by
 * left's bytes then right's, so the result need not be stored: the join is looked up in the
 * token hash table. What is stored per result token t is which of its splits are merges, as the
 * left part's byte length, in rank order. The order key of the k-th listed split of t is
 * ((t × 256) + k + 1) × spacing: merges then order as their ranks do wherever ranks grow with
 * the result id (Llama 3, Qwen 3, DeepSeek V3 throughout, Gemma 3 but for a few hundred steps).
 * Every other merge is listed explicitly with its key between its neighbours' (the builder picks
 * the longest run of merges the rule orders correctly): it stays exact for any file, only larger.
 */
import type { MergeLookup } from './pairMerger';

export interface JoinedMergeData {
  /** Per token: how many listed splits give it (0–255). */
  readonly counts: Uint8Array;
  /** Per listed split, grouped by result id and in rank order within one: the left part's byte length. */
  readonly splits: Uint8Array;
  /** Where the splits of tokens 256·b onwards start, per block b (so a load sums no counts). */
  readonly blockStarts: Uint32Array;
  /** The other merges as [left, right, result], sorted by (left, right). */
  readonly explicit: Int32Array;
  /** Their order keys. */
  readonly explicitKeys: Float64Array;
  /** Bit per token: it is the left part of an explicit merge. */
  readonly explicitLefts: Uint8Array;
  /** Bit per token: it merges only explicitly (no bytes, or bytes another token has). */
  readonly odd: Uint8Array;
  /** Room between two listed splits' keys for explicit ones (a power of two). */
  readonly spacing: number;
}

/** The vocabulary as the token hash table sees it (RankTable's layout and hash). */
export interface HashedVocabulary {
  readonly offsets: Uint32Array;
  readonly bytes: Uint8Array;
  /** Token ids by hash slot, -1 free (RankTable.hashSlots). */
  readonly slots: Int32Array;
}

/** Tokens per block of blockStarts: 2^SPLIT_BLOCK_BITS. */
const SPLIT_BLOCK_BITS = 8;
export const SPLIT_BLOCK = 1 << SPLIT_BLOCK_BITS;

export class JoinedMergeTable implements MergeLookup {
  found = -1;
  /**
   * Where token t's listed splits start in `splits`, filled a block at a time on first use: a
   * load touches none of it (a fresh page costs more than the sums). Damaged counts only misplace
   * a token's splits (misses, or a wrong split of the right token), never loop.
   */
  private readonly firsts: Int32Array;
  private readonly filled: Uint8Array;
  private readonly mask: number;

  constructor(
    readonly data: JoinedMergeData,
    private readonly vocabulary: HashedVocabulary,
  ) {
    this.firsts = new Int32Array(data.counts.length);
    this.filled = new Uint8Array(data.blockStarts.length);
    this.mask = vocabulary.slots.length - 1;
  }

  private fill(block: number): void {
    const { counts } = this.data;
    let at = this.data.blockStarts[block];
    for (let t = block * SPLIT_BLOCK, end = Math.min(counts.length, t + SPLIT_BLOCK); t < end; t++) {
      this.firsts[t] = at;
      at += counts[t];
    }
    this.filled[block] = 1;
  }

  find(left: number, right: number): number {
    const { data } = this;
    if ((data.explicitLefts[left >> 3] >> (left & 7)) & 1) {
      const key = this.findExplicit(left, right);
      if (key !== -1) return key;
    }
    if (((data.odd[left >> 3] >> (left & 7)) | (data.odd[right >> 3] >> (right & 7))) & 1) return -1;
    const { offsets, bytes, slots } = this.vocabulary;
    const leftStart = offsets[left];
    const leftEnd = offsets[left + 1];
    const rightStart = offsets[right];
    const rightEnd = offsets[right + 1];
    // RankTable's hash (FNV-1a, folded) of left's bytes then right's.
    let hash = 0x811c9dc5;
    for (let i = leftStart; i < leftEnd; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    for (let i = rightStart; i < rightEnd; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const split = leftEnd - leftStart;
    const length = split + rightEnd - rightStart;
    const { mask } = this;
    for (let slot = (hash ^ (hash >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const token = slots[slot];
      if (token === -1) return -1;
      const start = offsets[token];
      if (offsets[token + 1] - start !== length) continue;
      let i = 0;
      while (i < split && bytes[start + i] === bytes[leftStart + i]) i++;
      if (i < split) continue;
      while (i < length && bytes[start + i] === bytes[rightStart + i - split]) i++;
      if (i < length) continue;
      if (this.filled[token >> SPLIT_BLOCK_BITS] === 0) this.fill(token >> SPLIT_BLOCK_BITS);
      const first = this.firsts[token];
      for (let k = first, end = first + data.counts[token]; k < end; k++) {
        if (data.splits[k] !== split) continue;
        this.found = token;
        return (token * 256 + (k - first) + 1) * data.spacing;
      }
      return -1;
    }
  }

  private findExplicit(left: number, right: number): number {
    const { explicit, explicitKeys } = this.data;
    let low = 0;
    let high = explicitKeys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const l = explicit[3 * middle];
      if (l < left || (l === left && explicit[3 * middle + 1] < right)) low = middle + 1;
      else high = middle;
    }
    if (low === explicitKeys.length || explicit[3 * low] !== left || explicit[3 * low + 1] !== right) return -1;
    this.found = explicit[3 * low + 2];
    return explicitKeys[low];
  }
}

