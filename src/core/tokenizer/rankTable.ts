import type { Spare } from './spare';
import type { RankData } from './rankFile';

/**
 * Most slots a row of filled hash slots may span: every lookup, hit or miss, ends within one row,
 * so this bounds a lookup however the tokens were chosen. Tables at most half full, as built here,
 * have rows of 14–45 for the shipped vocabularies (about 60 for random hashes at 2^22 tokens).
 */
export const MAX_HASH_RUN = 256;
/** Most earlier tokens of one length and one full hash an insert may compare bytes with (honest files: about one in all). */
export const MAX_HASH_CLASHES = 8;

/** The tokens crowd the hash table (chosen to collide): lookups would no longer take constant time. */
export class CrowdedHashTableError extends Error {
  constructor(readonly found: string) {
    super(`expected tokens spread over the hash table (rows of at most ${MAX_HASH_RUN} slots), found ${found}`);
    this.name = 'CrowdedHashTableError';
  }
}

/** An insert probed MAX_HASH_RUN slots. */
export const crowdedRow = (): CrowdedHashTableError => new CrowdedHashTableError(`a row of more than ${MAX_HASH_RUN}`);
/** An insert met more than MAX_HASH_CLASHES tokens of its length and full hash. */
export const crowdedClashes = (length: number): CrowdedHashTableError => new CrowdedHashTableError(`more than ${MAX_HASH_CLASHES} tokens of ${length} bytes with one hash`);
/** The table's longest row of filled slots is longer than MAX_HASH_RUN. */
export const crowdedLongestRow = (longest: number): CrowdedHashTableError => new CrowdedHashTableError(`a row of ${longest}`);

/**
 * Byte-string → rank lookup over the rank file's own bytes: an open-addressing hash
 * table of ranks in one Int32Array. Lookups hash a slice of a caller's buffer and
 * compare bytes in place, so the BPE loop allocates nothing.
 */
export class RankTable {
  readonly tokenCount: number;
  private readonly offsets: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  /**
   * One bit per value of 21 bits of the hash, set for every token's: a lookup whose bit is clear
   * is no token without touching `slots` (2 MB for o200k, a cache miss each time), which most
   * lookups of a merge are. Tables from ready-made slots have no filter: one word of all ones.
   */
  private readonly filter: Int32Array;
  private readonly filterMask: number;
  /** Rank of each single byte value (BPE starts from bytes). */
  readonly byteRanks: Int32Array;
  private pairs: Int32Array | undefined;

  /**
   * `slots` may come from an earlier table over the same data (`hashSlots`, e.g. from a cache).
   * From outside, the caller checks that one slot is free (so lookups end); a slot naming no
   * token only misses, since a lookup compares the token's bytes.
   */
  constructor(data: RankData, slots?: Int32Array) {
    this.tokenCount = data.tokenCount;
    this.offsets = data.offsets;
    this.bytes = data.bytes;
    this.slots = slots ?? new Int32Array(RankTable.slotCount(data.tokenCount)).fill(-1);
    this.mask = this.slots.length - 1;
    // Ready-made slots (a cache) need no pass over the tokens; the pair table then waits for a reader.
    if (slots === undefined) {
      this.pairs = new Int32Array(65536).fill(-1);
      this.filter = new Int32Array(FILTER_WORDS);
      indexTokens(data, this.slots, this.pairs, this.filter, true, 0, data.tokenCount);
    } else this.filter = Int32Array.of(-1);
    this.filterMask = this.filter.length - 1;
    this.byteRanks = new Int32Array(256).fill(-1);
    const one = new Uint8Array(1);
    for (let b = 0; b < 256; b++) {
      one[0] = b;
      this.byteRanks[b] = this.lookup(one, 0, 1);
    }
  }

  /** Rank of each two-byte token, at (first << 8) | second; -1 where the pair is not a token. */
  get pairRanks(): Int32Array {
    if (this.pairs === undefined) {
      this.pairs = new Int32Array(65536).fill(-1);
      indexTokens({ offsets: this.offsets, bytes: this.bytes }, this.slots, this.pairs, NO_FILTER, false, 0, this.tokenCount);
    }
    return this.pairs;
  }

