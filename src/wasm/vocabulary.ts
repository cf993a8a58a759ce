// AssemblyScript (see ./mergesScan.ts): the vocabulary a load scanned, and its lookups.

/** Token t is bytes[offsets[t], offsets[t + 1]); slots: RankTable's hash table over them. */
let offsets: usize = 0;
let bytes: usize = 0;
let tokenCount: i32 = 0;
let slots: usize = 0;
let slotMask: u32 = 0;
/** Tokens of 1 to 4 bytes by their packed bytes (most halves of a merge are this short: 61% in Gemma 3, 79% in Llama 3; this table, a few hundred KB, stays in cache where the whole hash table does not): pairs [key, id × 4 + length − 1]. */
let shortSlots: usize = 0;
let shortShift: u32 = 0;
let shortMask: u32 = 0;
export const SHORT_TOKEN_BYTES: u32 = 4;

@inline export function offsetOf(id: i32): u32 {
  return load<u32>(offsets + (<usize>id << 2));
}

@inline function sameBytes(a: usize, b: usize, length: u32): bool {
  for (let i: u32 = 0; i < length; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** RankTable's hash. */
@inline export function hash(at: usize, length: u32): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i: u32 = 0; i < length; i++) h = (h ^ load<u8>(at + i)) * 0x01000193;
  return h ^ (h >> 15);
}

/** The id of the token spelled by memory[at, at + length), −1 when none. */
export function lookup(at: usize, length: u32): i32 {
  let slot = hash(at, length) & slotMask;
  while (true) {
    const id = load<i32>(slots + (<usize>slot << 2));
    if (id < 0) return -1;
    const start = offsetOf(id);
    if (offsetOf(id + 1) - start == length && sameBytes(bytes + start, at, length)) return id;
    slot = (slot + 1) & slotMask;
  }
}

@inline function pack(at: usize, length: u32): u32 {
  let key: u32 = load<u8>(at);
  if (length > 1) key |= (<u32>load<u8>(at + 1)) << 8;
  if (length > 2) key |= (<u32>load<u8>(at + 2)) << 16;
  if (length > 3) key |= (<u32>load<u8>(at + 3)) << 24;
  return key;
}

@inline function shortSlotOf(key: u32, length: u32): u32 {
  return ((key ^ (length * 0x27d4eb2d)) * 0x9e3779b1) >> shortShift;
}

/** Whether memory[at, at + length) (1 ≤ length ≤ 4) is a token. */
@inline export function isShortToken(at: usize, length: u32): bool {
  const key = pack(at, length);
  let slot = shortSlotOf(key, length);
  while (true) {
    const value = load<i32>(shortSlots + (<usize>slot << 3) + 4);
    if (value == -1) return false;
    if (load<u32>(shortSlots + (<usize>slot << 3)) == key && <u32>(value & 3) == length - 1) return true;
    slot = (slot + 1) & shortMask;
  }
}

/** Whether memory[at, at + length) (1 ≤ length ≤ 4) is a token, by the short-token table: its own test's way in. */
export function isShortTokenAt(at: usize, length: u32): bool {
  return isShortToken(at, length);
}

/** How many tokens the short-token table holds (the caller sizes it: at least twice as many slots). */
export function countShortTokens(offsetsAt: usize, tokens: i32): i32 {
  let found = 0;
  for (let id = 0; id < tokens; id++) {
    const length = load<u32>(offsetsAt + ((<usize>id + 1) << 2)) - load<u32>(offsetsAt + (<usize>id << 2));
    if (length > 0 && length <= SHORT_TOKEN_BYTES) found++;
  }
  return found;
}

/** The vocabulary and its hash table (`slotCount` a power of two), and room for the short-token table (2^shortBits pairs), which this fills. */
export function setupVocabulary(offsetsAt: usize, bytesAt: usize, tokens: i32, slotsAt: usize, slotCount: u32, shortAt: usize, shortBits: u32): void {
  offsets = offsetsAt;
  bytes = bytesAt;
  tokenCount = tokens;
  slots = slotsAt;
  slotMask = slotCount - 1;
  shortSlots = shortAt;
  shortShift = 32 - shortBits;
  shortMask = (1 << shortBits) - 1;
  memory.fill(shortAt, 0xff, (<usize>2 << shortBits) << 2);
  for (let id = 0; id < tokens; id++) {
    const start = offsetOf(id);
    const length = offsetOf(id + 1) - start;
    if (length == 0 || length > SHORT_TOKEN_BYTES) continue;
    const key = pack(bytes + start, length);
    let slot = shortSlotOf(key, length);
    while (true) {
      const value = load<i32>(shortAt + (<usize>slot << 3) + 4);
      if (value == -1) break;
      if (load<u32>(shortAt + (<usize>slot << 3)) == key && <u32>(value & 3) == length - 1) break;
      slot = (slot + 1) & shortMask;
    }
    if (load<i32>(shortAt + (<usize>slot << 3) + 4) != -1) continue;
    store<u32>(shortAt + (<usize>slot << 3), key);
    store<i32>(shortAt + (<usize>slot << 3) + 4, id * 4 + <i32>length - 1);
  }
}

/** Where token `id`'s bytes start. */
@inline export function tokenAt(id: i32): usize {
  return bytes + offsetOf(id);
}

/** Whether token `id` is memory[at, at + length). */
@inline export function spells(id: i32, at: usize, length: u32): bool {
  if (id < 0 || id >= tokenCount) return false;
  const start = offsetOf(id);
  return offsetOf(id + 1) - start == length && sameBytes(bytes + start, at, length);
}
