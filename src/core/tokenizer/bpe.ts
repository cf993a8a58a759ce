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
  /** Rank of each part of two bytes or more, by its first byte: the rank of the merge that made it. */
  private partRanks = new Int32Array(0);
  /** The heap of candidate pairs, as two arrays: each entry is a pair's rank and its first part's start. */
  private heapRanks = new Int32Array(0);
  private heapStarts = new Int32Array(0);
  /** The first pairs as rank << startBits | start, sorted natively (see mergeByHeap). */
  private seedKeys = new Int32Array(0);

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
    const { table, starts, ranks, pairRanks } = this;
    // parts[k] = bytes [starts[k], starts[k+1]) of rank ranks[k]; pairRanks[k] = rank of parts k and k+1 joined.
    let parts = length;
    for (let i = 0; i <= length; i++) starts[i] = i;
    const { byteRanks, pairRanks: pairTable } = table;
    for (let i = 0; i < length; i++) ranks[i] = byteRanks[bytes[i]];
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
      // Remove the boundary between parts best and best+1: the joined part has the pair's rank.
      ranks[best] = bestRank;
      for (let k = best + 1; k < parts; k++) {
        starts[k] = starts[k + 1];
        ranks[k] = ranks[k + 1];
      }
      for (let k = best + 1; k + 1 < parts - 1; k++) pairRanks[k] = pairRanks[k + 1];
      parts--;
      if (best + 1 < parts) pairRanks[best] = table.lookup(bytes, starts[best], starts[best + 2]);
      if (best > 0) pairRanks[best - 1] = table.lookup(bytes, starts[best - 1], starts[best + 1]);
    }
    this.count = parts;
  }

  /**
   * Parts are named by their first byte; next[s] is the following part's first byte (length at
   * the end). The heap orders pairs by rank, then start (leftmost first). Written for a cold
   * process as much as a warm one: keys are two small integers, not one double (the interpreter
   * boxes every double it loads), and each function has one loop, so each tiers up (on-stack
   * replacement) with feedback for all of its code instead of deoptimizing at each later loop.
   */
  private mergeByHeap(bytes: Uint8Array, length: number): void {
    if (this.next.length < length + 1) {
      this.next = new Int32Array(length + 1);
      this.prev = new Int32Array(length + 1);
      this.partRanks = new Int32Array(length + 1);
      this.heapRanks = new Int32Array(3 * length);
      this.heapStarts = new Int32Array(3 * length);
      this.seedKeys = new Int32Array(length);
    }
    // The first pairs are known at once: when (rank, start) packs into one non-negative int32 they are
    // sorted by the engine's own sort and read in order beside the heap, which then holds only the
    // pairs merging makes. A cold process pays for each heap step in the interpreter; a native sort, not.
    const startBits = 32 - Math.clz32(length);
    const packed = this.table.tokenCount <= 2 ** (31 - startBits);
    const seeds = this.seedPairs(bytes, length, packed ? startBits : 0);
    if (packed) this.seedKeys.subarray(0, seeds).sort();
    else heapify(this.heapRanks, this.heapStarts, seeds);
    this.mergePairs(bytes, length, packed ? 0 : seeds, packed ? seeds : 0, startBits);
    this.count = collectParts(this.table.byteRanks, bytes, length, this.next, this.partRanks, this.starts, this.ranks);
  }

  /**
   * Every byte its own part; each adjacent pair that is a token goes to the seed keys (with
   * `startBits`) or the heap (0). Returns how many pairs there are.
   */
  private seedPairs(bytes: Uint8Array, length: number, startBits: number): number {
    const { next, prev, pairRanks, heapRanks, heapStarts, seedKeys } = this;
    const pairTable = this.table.pairRanks;
    let size = 0;
    for (let i = 0; i < length; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      const rank = i + 1 < length ? pairTable[(bytes[i] << 8) | bytes[i + 1]] : -1;
      pairRanks[i] = rank;
      if (rank === -1) continue;
      if (startBits > 0) seedKeys[size++] = (rank << startBits) | i;
      else {
        heapRanks[size] = rank;
        heapStarts[size++] = i;
      }
    }
    return size;
  }

  /**
   * Merges the lowest-ranked pair until none is left, taking each next pair from the heap or from
   * the sorted seed keys (`seeds` of them, start in the low `startBits` bits), whichever is lower.
   */
  private mergePairs(bytes: Uint8Array, length: number, heapSize: number, seeds: number, startBits: number): void {
    const { table, next, prev, pairRanks, partRanks, heapRanks, heapStarts, seedKeys } = this;
    const pairTable = table.pairRanks;
    const startMask = (1 << startBits) - 1;
    let size = heapSize;
    let seed = 0;
    for (;;) {
      let rank: number;
      let start: number;
      const key = seed < seeds ? seedKeys[seed] : -1;
      const seedRank = key >> startBits;
      const seedStart = key & startMask;
      if (key !== -1 && (size === 0 || seedRank < heapRanks[0] || (seedRank === heapRanks[0] && seedStart < heapStarts[0]))) {
        rank = seedRank;
        start = seedStart;
        seed++;
      } else if (size > 0) {
        rank = heapRanks[0];
        start = heapStarts[0];
        size--;
        siftDown(heapRanks, heapStarts, size, 0, heapRanks[size], heapStarts[size]);
      } else break;
      // Stale entries: the part was absorbed (pairRanks reset to -1) or its pair changed.
      if (pairRanks[start] !== rank) continue;
      partRanks[start] = rank;
      const absorbed = next[start];
      const after = next[absorbed];
      next[start] = after;
      if (after < length) prev[after] = start;
      pairRanks[absorbed] = -1;
      // The merged part's new pair on the right, and its left neighbour's pair.
      for (let side = 0; side < 2; side++) {
        const left = side === 0 ? start : prev[start];
        if (left < 0) continue;
        const right = next[left];
        const joined = right < length ? joinedRank(table, pairTable, bytes, left, next[right]) : -1;
        pairRanks[left] = joined;
        if (joined === -1) continue;
        siftUp(heapRanks, heapStarts, size++, joined, left);
      }
    }
  }

}