  /** The hash slots to store beside the data and pass back to the constructor. */
  get hashSlots(): Int32Array {
    return this.slots;
  }

  /**
   * The hash slots the constructor would build, filled a slice of ranks at a time with `pause()`
   * between slices: a thread shared with others (the extension host) is never held for the whole pass.
   */
  static async buildSlots(data: Pick<RankData, 'tokenCount' | 'offsets' | 'bytes'>, pause: () => Promise<void>, ranksPerSlice = 16_384): Promise<Int32Array> {
    const slots = new Int32Array(RankTable.slotCount(data.tokenCount)).fill(-1);
    const noPairs = new Int32Array(0);
    for (let from = 0; from < data.tokenCount; from += ranksPerSlice) {
      indexTokens(data, slots, noPairs, NO_FILTER, true, from, Math.min(data.tokenCount, from + ranksPerSlice));
      await pause();
    }
    return slots;
  }

  static slotCount(tokenCount: number): number {
    let size = 1;
    while (size < tokenCount * 2) size <<= 1;
    return size;
  }

  /**
   * Hash slots (`size`, a power of two above the tokens with bytes) for tokens whose byte strings all differ (as indexTokens builds them);
   * undefined when two tokens share their bytes. Throws CrowdedHashTableError (checkRuns) before any insert costs more than MAX_HASH_RUN
   * slots or MAX_HASH_CLASHES byte comparisons: bytes are compared only under the same full hash.
   */
  static uniqueSlots({ tokenCount, offsets, bytes }: Pick<RankData, 'tokenCount' | 'offsets' | 'bytes'>, size = RankTable.slotCount(tokenCount), spare?: Spare): Int32Array | undefined {
    const slots = new Int32Array(size).fill(-1);
    // Each token's hash is written before a later one reads it: spare memory needs no zeroing.
    const hashes = spare ? spare.int32(tokenCount) : new Int32Array(tokenCount);
    const mask = slots.length - 1;
    for (let rank = 0; rank < tokenCount; rank++) {
      const start = offsets[rank];
      const length = offsets[rank + 1] - start;
      if (length === 0) continue;
      let hash = 0x811c9dc5;
      for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
      hash ^= hash >>> 15;
      hashes[rank] = hash;
      let slot = hash & mask;
      let clashes = 0;
      for (let other = slots[slot], probe = 1; other !== -1; slot = (slot + 1) & mask, other = slots[slot], probe++) {
        if (probe >= MAX_HASH_RUN) throw crowdedRow();
        const otherStart = offsets[other];
        if (offsets[other + 1] - otherStart !== length || hashes[other] !== hash) continue;
        if (++clashes > MAX_HASH_CLASHES) throw crowdedClashes(length);
        let i = 0;
        while (i < length && bytes[otherStart + i] === bytes[start + i]) i++;
        if (i === length) return undefined;
      }
      slots[slot] = rank;
    }
    spare?.release(hashes);
    return RankTable.checkRuns(slots);
  }

  /**
   * `slots` when no row of filled slots is longer than MAX_HASH_RUN; otherwise throws CrowdedHashTableError. One pass
   * (~5 ms cold at 2^19 slots): made where an untrusted vocabulary's table is built (uniqueSlots, the Hugging Face
   * word model), not for the rank files Token Lens ships, whose tables are built at every encoder load.
   */
  static checkRuns(slots: Int32Array): Int32Array {
    const longest = longestRun(slots);
    if (longest > MAX_HASH_RUN) throw crowdedLongestRow(longest);
    return slots;
  }

