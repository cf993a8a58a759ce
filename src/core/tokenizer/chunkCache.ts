/**
 * The tokens of recently seen chunks, keyed by the chunk's text, without a JavaScript object per
 * entry: the keys' UTF-16 units and the tokens live in one growing Int32Array, found through an
 * open-addressed table of offsets. A lookup reads the chunk in place (no slice of the text), and a
 * fresh process that meets ~10,000 distinct chunks (20,000 characters of base64) allocates a few
 * typed arrays, not ~10,000 strings and a growing Map that young-generation collections copy.
 */
export class ChunkCache {
  /**
   * Entries one after another. At an entry's start: its key's hash, the key's length n (-n - 1
   * once a later entry replaced it), the key's n UTF-16 units two to an int; then, at the offset
   * `find` and `add` return, the token count c and c [id, start, end] triples (offsets relative to
   * the chunk).
   */
  data = new Int32Array(16_384);
  /** Open addressing with linear probing: 0 is empty, else the entry's start + 1. At most half full. */
  private slots = new Int32Array(4_096);
  private entries = 0;
  private used = 0;

  /** `maxEntries` and `maxValues` (Int32 slots of `data`) bound memory: reaching either empties the cache. */
  constructor(
    private readonly maxEntries = 100_000,
    private readonly maxValues = 1 << 22,
  ) {}

  /** Where the entry for `text[start, end)` has its token count in `data`, or -1. */
  find(text: string, start: number, end: number): number {
    const entry = this.slots[this.slotOf(text, start, end, hashUnits(text, start, end))] - 1;
    return entry < 0 ? -1 : entry + 2 + ((end - start + 1) >> 1);
  }

  /** The slot that holds the entry for `text[start, end)` (of hash `hash`), or the empty slot where it would go. */
  private slotOf(text: string, start: number, end: number, hash: number): number {
    const { data, slots } = this;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] - 1;
      if (entry < 0 || (data[entry] === hash && data[entry + 1] === end - start && sameUnits(data, entry + 2, text, start, end))) return slot;
    }
  }

  /** Stores `count` triples from `triples` as the entry for `text[start, end)`; returns where its count is in `data`. */
  add(text: string, start: number, end: number, triples: Int32Array, count: number): number {
    const length = end - start;
    const keyInts = (length + 1) >> 1;
    const size = 3 + keyInts + 3 * count;
    if (this.entries >= this.maxEntries || this.used + size > this.maxValues) this.clear();
    if (this.used + size > this.data.length) {
      const grown = new Int32Array(Math.max(this.used + size, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    if (2 * (this.entries + 1) > this.slots.length) this.rehash(2 * this.slots.length);
    const data = this.data;
    const at = this.used;
    const hash = hashUnits(text, start, end);
    data[at] = hash;
    data[at + 1] = length;
    for (let i = 0, k = at + 2; i < length; i += 2, k++) {
      data[k] = text.charCodeAt(start + i) | (i + 1 < length ? text.charCodeAt(start + i + 1) << 16 : 0);
    }
    const counted = at + 2 + keyInts;
    data[counted] = count;
    // A loop, not set(subarray()): a fresh process adds thousands of entries of a few values before
    // this is optimised, and each subarray is an object the interpreter makes through a builtin.
    for (let k = 0; k < 3 * count; k++) data[counted + 1 + k] = triples[k];
    this.used += size;
    // A key stored again (its tokens recomputed with spans) replaces the old entry, which is marked
    // dead (its length n stored as -n - 1) so that no lookup matches it and no rehash places it again.
    const slot = this.slotOf(text, start, end, hash);
    const old = this.slots[slot] - 1;
    if (old >= 0) data[old + 1] = -length - 1;
    else this.entries++;
    this.slots[slot] = at + 1;
    return counted;
  }

  get size(): number {
    return this.entries;
  }

  private clear(): void {
    this.slots.fill(0);
    this.entries = 0;
    this.used = 0;
  }

  private place(hash: number, entry: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  /** A table of `capacity` slots holding every entry (their hashes are stored with them). */
  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    const data = this.data;
    for (let entry = 0; entry < this.used; ) {
      const stored = data[entry + 1];
      const keyInts = ((stored >= 0 ? stored : -stored - 1) + 1) >> 1;
      if (stored >= 0) this.place(data[entry], entry);
      entry += 3 + keyInts + 3 * data[entry + 2 + keyInts];
    }
  }
}

/** FNV-1a over UTF-16 units. */
function hashUnits(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** Whether the units packed two to an int from `data[at]` spell `text[start, end)`. */
function sameUnits(data: Int32Array, at: number, text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 2, at++) {
    const pair = text.charCodeAt(i) | (i + 1 < end ? text.charCodeAt(i + 1) << 16 : 0);
    if (data[at] !== pair) return false;
  }
  return true;
}
