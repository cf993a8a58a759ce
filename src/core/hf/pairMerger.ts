/**
 * Hugging Face BPE merging: repeatedly apply the listed merge of lowest rank among adjacent
 * symbol pairs, leftmost on ties, until no adjacent pair is a listed merge.
 *
 * Unlike tiktoken (which merges whenever the concatenation is a token, by token rank), a pair
 * merges only when that exact pair is listed, so the table is keyed by (left id, right id).
 * Same shape as ../tokenizer/bpe.ts: a scan for short words, a min-heap over a linked list
 * for long ones, so a 100,000-symbol word costs O(n log n).
 */

/**
 * Merge table: (left, right) → rank and resulting id, open addressing over one typed array of
 * [left, right, rank, result] slots (one probe reads one cache line).
 */
export class MergeTable {
  readonly size: number;
  private readonly slots: Int32Array;
  private readonly mask: number;

  /**
   * `merges` holds [left, right, result] per rank. A pair listed twice keeps its last rank, as
   * Hugging Face does. `slots` may come from an earlier table over the same merges (a cache),
   * checked with `MergeTable.checkSlots` when they come from outside.
   */
  constructor(merges: Int32Array, slots?: Int32Array) {
    this.size = merges.length / 3;
    this.slots = slots ?? new Int32Array(4 * MergeTable.slotCount(this.size)).fill(-1);
    this.mask = this.slots.length / 4 - 1;
    if (slots) return;
    const table = this.slots;
    for (let rank = 0; rank < this.size; rank++) {
      const left = merges[3 * rank];
      const right = merges[3 * rank + 1];
      let slot = hashPair(left, right) & this.mask;
      while (table[4 * slot] !== -1 && (table[4 * slot] !== left || table[4 * slot + 1] !== right)) slot = (slot + 1) & this.mask;
      table[4 * slot] = left;
      table[4 * slot + 1] = right;
      table[4 * slot + 2] = rank;
      table[4 * slot + 3] = merges[3 * rank + 2];
    }
  }

  get hashSlots(): Int32Array {
    return this.slots;
  }

  static slotCount(size: number): number {
    let capacity = 16;
    while (capacity < size * 2) capacity <<= 1;
    return capacity;
  }

  /** Whether `slots` can be a table of `size` merges over `tokenCount` ids: right size, ids in range, free slots left. */
  static checkSlots(slots: Int32Array, size: number, tokenCount: number): boolean {
    if (slots.length !== 4 * MergeTable.slotCount(size)) return false;
    let free = 0;
    for (let slot = 0; slot < slots.length; slot += 4) {
      if (slots[slot] === -1) free++;
      else if (slots[slot] < 0 || slots[slot] >= tokenCount || slots[slot + 1] < 0 || slots[slot + 1] >= tokenCount || slots[slot + 3] < 0 || slots[slot + 3] >= tokenCount) return false;
    }
    return free > 0;
  }

  /** Slot of the pair, or -1 when it is not a merge; read rank(slot) and result(slot). */
  find(left: number, right: number): number {
    const { slots, mask } = this;
    let slot = hashPair(left, right) & mask;
    for (;;) {
      const key = slots[4 * slot];
      if (key === -1) return -1;
      if (key === left && slots[4 * slot + 1] === right) return slot;
      slot = (slot + 1) & mask;
    }
  }

  rank(slot: number): number {
    return this.slots[4 * slot + 2];
  }

  result(slot: number): number {
    return this.slots[4 * slot + 3];
  }
}

function hashPair(left: number, right: number): number {
  const hash = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca6b);
  return hash ^ (hash >>> 15);
}

/** Merges a word of symbols in place. Symbol k is ids[k] starting at starts[k]; starts[count] is the end. */
export class PairMerger {
  static readonly HEAP_THRESHOLD = 48;
  private pairRanks = new Int32Array(64);
  private pairResults = new Int32Array(64);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private heap = new Float64Array(0);

  constructor(private readonly table: MergeTable) {}

