// AssemblyScript (see ./load.ts): model.merges read straight from a tokenizer.json's bytes, the
// hot loop of a first load (Gemma 3 lists 514,906 merges in 27 MB): src/core/hf/mergesScan.ts
// drives it and documents what it keeps. Every array lives in the memory the caller imports; the
// caller slides the file window between calls. Any item that is not plainly two tokens whose join
// is a token fails the scan.

import { decodeString, decodedLength, outsideAlphabet, skipSpace, spaceIndex } from './jsonString';
import { SHORT_TOKEN_BYTES, isShortToken, lookup, offsetOf, setupVocabulary, spells, tokenAt } from './vocabulary';

/** Both halves of the item being read, one after the other. */
let scratch: usize = 0;
/** What the scan keeps: per rank the result's id (−1: DROPPED) and the left part's length (0 when over 255: then in longs). */
let results: usize = 0;
let splits: usize = 0;
/** Per token: 1 once a run of merges giving it started, 2 when its merges' pairs must be checked together. */
let runs: usize = 0;
/** Pairs [rank, left length] for left parts over 255 bytes, in rank order. */
let longs: usize = 0;
let longCapacity: i32 = 0;
let longCount: i32 = 0;
let maxCount: i32 = 0;
let byteLevel: bool = false;
let count: i32 = 0;
let previous: i32 = -1;
let run: i32 = 0;
let ascending: bool = true;
let scattered: bool = false;
let started: bool = false;
/** Per left length: the run it was last seen in, and at which rank (two Int32 × 256). */
let seen: usize = 0;
let endAt: u32 = 0;

/** The vocabulary and its hash table (`slotCount` a power of two), room for the short-token table (2^shortBits pairs) and for an item's bytes. */
export function setup(offsetsAt: usize, bytesAt: usize, tokens: i32, slotsAt: usize, slotCount: u32, shortAt: usize, shortBits: u32, scratchAt: usize): void {
  setupVocabulary(offsetsAt, bytesAt, tokens, slotsAt, slotCount, shortAt, shortBits);
  scratch = scratchAt;
}

/** Starts a scan: where its arrays are (`runs` zeroed, one byte per token), and the items' form. */
export function begin(resultsAt: usize, splitsAt: usize, runsAt: usize, longsAt: usize, longRoom: i32, maxMerges: i32, seenAt: usize, isByteLevel: bool): void {
  results = resultsAt;
  splits = splitsAt;
  runs = runsAt;
  longs = longsAt;
  longCapacity = longRoom;
  longCount = 0;
  maxCount = maxMerges;
  seen = seenAt;
  memory.fill(seenAt, 0, 2048);
  byteLevel = isByteLevel;
  count = 0;
  previous = -1;
  run = 0;
  ascending = true;
  scattered = false;
  started = false;
}

export function mergeCount(): i32 {
  return count;
}

export function isAscending(): bool {
  return ascending;
}

export function isScattered(): bool {
  return scattered;
}

export function longSplitCount(): i32 {
  return longCount;
}

/** The index of the array's closing bracket, once scan answered −2. */
export function closingBracket(): u32 {
  return endAt;
}

/** Keeps the merge of scratch[0, left) and scratch[left, left + right): false when it is not two tokens whose join is one. */
function add(left: u32, right: u32): bool {
  if (left == 0 || right == 0 || count >= maxCount) return false;
  // Longer halves are looked up after the scan (halvesAreTokens).
  if (left <= SHORT_TOKEN_BYTES && !isShortToken(scratch, left)) return false;
  if (right <= SHORT_TOKEN_BYTES && !isShortToken(scratch + left, right)) return false;
  // Results come in id order, each from one or more splits: the last result and the next id first.
  const length = left + right;
  const id = spells(previous, scratch, length) ? previous : spells(previous + 1, scratch, length) ? previous + 1 : lookup(scratch, length);
  if (id < 0) return false;
  store<i32>(results + (<usize>count << 2), id);
  if (id != previous) {
    if (id < previous) ascending = false;
    run++;
    if (load<u8>(runs + id) != 0) {
      store<u8>(runs + id, 2);
      scattered = true;
    } else store<u8>(runs + id, 1);
  }
  if (left > 255) {
    if (longCount >= longCapacity) return false;
    store<i32>(longs + (<usize>longCount << 3), count);
    store<i32>(longs + (<usize>longCount << 3) + 4, left);
    longCount++;
    store<u8>(splits + count, 0);
    store<u8>(runs + id, 2);
    scattered = true;
  } else {
    // A pair listed again: Hugging Face keeps the last rank.
    const seenRun = seen + (<usize>left << 2);
    const seenRank = seen + 1024 + (<usize>left << 2);
    if (load<i32>(seenRun) == run) store<i32>(results + (<usize>load<i32>(seenRank) << 2), -1);
    store<u8>(splits + count, <u8>left);
    store<i32>(seenRun, run);
    store<i32>(seenRank, count);
  }
  count++;
  previous = id;
  return true;
}

