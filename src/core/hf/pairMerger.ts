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
 * What merging asks of a merge table: the order key of the merge (left, right), or -1 when the
 * pair is not a merge; a lower key merges first, and keys order merges as their ranks do. After
 * a hit, `found` is the id the merge gives. Keys are integers below 2^53.
 */
export interface MergeLookup {
  find(left: number, right: number): number;
  readonly found: number;
}

/**
 * Merge table: (left, right) → rank and resulting id. Compressed rows by left id: row `left`
 * holds keys right × 2^32 + rank, sorted, so a lookup is a binary search in one short row.
 * Compact (8 bytes a merge), built in linear passes, and checked in one pass when it comes
 * from a cache.
 */
export class MergeTable implements MergeLookup {
  readonly size: number;
  found = -1;
  /** Row `left` is keys[rows[left], rows[left + 1]). */
  readonly rows: Int32Array;
  readonly keys: Float64Array;
  /** The id each merge gives, by rank. */
  readonly results: Int32Array;

  /**
   * `merges` holds [left, right, result] per rank. A pair listed twice keeps its last rank, as
   * Hugging Face does. `prebuilt` tables come from an earlier table (a cache, which checks them).
   */
  constructor(merges: Int32Array, tokenCount: number, prebuilt?: { readonly rows: Int32Array; readonly keys: Float64Array; readonly results: Int32Array }) {
    if (prebuilt) {
      this.size = prebuilt.results.length;
      this.rows = prebuilt.rows;
      this.keys = prebuilt.keys;
      this.results = prebuilt.results;
      return;
    }
    this.size = merges.length / 3;
    const rows = new Int32Array(tokenCount + 1);
    for (let rank = 0; rank < this.size; rank++) rows[merges[3 * rank] + 1]++;
    for (let id = 0; id < tokenCount; id++) rows[id + 1] += rows[id];
    const fill = rows.slice(0, tokenCount);
    const keys = new Float64Array(this.size);
    const results = new Int32Array(this.size);
    for (let rank = 0; rank < this.size; rank++) {
      keys[fill[merges[3 * rank]]++] = merges[3 * rank + 1] * TWO_32 + rank;
      results[rank] = merges[3 * rank + 2];
    }
    for (let id = 0; id < tokenCount; id++) if (rows[id + 1] - rows[id] > 1) keys.subarray(rows[id], rows[id + 1]).sort();
    this.rows = rows;
    this.keys = keys;
    this.results = results;
  }

  /** Rank of the merge (left, right), or -1 when the pair is not a merge. */
  find(left: number, right: number): number {
    const { rows, keys } = this;
    // The last key below (right + 1) × 2^32: the pair's latest rank, if the pair is listed.
    const first = rows[left];
    let low = first;
    let high = rows[left + 1];
    const bound = (right + 1) * TWO_32;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (keys[middle] < bound) low = middle + 1;
      else high = middle;
    }
    if (low === first) return -1;
    const rank = keys[low - 1] - right * TWO_32;
    if (!(rank >= 0 && rank < this.size)) return -1;
    this.found = this.results[rank];
    return rank;
  }
}

const TWO_32 = 4294967296;

/** Merges a word of symbols in place. Symbol k is ids[k] starting at starts[k]; starts[count] is the end. */
export class PairMerger {
  static readonly HEAP_THRESHOLD = 48;
  /** Per adjacent pair (named by its left symbol): its merge key, -1 when it is not a merge. */
  private pairKeys = new Float64Array(64);
  private pairResults = new Int32Array(64);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  /** The heap: merge keys and the left symbol of each pair, lowest key first, then leftmost. */
  private heapKeys = new Float64Array(0);
  private heapAt = new Int32Array(0);

  constructor(private readonly table: MergeLookup) {}

  /** Returns the new symbol count; ids and starts are compacted in place (starts[count] stays the end). */
  merge(ids: Int32Array, starts: Int32Array, count: number): number {
    if (count < 2) return count;
    if (this.pairKeys.length < count) {
      this.pairKeys = new Float64Array(count * 2);
      this.pairResults = new Int32Array(count * 2);
    }
    return count <= PairMerger.HEAP_THRESHOLD ? this.mergeByScan(ids, starts, count) : this.mergeByHeap(ids, starts, count);
  }