  /** Rank of `buffer[start, end)`, or -1 when it is not a token. */
  lookup(buffer: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const { slots, offsets, bytes, mask } = this;
    const hash = hashBytes(buffer, start, end);
    if ((this.filter[(hash >>> 5) & this.filterMask] & (1 << (hash & 31))) === 0) return -1;
    let slot = hash & mask;
    for (;;) {
      const rank = slots[slot];
      if (rank === -1) return -1;
      const tokenStart = offsets[rank];
      if (offsets[rank + 1] - tokenStart === length) {
        let i = 0;
        while (i < length && bytes[tokenStart + i] === buffer[start + i]) i++;
        if (i === length) return rank;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Rank of `text[start, end)` when every character is ASCII (so its UTF-8 bytes are its char
   * codes): -1 when it is not a token, -2 when a character is not ASCII. No allocation.
   */
  lookupAscii(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return -2;
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    const length = end - start;
    const { slots, offsets, bytes, mask } = this;
    hash ^= hash >>> 15;
    if ((this.filter[(hash >>> 5) & this.filterMask] & (1 << (hash & 31))) === 0) return -1;
    let slot = hash & mask;
    for (;;) {
      const rank = slots[slot];
      if (rank === -1) return -1;
      const tokenStart = offsets[rank];
      if (offsets[rank + 1] - tokenStart === length) {
        let i = 0;
        while (i < length && bytes[tokenStart + i] === text.charCodeAt(start + i)) i++;
        if (i === length) return rank;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The bytes of an ordinary token (a view; do not modify). Empty for unused ranks. */
  tokenBytes(rank: number): Uint8Array {
    return this.bytes.subarray(this.offsets[rank], this.offsets[rank + 1]);
  }

  tokenLength(rank: number): number {
    return this.offsets[rank + 1] - this.offsets[rank];
  }
}

/** Words of RankTable's filter: 2^21 bits, 256 KB, about one bit in ten set for o200k's tokens. */
const FILTER_WORDS = 1 << 16;
const NO_FILTER = new Int32Array(0);

/**
 * One pass over ranks [from, to): two-byte tokens into the pair table (when it has room) and,
 * unless the slots came ready-made, every token into its hash slot and its bit of `filter` (when
 * it has room). One loop with hashBytes written out in it: this runs at every load, in a fresh
 * process mostly before the optimising compiler has seen it.
 */
function indexTokens(
  { offsets, bytes }: Pick<RankData, 'offsets' | 'bytes'>,
  slots: Int32Array,
  pairRanks: Int32Array,
  filter: Int32Array,
  fillSlots: boolean,
  from: number,
  to: number,
): void {
  const mask = slots.length - 1;
  const filterMask = filter.length - 1;
  const pairs = pairRanks.length > 0;
  for (let rank = from; rank < to; rank++) {
    const start = offsets[rank];
    const end = offsets[rank + 1];
    if (pairs && end - start === 2) pairRanks[(bytes[start] << 8) | bytes[start + 1]] = rank;
    if (!fillSlots || start === end) continue;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    hash ^= hash >>> 15;
    if (filterMask !== -1) filter[(hash >>> 5) & filterMask] |= 1 << (hash & 31);
    let slot = hash & mask;
    for (let probe = 1; slots[slot] !== -1; probe++) {
      if (probe >= MAX_HASH_RUN) throw crowdedRow();
      slot = (slot + 1) & mask;
    }
    slots[slot] = rank;
  }
}

/** The longest row of filled slots, wrapping around the end (a table with no free slot: its size). */
export function longestRun(slots: Int32Array): number {
  let first = 0;
  while (first < slots.length && slots[first] !== -1) first++;
  if (first === slots.length) return first;
  let longest = 0;
  let run = 0;
  for (let k = 1; k <= slots.length; k++) {
    if (slots[(first + k) & (slots.length - 1)] === -1) run = 0;
    else if (++run > longest) longest = run;
  }
  return longest;
}

/** FNV-1a over buffer[start, end), with the high bits folded in (indexTokens writes it out too). */
function hashBytes(buffer: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash = Math.imul(hash ^ buffer[i], 0x01000193);
  }
  return hash ^ (hash >>> 15);
}
