// AssemblyScript (see ./load.ts): the vocabulary's hash table, built as src/core/tokenizer/rankTable.ts's
// uniqueSlots builds it (the same slots for the same tokens), for a first load.

import { hash } from './vocabulary';

let clashLength: u32 = 0;

/** After buildUniqueSlots answered 3: the length of the tokens that share one hash. */
export function clashingLength(): u32 {
  return clashLength;
}

/**
 * Fills slots (a power of two of them) with the ids of the tokens that have bytes, each where its
 * hash's probe ends, keeping every token's hash in hashes: 0 when done; 1 when two tokens share
 * their bytes; 2 when an insert probed `maxRun` slots; 3 when it met more than `maxClashes` tokens
 * of its length and hash (clashingLength()).
 */
export function buildUniqueSlots(offsetsAt: usize, bytesAt: usize, tokens: i32, slotsAt: usize, slotCount: u32, hashesAt: usize, maxRun: i32, maxClashes: i32): i32 {
  memory.fill(slotsAt, 0xff, <usize>slotCount << 2);
  const mask = slotCount - 1;
  for (let rank = 0; rank < tokens; rank++) {
    const start = load<u32>(offsetsAt + (<usize>rank << 2));
    const length = load<u32>(offsetsAt + ((<usize>rank + 1) << 2)) - start;
    if (length == 0) continue;
    const h = hash(bytesAt + start, length);
    store<u32>(hashesAt + (<usize>rank << 2), h);
    let slot = h & mask;
    let clashes = 0;
    let probe = 1;
    let other = load<i32>(slotsAt + (<usize>slot << 2));
    while (other != -1) {
      if (probe >= maxRun) return 2;
      const otherStart = load<u32>(offsetsAt + (<usize>other << 2));
      if (load<u32>(offsetsAt + ((<usize>other + 1) << 2)) - otherStart == length && load<u32>(hashesAt + (<usize>other << 2)) == h) {
        if (++clashes > maxClashes) {
          clashLength = length;
          return 3;
        }
        let i: u32 = 0;
        while (i < length && load<u8>(bytesAt + otherStart + i) == load<u8>(bytesAt + start + i)) i++;
        if (i == length) return 1;
      }
      slot = (slot + 1) & mask;
      other = load<i32>(slotsAt + (<usize>slot << 2));
      probe++;
    }
    store<i32>(slotsAt + (<usize>slot << 2), rank);
  }
  return 0;
}

/** The longest row of filled slots (rankTable.ts's longestRun). */
export function longestRunOf(slotsAt: usize, slotCount: u32): u32 {
  let first: u32 = 0;
  while (first < slotCount && load<i32>(slotsAt + (<usize>first << 2)) != -1) first++;
  if (first == slotCount) return first;
  let longest: u32 = 0;
  let run: u32 = 0;
  for (let k: u32 = 1; k <= slotCount; k++) {
    if (load<i32>(slotsAt + (<usize>((first + k) & (slotCount - 1)) << 2)) == -1) run = 0;
    else if (++run > longest) longest = run;
  }
  return longest;
}
