/**
 * Tokens of up to four bytes, looked up by their bytes packed into one integer: most halves of a
 * merge are this short (61% in Gemma 3, 79% in Llama 3), and this table, a few hundred KB, stays
 * in cache while a load scans the file, where the whole vocabulary's hash table (several MB, three
 * dependent reads a lookup) does not.
 */

import type { Spare } from '../tokenizer/spare';

/** The longest token this table holds, in bytes. */
export const SHORT_TOKEN_BYTES = 4;

export class ShortTokenTable {
  /** Pairs [packed bytes, id × 4 + length − 1], by hash slot; a free slot's second entry is -1. */
  private readonly slots: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  /** Token `id` is bytes[offsets[id], offsets[id + 1]); tokens' bytes all differ (or the first one listed wins). */
  constructor(tokenCount: number, offsets: Uint32Array, bytes: Uint8Array, spare?: Spare) {
    let count = 0;
    for (let id = 0; id < tokenCount; id++) {
      const length = offsets[id + 1] - offsets[id];
      if (length > 0 && length <= SHORT_TOKEN_BYTES) count++;
    }
    // At most half full, so a probe mostly ends at its first slot.
    let bits = 4;
    while (1 << bits < 2 * count) bits++;
    this.slots = (spare ? spare.int32(2 << bits) : new Int32Array(2 << bits)).fill(-1);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    for (let id = 0; id < tokenCount; id++) {
      const start = offsets[id];
      const length = offsets[id + 1] - start;
      if (length === 0 || length > SHORT_TOKEN_BYTES) continue;
      const key = pack(bytes, start, length);
      let slot = this.slotOf(key, length);
      for (;;) {
        const value = this.slots[2 * slot + 1];
        if (value === -1) break;
        if (this.slots[2 * slot] === key && (value & 3) === length - 1) break;
        slot = (slot + 1) & this.mask;
      }
      if (this.slots[2 * slot + 1] !== -1) continue;
      this.slots[2 * slot] = key;
      this.slots[2 * slot + 1] = id * 4 + length - 1;
    }
  }

  /** Gives the table's memory to `spare`: the table is not used after. */
  releaseTo(spare: Spare): void {
    spare.release(this.slots);
  }

  /** The id of buffer[start, start + length) (1 ≤ length ≤ SHORT_TOKEN_BYTES), -1 when it is not a token. */
  lookup(buffer: Uint8Array, start: number, length: number): number {
    const key = pack(buffer, start, length);
    const { slots, mask } = this;
    for (let slot = this.slotOf(key, length); ; slot = (slot + 1) & mask) {
      const value = slots[2 * slot + 1];
      if (value === -1) return -1;
      if (slots[2 * slot] === key && (value & 3) === length - 1) return value >> 2;
    }
  }

  private slotOf(key: number, length: number): number {
    return Math.imul(key ^ Math.imul(length, 0x27d4eb2d), 0x9e3779b1) >>> this.shift;
  }
}

/** Up to four bytes as one integer, first byte lowest. */
function pack(bytes: Uint8Array, start: number, length: number): number {
  let key = bytes[start];
  if (length > 1) key |= bytes[start + 1] << 8;
  if (length > 2) key |= bytes[start + 2] << 16;
  if (length > 3) key |= bytes[start + 3] << 24;
  return key;
}