  /** Records the pair (ids[k], ids[k + 1]) at `at`; returns its key. */
  private pair(ids: Int32Array, k: number, at: number): number {
    const key = this.table.find(ids[k], ids[k + 1]);
    this.pairKeys[at] = key;
    if (key !== -1) this.pairResults[at] = this.table.found;
    return key;
  }

  private mergeByScan(ids: Int32Array, starts: Int32Array, count: number): number {
    const { pairKeys, pairResults } = this;
    for (let k = 0; k + 1 < count; k++) this.pair(ids, k, k);
    while (count > 1) {
      let best = -1;
      let bestKey = Infinity;
      for (let k = 0; k + 1 < count; k++) {
        const key = pairKeys[k];
        if (key !== -1 && key < bestKey) {
          bestKey = key;
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
        pairKeys[k] = pairKeys[k + 1];
        pairResults[k] = pairResults[k + 1];
      }
      count--;
      if (best + 1 < count) this.pair(ids, best, best);
      if (best > 0) this.pair(ids, best - 1, best - 1);
    }
    return count;
  }

  private mergeByHeap(ids: Int32Array, starts: Int32Array, count: number): number {
    if (this.next.length < count + 1) {
      this.next = new Int32Array(count + 1);
      this.prev = new Int32Array(count + 1);
      this.heapKeys = new Float64Array(3 * count);
      this.heapAt = new Int32Array(3 * count);
    }
    const { next, prev, pairKeys, pairResults, heapKeys, heapAt } = this;
    // Symbols are named by their index; the heap orders pairs by key, then leftmost.
    let size = 0;
    for (let i = 0; i < count; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      pairKeys[i] = -1;
      if (i + 1 < count && this.pair(ids, i, i) !== -1) {
        heapKeys[size] = pairKeys[i];
        heapAt[size++] = i;
      }
    }
    for (let root = (size >> 1) - 1; root >= 0; root--) siftDown(heapKeys, heapAt, size, root, heapKeys[root], heapAt[root]);
    let parts = count;
    while (size > 0) {
      const key = heapKeys[0];
      const start = heapAt[0];
      size--;
      siftDown(heapKeys, heapAt, size, 0, heapKeys[size], heapAt[size]);
      if (pairKeys[start] !== key) continue; // stale: absorbed, or its pair changed
      const absorbed = next[start];
      ids[start] = pairResults[start];
      const after = next[absorbed];
      next[start] = after;
      if (after < count) prev[after] = start;
      pairKeys[absorbed] = -1;
      parts--;
      for (let side = 0; side < 2; side++) {
        const left = side === 0 ? start : prev[start];
        if (left < 0) continue;
        const right = next[left];
        pairKeys[left] = -1;
        if (right >= count) continue;
        const joined = this.table.find(ids[left], ids[right]);
        if (joined === -1) continue;
        pairKeys[left] = joined;
        pairResults[left] = this.table.found;
        let up = size++;
        while (up > 0) {
          const parent = (up - 1) >> 1;
          if (heapKeys[parent] < joined || (heapKeys[parent] === joined && heapAt[parent] < left)) break;
          heapKeys[up] = heapKeys[parent];
          heapAt[up] = heapAt[parent];
          up = parent;
        }
        heapKeys[up] = joined;
        heapAt[up] = left;
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

/** Puts (key, at) into the heap of `size` entries at `from` or below it. */
function siftDown(keys: Float64Array, ats: Int32Array, size: number, from: number, key: number, at: number): void {
  let hole = from;
  for (;;) {
    let child = 2 * hole + 1;
    if (child >= size) break;
    if (child + 1 < size && (keys[child + 1] < keys[child] || (keys[child + 1] === keys[child] && ats[child + 1] < ats[child]))) child++;
    if (keys[child] > key || (keys[child] === key && ats[child] > at)) break;
    keys[hole] = keys[child];
    ats[hole] = ats[child];
    hole = child;
  }
  keys[hole] = key;
  ats[hole] = at;
}
