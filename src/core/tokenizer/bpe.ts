import type { RankTable } from './rankTable';

/**
 * Byte-pair merging exactly as tiktoken does it: repeatedly merge the adjacent pair whose
 * concatenation has the lowest rank, the leftmost on ties, until no pair is a token.
 *
 * Short pieces use tiktoken's own scan (fastest for a handful of parts). Long pieces use a
 * min-heap of candidate pairs over a linked list of parts, so a 20,000-byte chunk costs
 * O(n log n) instead of js-tiktoken's O(n²) rescans.
 */
export class BytePairMerger {
  /** Pieces longer than this use the heap. */
  static readonly HEAP_THRESHOLD = 48;

  /** Results of the last merge: `count` parts, part k is bytes [starts[k], starts[k+1]) with rank ranks[k]. */
  starts = new Int32Array(64);
  ranks = new Int32Array(64);
  count = 0;

  private pairRanks = new Int32Array(64);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private heap = new Float64Array(0);

  constructor(private readonly table: RankTable) {}

  /** Merges `bytes[0, length)`; read the result from `starts`, `ranks`, `count`. */
  merge(bytes: Uint8Array, length: number): void {
    if (this.starts.length < length + 1) {
      const size = Math.max(length + 1, this.starts.length * 2);
      this.starts = new Int32Array(size);
      this.ranks = new Int32Array(size);
      this.pairRanks = new Int32Array(size);
    }
    if (length <= BytePairMerger.HEAP_THRESHOLD) this.mergeByScan(bytes, length);
    else this.mergeByHeap(bytes, length);
  }

  private mergeByScan(bytes: Uint8Array, length: number): void {
    const { table, starts, pairRanks } = this;
    // parts[k] = bytes [starts[k], starts[k+1]); pairRanks[k] = rank of parts k and k+1 joined.
    let parts = length;
    for (let i = 0; i <= length; i++) starts[i] = i;
    const pairTable = table.pairRanks;
    for (let i = 0; i + 1 < length; i++) pairRanks[i] = pairTable[(bytes[i] << 8) | bytes[i + 1]];
    while (parts > 1) {
      let best = -1;
      let bestRank = 0x7fffffff;
      for (let k = 0; k + 1 < parts; k++) {
        const rank = pairRanks[k];
        if (rank !== -1 && rank < bestRank) {
          bestRank = rank;
          best = k;
        }
      }
      if (best === -1) break;
      // Remove the boundary between parts best and best+1.
      for (let k = best + 1; k < parts; k++) starts[k] = starts[k + 1];
      for (let k = best + 1; k + 1 < parts - 1; k++) pairRanks[k] = pairRanks[k + 1];
      parts--;
      if (best + 1 < parts) pairRanks[best] = table.lookup(bytes, starts[best], starts[best + 2]);
      if (best > 0) pairRanks[best - 1] = table.lookup(bytes, starts[best - 1], starts[best + 1]);
    }
    this.finish(bytes, parts);
  }

  private mergeByHeap(bytes: Uint8Array, length: number): void {
    const { table } = this;
    if (this.next.length < length + 1) {
      this.next = new Int32Array(length + 1);
      this.prev = new Int32Array(length + 1);
      this.heap = new Float64Array(3 * length);
    }
    const { next, prev, pairRanks, heap } = this;
    const pairTable = table.pairRanks;
    // Parts are named by their first byte; next[s] is the following part's first byte (length at the end).
    // Heap keys are rank * 2^32 + start: lowest rank first, then leftmost. The first pairs are
    // heapified in one linear pass (Floyd); the heap operations are written inline (no closures)
    // so this one function is what the JIT has to optimize.
    const TWO_32 = 4294967296;
    let size = 0;
    for (let i = 0; i < length; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      const rank = i + 1 < length ? pairTable[(bytes[i] << 8) | bytes[i + 1]] : -1;
      pairRanks[i] = rank;
      if (rank !== -1) heap[size++] = rank * TWO_32 + i;
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
    let parts = length;
    while (size > 0) {
      // pop
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
      // Stale entries: the part was absorbed (pairRanks reset to -1) or its pair changed.
      if (pairRanks[start] !== rank) continue;
      const absorbed = next[start];
      const after = next[absorbed];
      next[start] = after;
      if (after < length) prev[after] = start;
      pairRanks[absorbed] = -1;
      parts--;
      // The merged part's new pair on the right, and its left neighbour's pair.
      for (let side = 0; side < 2; side++) {
        const left = side === 0 ? start : prev[start];
        if (left < 0) continue;
        const right = next[left];
        const end = right < length ? next[right] : -1;
        const joined = end === -1 ? -1 : end - left === 2 ? pairTable[(bytes[left] << 8) | bytes[left + 1]] : table.lookup(bytes, left, end);
        pairRanks[left] = joined;
        if (joined === -1) continue;
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
    const { starts } = this;
    let k = 0;
    for (let s = 0; s < length; s = next[s]) starts[k++] = s;
    starts[parts] = length;
    this.finish(bytes, parts);
  }

  private finish(bytes: Uint8Array, parts: number): void {
    const { starts, ranks, table } = this;
    for (let k = 0; k < parts; k++) {
      const start = starts[k];
      const end = starts[k + 1];
      ranks[k] = end - start === 1 ? table.byteRanks[bytes[start]] : table.lookup(bytes, start, end);
    }
    this.count = parts;
  }
}