/** One item at file[at]: the index after it, 0 when it is not a plain merge. */
function item(file: usize, at: u32): u32 {
  const c = load<u8>(file + at);
  if (c == 0x22) {
    const close = decodeString(file, at, scratch, true, byteLevel);
    if (close == 0 || spaceIndex() < 0 || outsideAlphabet()) return 0;
    const left = <u32>spaceIndex();
    return add(left, decodedLength() - left) ? close + 1 : 0;
  }
  if (c != 0x5b) return 0;
  let i = skipSpace(file, at + 1);
  if (load<u8>(file + i) != 0x22) return 0;
  const leftClose = decodeString(file, i, scratch, false, byteLevel);
  if (leftClose == 0 || outsideAlphabet()) return 0;
  const left = decodedLength();
  i = skipSpace(file, leftClose + 1);
  if (load<u8>(file + i) != 0x2c) return 0;
  i = skipSpace(file, i + 1);
  if (load<u8>(file + i) != 0x22) return 0;
  const rightClose = decodeString(file, i, scratch + left, false, byteLevel);
  if (rightClose == 0 || outsideAlphabet()) return 0;
  i = skipSpace(file, rightClose + 1);
  if (load<u8>(file + i) != 0x5d) return 0;
  return add(left, decodedLength()) ? i + 1 : 0;
}

/**
 * Reads items from file[at] (just after the array's opening bracket, or where the last call
 * stopped) while they start before `limit`: the index of the item it stopped at (the caller slides
 * the window and calls again), −1 when the array is not plain merges, −2 at its closing bracket
 * (closingBracket()). The byte after the window's last one must be 0, which nothing here accepts.
 */
export function scan(file: usize, at: u32, limit: u32): i32 {
  let i = skipSpace(file, at);
  if (!started && load<u8>(file + i) == 0x5d) {
    endAt = i;
    return -2;
  }
  while (true) {
    if (i >= limit) return <i32>i;
    started = true;
    i = item(file, i);
    if (i == 0) return -1;
    i = skipSpace(file, i);
    const c = load<u8>(file + i);
    if (c == 0x5d) {
      endAt = i;
      return -2;
    }
    if (c != 0x2c) return -1;
    i = skipSpace(file, i + 1);
  }
  return -1;
}

/**
 * Whether every half longer than 4 bytes (the scan looked up the others) is a token: a half's bytes
 * are its result's first or last ones. A merge DROPPED has the halves of a later one.
 */
export function halvesAreTokens(): bool {
  let long = 0;
  for (let rank = 0; rank < count; rank++) {
    const id = load<i32>(results + (<usize>rank << 2));
    let left = <u32>load<u8>(splits + rank);
    if (left == 0) {
      // Long splits are listed in rank order.
      while (long < longCount && load<i32>(longs + (<usize>long << 3)) < rank) long++;
      left = <u32>load<i32>(longs + (<usize>long << 3) + 4);
    }
    if (id < 0) continue;
    const start = tokenAt(id);
    const right = offsetOf(id + 1) - offsetOf(id) - left;
    if (left > SHORT_TOKEN_BYTES && lookup(start, left) < 0) return false;
    if (right > SHORT_TOKEN_BYTES && lookup(start + left, right) < 0) return false;
  }
  return true;
}