  /** Returns the new symbol count; ids and starts are compacted in place (starts[count] stays the end). */
  merge(ids: Int32Array, starts: Int32Array, count: number): number {
    if (count < 2) return count;
    if (this.pairRanks.length < count) {
      this.pairRanks = new Int32Array(count * 2);
      this.pairResults = new Int32Array(count * 2);
    }
    return count <= PairMerger.HEAP_THRESHOLD ? this.mergeByScan(ids, starts, count) : this.mergeByHeap(ids, starts, count);
  }

  private pair(ids: Int32Array, k: number, at: number): void {
    const slot = this.table.find(ids[k], ids[k + 1]);
    this.pairRanks[at] = slot === -1 ? -1 : this.table.rank(slot);
    this.pairResults[at] = slot === -1 ? -1 : this.table.result(slot);
  }

  private mergeByScan(ids: Int32Array, starts: Int32Array, count: number): number {
    const { pairRanks, pairResults } = this;
    for (let k = 0; k + 1 < count; k++) this.pair(ids, k, k);
    while (count > 1) {
      let best = -1;
      let bestRank = 0x7fffffff;
      for (let k = 0; k + 1 < count; k++) {
        const rank = pairRanks[k];
        if (rank !== -1 && rank < bestRank) {
          bestRank = rank;
          best = k;
        }
      }
      if (best === -1) break;
      ids[best] = pairResults[best];
      for (let k = best + 1; k < count; k++) {
        ids[k] = ids[k + 1];
        starts[k] = starts[k + 1];
      }
      for (let k = best + 1; k + 1 < count - 1; k++) {
        pairRanks[k] = pairRanks[k + 1];
        pairResults[k] = pairResults[k + 1];
      }
      count--;
      if (best + 1 < count) this.pair(ids, best, best);
      if (best > 0) this.pair(ids, best - 1, best - 1);
    }
    return count;
  }

  private mergeByHeap(ids: Int32Array, starts: Int32Array, count: number): number {
    const { table } = this;
    if (this.next.length < count + 1) {
      this.next = new Int32Array(count + 1);
      this.prev = new Int32Array(count + 1);
      this.heap = new Float64Array(3 * count);
    }
    const { next, prev, pairRanks, pairResults, heap } = this;
    // Symbols are named by their index; keys are rank * 2^32 + index: lowest rank, then leftmost.
    const TWO_32 = 4294967296;
    let size = 0;
    for (let i = 0; i < count; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      pairRanks[i] = -1;
      if (i + 1 < count) {
        const slot = table.find(ids[i], ids[i + 1]);
        if (slot !== -1) {
          pairRanks[i] = table.rank(slot);
          pairResults[i] = table.result(slot);
          heap[size++] = pairRanks[i] * TWO_32 + i;
        }
      }
    }
    for (let root = (size >> 1) - 1; root >= 0; root--) {
      const key = heap[root];
      let at = root;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= size) break;
        if (child + 1 < size && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= key) break;
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = key;
    }
    let parts = count;
    while (size > 0) {
      const top = heap[0];
      const last = heap[--size];
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= size) break;
        if (child + 1 < size && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = last;
      const rank = (top / TWO_32) | 0;
      const start = top - rank * TWO_32;
      if (pairRanks[start] !== rank) continue; // stale: absorbed, or its pair changed
      const absorbed = next[start];
      ids[start] = pairResults[start];
      const after = next[absorbed];
      next[start] = after;
      if (after < count) prev[after] = start;
      pairRanks[absorbed] = -1;
      parts--;
      for (let side = 0; side < 2; side++) {
        const left = side === 0 ? start : prev[start];
        if (left < 0) continue;
        const right = next[left];
        pairRanks[left] = -1;
        if (right >= count) continue;
        const slot = table.find(ids[left], ids[right]);
        if (slot === -1) continue;
        const joined = table.rank(slot);
        pairRanks[left] = joined;
        pairResults[left] = table.result(slot);
        const key = joined * TWO_32 + left;
        let up = size++;
        while (up > 0) {
          const parent = (up - 1) >> 1;
          if (heap[parent] <= key) break;
          heap[up] = heap[parent];
          up = parent;
        }
        heap[up] = key;
      }
    }
    let k = 0;
    const end = starts[count];
    for (let s = 0; s < count; s = next[s]) {
      ids[k] = ids[s];
      starts[k] = starts[s];
      k++;
    }
    starts[parts] = end;
    return parts;
  }
}
