/**
 * The tokens of recently seen chunks, keyed by the chunk's text. Every entry's tokens live in
 * one growing Int32Array, so an entry costs the key string and a number in the Map, not a typed
 * array of its own: a fresh process encoding 20,000 characters of base64 makes ~10,000 entries,
 * and typed arrays per entry cost it a young-generation collection of ~10 ms.
 */
export class ChunkCache {
  /** Per entry, at its offset: the token count n, then n [id, start, end] triples (offsets relative to the chunk). */
  data = new Int32Array(16_384);
  private readonly offsets = new Map<string, number>();
  private used = 0;

  /** `maxEntries` and `maxValues` (Int32 slots of `data`) bound memory: reaching either empties the cache. */
  constructor(
    private readonly maxEntries = 100_000,
    private readonly maxValues = 1 << 22,
  ) {}

  /** Where `key`'s entry starts in `data` (its count, then its triples), or -1. */
  find(key: string): number {
    return this.offsets.get(key) ?? -1;
  }

  /** Stores `count` triples from `triples` as `key`'s entry; returns its offset in `data`. */
  add(key: string, triples: Int32Array, count: number): number {
    const size = 1 + 3 * count;
    if (this.offsets.size >= this.maxEntries || this.used + size > this.maxValues) {
      this.offsets.clear();
      this.used = 0;
    }
    if (this.used + size > this.data.length) {
      const grown = new Int32Array(Math.max(this.used + size, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    const at = this.used;
    this.data[at] = count;
    this.data.set(triples.subarray(0, 3 * count), at + 1);
    this.used += size;
    this.offsets.set(key, at);
    return at;
  }

  get size(): number {
    return this.offsets.size;
  }
}