/**
 * Rank of bytes [start, end) (two bytes or more), -1 when they are no token. A function of its
 * own, called for every join: the first optimisation of mergePairs then has feedback for the
 * lookup too (it used to see only two-byte joins in CJK text, and deoptimise at the first longer one).
 */
function joinedRank(table: RankTable, pairTable: Int32Array, bytes: Uint8Array, start: number, end: number): number {
  return end - start === 2 ? pairTable[(bytes[start] << 8) | bytes[start + 1]] : table.lookup(bytes, start, end);
}

/**
 * Writes the parts left in the list `next` (from byte 0) to `starts` and their ranks to `ranks`
 * (single bytes from `byteRanks`, longer parts from `partRanks`, no lookup); returns how many
 * there are. A function of its own, with one loop: the caller, run once per piece, then never
 * gets hot enough for the optimising compiler to recompile it with every merge step inlined (the
 * largest compile of a cold process's first long chunk).
 */
function collectParts(byteRanks: Int32Array, bytes: Uint8Array, length: number, next: Int32Array, partRanks: Int32Array, starts: Int32Array, ranks: Int32Array): number {
  let parts = 0;
  for (let start = 0; start < length; start = next[start]) {
    starts[parts] = start;
    ranks[parts++] = next[start] - start === 1 ? byteRanks[bytes[start]] : partRanks[start];
  }
  starts[parts] = length;
  return parts;
}

// The heap is two arrays, `ranks` and `starts`: entry i is (ranks[i], starts[i]), ordered by rank, then start.

/** Orders entries [0, size) as a min-heap in one linear pass (Floyd). */
function heapify(ranks: Int32Array, starts: Int32Array, size: number): void {
  for (let root = (size >> 1) - 1; root >= 0; root--) siftDown(ranks, starts, size, root, ranks[root], starts[root]);
}

/** Puts (rank, start) at `from` of a heap of `size` entries, or lower down where it belongs. */
function siftDown(ranks: Int32Array, starts: Int32Array, size: number, from: number, rank: number, start: number): void {
  let at = from;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    let childRank = ranks[child];
    if (child + 1 < size) {
      const rightRank = ranks[child + 1];
      if (rightRank < childRank || (rightRank === childRank && starts[child + 1] < starts[child])) {
        child++;
        childRank = rightRank;
      }
    }
    const childStart = starts[child];
    if (childRank > rank || (childRank === rank && childStart >= start)) break;
    ranks[at] = childRank;
    starts[at] = childStart;
    at = child;
  }
  ranks[at] = rank;
  starts[at] = start;
}

/** Adds (rank, start) as entry `size`, moved up where it belongs. */
function siftUp(ranks: Int32Array, starts: Int32Array, size: number, rank: number, start: number): void {
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    const parentRank = ranks[parent];
    if (parentRank < rank || (parentRank === rank && starts[parent] <= start)) break;
    ranks[at] = parentRank;
    starts[at] = starts[parent];
    at = parent;
  }
  ranks[at] = rank;
  starts[at] = start;
}
