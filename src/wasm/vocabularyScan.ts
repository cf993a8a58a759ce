// AssemblyScript (see ./mergesScan.ts): model.vocab read straight from a tokenizer.json's bytes, as
// src/core/hf/vocabularyScan.ts drives it and documents: each key's token bytes go to `bytes`,
// where ids 0, 1, 2… in order put them for good (offsets); entries from the first id out of order
// on are listed (later) for the caller to put in place. The caller slides the file window between
// calls, and decodes the keys outside the byte-level alphabet (it keeps their text).

import { decodeString, decodedLength, outsideAlphabet, skipSpace } from './jsonString';

let bytes: usize = 0;
let offsets: usize = 0;
/** Triples [id, start in bytes, length (−1: outside the byte-level alphabet)], room for laterRoom of them. */
let later: usize = 0;
let laterRoom: i32 = 0;
let laterCount: i32 = 0;
let maxEntries: i32 = 0;
let byteLevel: bool = false;
let count: i32 = 0;
let ordered: i32 = 0;
let total: u32 = 0;
let tokenCount: i32 = 0;
/** Where to go on after scanVocabulary answered −3 or −4, and what −3 reports. */
let resumeAt: u32 = 0;
let afterEntry: bool = false;
let endAt: u32 = 0;
let keyOpen: u32 = 0;
let keyClose: u32 = 0;
let keyId: i32 = 0;

/** Starts a walk: where the token bytes and offsets go (room for every entry the file can hold), the first room for later entries. */
export function beginVocabulary(bytesAt: usize, offsetsAt: usize, laterAt: usize, laterEntries: i32, entries: i32, isByteLevel: bool): void {
  bytes = bytesAt;
  offsets = offsetsAt;
  later = laterAt;
  laterRoom = laterEntries;
  laterCount = 0;
  maxEntries = entries;
  byteLevel = isByteLevel;
  count = 0;
  ordered = 0;
  total = 0;
  tokenCount = 0;
  afterEntry = false;
}

/** More room for later entries (the caller copied those so far to `laterAt`). */
export function moveLater(laterAt: usize, laterEntries: i32): void {
  later = laterAt;
  laterRoom = laterEntries;
}

export function vocabularyTokenCount(): i32 {
  return tokenCount;
}

export function orderedCount(): i32 {
  return ordered;
}

export function laterEntries(): i32 {
  return laterCount;
}

export function tokenBytes(): u32 {
  return total;
}

export function vocabularyEnd(): u32 {
  return endAt;
}

export function resumeIndex(): u32 {
  return resumeAt;
}

export function reportedOpen(): u32 {
  return keyOpen;
}

export function reportedClose(): u32 {
  return keyClose;
}

export function reportedId(): i32 {
  return keyId;
}

/** A JSON integer without sign, fraction or exponent, below 10^9, at file[at] (as jsonScan's scanId reads it): −1 otherwise; numberEnd the index after it. */
let numberEnd: u32 = 0;

function scanId(file: usize, at: u32): i32 {
  let i = at;
  let value: i32 = 0;
  let c = <u32>load<u8>(file + i);
  if (c == 0x30) i++;
  else {
    while (c >= 0x30 && c <= 0x39 && i - at < 9) {
      value = value * 10 + <i32>(c - 0x30);
      c = <u32>load<u8>(file + ++i);
    }
    if (i == at) return -1;
  }
  const next = <u32>load<u8>(file + i);
  if ((next >= 0x30 && next <= 0x39) || next == 0x2e || next == 0x65 || next == 0x45) return -1;
  numberEnd = i;
  return value;
}

/** Files entry `id`'s token (at total, `length` bytes; −1 when outside the byte-level alphabet). */
@inline function keep(id: i32, length: i32): void {
  if (length > 0) total += <u32>length;
  if (id >= tokenCount) tokenCount = id + 1;
  if (id == ordered && laterCount == 0) {
    ordered++;
    store<u32>(offsets + (<usize>ordered << 2), total);
  } else {
    const at = later + <usize>laterCount * 12;
    store<i32>(at, id);
    store<u32>(at + 4, length > 0 ? total - <u32>length : total);
    store<i32>(at + 8, length);
    laterCount++;
  }
}

/**
 * Reads entries from file[at] (just after the object's opening brace, or where the last call
 * stopped) while they start before `limit`: the index of the entry it stopped at (the caller slides
 * the window and calls again); −1 when the object is not a plain vocab; −2 at its closing brace
 * (vocabularyEnd()); −3 after an entry whose key is outside the byte-level alphabet (reportedOpen(),
 * reportedClose(), reportedId(): the caller checks it and calls again from resumeIndex()); −4 when
 * room for later entries ran out (moveLater, then call again from resumeIndex()). The byte after
 * the window's last one must be 0, which nothing here accepts.
 */
export function scanVocabulary(file: usize, at: u32, limit: u32): i32 {
  let i = skipSpace(file, at);
  if (afterEntry) {
    afterEntry = false;
    const c = load<u8>(file + i);
    if (c == 0x7d) {
      endAt = i;
      return -2;
    }
    if (c != 0x2c) return -1;
    i = skipSpace(file, i + 1);
  }
  while (true) {
    if (i >= limit) return <i32>i;
    const c = load<u8>(file + i);
    if (c == 0x7d && count == 0) {
      endAt = i;
      return -2;
    }
    if (c != 0x22) return -1;
    if (laterCount == laterRoom) {
      resumeAt = i;
      return -4;
    }
    const open = i;
    const close = decodeString(file, open, bytes + total, false, byteLevel);
    if (close == 0 || close == open + 1) return -1;
    const length = outsideAlphabet() ? -1 : <i32>decodedLength();
    i = skipSpace(file, close + 1);
    if (load<u8>(file + i) != 0x3a) return -1;
    const id = scanId(file, skipSpace(file, i + 1));
    if (id < 0 || id >= maxEntries || ++count > maxEntries) return -1;
    keep(id, length);
    i = numberEnd;
    if (length < 0) {
      keyOpen = open;
      keyClose = close;
      keyId = id;
      resumeAt = i;
      afterEntry = true;
      return -3;
    }
    i = skipSpace(file, i);
    const after = load<u8>(file + i);
    if (after == 0x7d) {
      endAt = i;
      return -2;
    }
    if (after != 0x2c) return -1;
    i = skipSpace(file, i + 1);
  }
  return -1;
}
