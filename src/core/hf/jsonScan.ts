/**
 * A strict byte-level reader for the few shapes of JSON that make up most of a `tokenizer.json`
 * (model.vocab and model.merges): strings are checked as JSON and UTF-8 while they are skipped,
 * so a caller can read tokens straight from the file's bytes. Any departure answers -1 and the
 * caller falls back to JSON.parse, which then decides (and words the error).
 */
import type { FileWindow } from './fileWindow';

/** Whether the last string scanned held an escape (then its value must be decoded). */
export const lastString = { escaped: false };

export function skipSpace(file: Uint8Array, at: number): number {
  let i = at;
  for (let c = file[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = file[++i]);
  return i;
}

/**
 * `file[at]` opens a string: the index of its closing quote, or -1 when it is not a valid JSON
 * string of valid UTF-8 (raw control characters, a bad escape, a bad sequence, the file's end).
 */
export function scanString(file: Uint8Array, at: number): number {
  lastString.escaped = false;
  const end = file.length;
  let i = at + 1;
  while (i < end) {
    const c = file[i];
    if (c === 0x22) return i;
    if (c < 0x80) {
      if (c < 0x20) return -1;
      if (c === 0x5c) {
        lastString.escaped = true;
        const e = file[i + 1];
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) if (!isHex(file[i + k])) return -1;
          i += 6;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
        else return -1;
      } else i++;
      continue;
    }
    const width = utf8Width(file, i);
    if (width === 0) return -1;
    i += width;
  }
  return -1;
}

/** The closing quote of the string opened at `file[at]`, found natively (memchr) and not checked; -1 when none. */
function closingQuote(file: Uint8Array, at: number): number {
  for (let i = at + 1; ; ) {
    const quote = file.indexOf(0x22, i);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; file[k] === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    i = quote + 1;
  }
}

/** Length of the well-formed UTF-8 sequence at `file[at]` (a lead byte ≥ 0x80), 0 when ill-formed. */
function utf8Width(file: Uint8Array, at: number): number {
  const lead = file[at];
  const b1 = file[at + 1];
  if (lead >= 0xc2 && lead <= 0xdf) return b1 >= 0x80 && b1 <= 0xbf ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf; // no surrogates
    return b1 >= low && b1 <= high && isContinuation(file[at + 2]) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return b1 >= low && b1 <= high && isContinuation(file[at + 2]) && isContinuation(file[at + 3]) ? 4 : 0;
  }
  return 0;
}

function isContinuation(b: number): boolean {
  return b >= 0x80 && b <= 0xbf;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A JSON integer without sign, fraction or exponent, below 2^30, at `file[at]`: its value, with the end in `end`; -1 otherwise. */
export function scanId(file: Uint8Array, at: number, end: { at: number }): number {
  let i = at;
  let value = 0;
  const first = file[i];
  if (first === 0x30) i++;
  else {
    while (file[i] >= 0x30 && file[i] <= 0x39 && i - at < 9) value = value * 10 + (file[i++] - 0x30);
    if (i === at) return -1;
  }
  const next = file[i];
  if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) return -1;
  end.at = i;
  return value;
}

/**
 * The index after the JSON value at `file[at]`, checked as JSON.parse checks it (strings as
 * scanString does): for values read by no one, which must still be JSON. -1 when it is not one
 * or does not end before the file does. Allocates only its stack of open containers (Gemma 3's config holds 1 MB of such values).
 */
export function checkedValueEnd(file: Uint8Array, at: number): number {
  // The containers open around the value being read, as their closing bytes: 0x5d (array) or 0x7d (object).
  const open: number[] = [];
  let i = at;
  for (;;) {
    const c = file[i];
    if (c === 0x7b || c === 0x5b) {
      i = skipSpace(file, i + 1);
      if (file[i] === c + 2) i++;
      else {
        open.push(c + 2);
        if (c === 0x7b && (i = keyEnd(file, i)) < 0) return -1;
        continue;
      }
    } else if (c === 0x22) {
      i = scanString(file, i);
      if (i < 0) return -1;
      i++;
    } else {
      i = c === 0x74 ? wordEnd(file, i, TRUE) : c === 0x66 ? wordEnd(file, i, FALSE) : c === 0x6e ? wordEnd(file, i, NULL) : numberEnd(file, i);
      if (i < 0) return -1;
    }
    // After a value: close what it ends, up to the next value.
    for (;;) {
      if (open.length === 0) return i;
      i = skipSpace(file, i);
      const close = open[open.length - 1];
      if (file[i] === 0x2c) {
        i = skipSpace(file, i + 1);
        if (close === 0x7d && (i = keyEnd(file, i)) < 0) return -1;
        break;
      }
      if (file[i] !== close) return -1;
      open.pop();
      i++;
    }
  }
}

const TRUE = new TextEncoder().encode('true');
const FALSE = new TextEncoder().encode('false');
const NULL = new TextEncoder().encode('null');

/** The index after `word` at `file[at]`, -1 when it is not there. */
function wordEnd(file: Uint8Array, at: number, word: Uint8Array): number {
  for (let k = 0; k < word.length; k++) if (file[at + k] !== word[k]) return -1;
  return at + word.length;
}

/** `file[at]` opens an object's key: the start of its value, -1 when no key and colon are there. */
function keyEnd(file: Uint8Array, at: number): number {
  if (file[at] !== 0x22) return -1;
  const close = scanString(file, at);
  if (close < 0) return -1;
  const colon = skipSpace(file, close + 1);
  return file[colon] === 0x3a ? skipSpace(file, colon + 1) : -1;
}

/** The index after the JSON number at `file[at]`, -1 when none is there. */
function numberEnd(file: Uint8Array, at: number): number {
  let i = file[at] === 0x2d ? at + 1 : at;
  if (file[i] === 0x30) i++;
  else if (isDigit(file[i])) while (isDigit(file[i])) i++;
  else return -1;
  if (file[i] === 0x2e) {
    if (!isDigit(file[++i])) return -1;
    while (isDigit(file[i])) i++;
  }
  if (file[i] === 0x65 || file[i] === 0x45) {
    i++;
    if (file[i] === 0x2b || file[i] === 0x2d) i++;
    if (!isDigit(file[i])) return -1;
    while (isDigit(file[i])) i++;
  }
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The index after the JSON value at `file[at]` (a string, number, literal, object or array),
 * for values checked by someone else (JSON.parse, or the strict scans of vocab and merges): only
 * strings and nesting are followed. -1 when no value ends before the file does.
 */
export function skipValue(file: Uint8Array, at: number): number {
  let depth = 0;
  let i = at;
  const end = file.length;
  while (i < end) {
    const c = file[i];
    if (c === 0x22) {
      const close = closingQuote(file, i);
      if (close < 0) return -1;
      i = close + 1;
      if (depth === 0) return i;
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth < 0) return i; // a scalar ended by its container
      if (depth === 0) return i + 1;
    } else if (depth === 0 && (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) return i;
    i++;
  }
  return -1;
}

/**
 * The value spans of chosen keys of the object at `view[at]`: [start, end) per key, as file
 * positions; undefined when a key repeats, a key has escapes, or the object is not well formed.
 * `skip` finds the end of a chosen key's value instead of skipValue (so a caller can read it on
 * the way, sliding the window: `end` and indices after a skip are in the view of that moment).
 */
export function objectMembers(
  window: FileWindow,
  at: number,
  keys: readonly string[],
  skip: (window: FileWindow, at: number, key: string) => number = skipWhole,
): { spans: Map<string, [number, number]>; end: number } | undefined {
  const wanted = keys.map((key) => new TextEncoder().encode(key));
  const spans = new Map<string, [number, number]>();
  let file = window.view;
  let i = skipSpace(file, at);
  if (file[i] !== 0x7b) return undefined;
  i = skipSpace(file, i + 1);
  if (file[i] === 0x7d) return { spans, end: i + 1 };
  for (;;) {
    file = within(window, i);
    if (file[i] !== 0x22) return undefined;
    const close = scanString(file, i);
    if (close < 0) return undefined;
    const escaped = lastString.escaped;
    const k = wanted.findIndex((key) => key.length === close - i - 1 && key.every((b, n) => file[i + 1 + n] === b));
    i = skipSpace(file, close + 1);
    if (file[i] !== 0x3a) return undefined;
    const start = skipSpace(file, i + 1);
    const startAt = window.base + start;
    const valueEnd = k >= 0 ? skip(window, start, keys[k]) : skipWhole(window, start);
    if (valueEnd < 0) return undefined;
    file = within(window, valueEnd);
    if (escaped) return undefined; // "\u006dodel" would be "model": JSON.parse reads such files
    if (k >= 0) {
      if (spans.has(keys[k])) return undefined; // JSON.parse keeps the last of repeated keys: leave that to it
      spans.set(keys[k], [startAt, window.base + valueEnd]);
    }
    i = skipSpace(file, valueEnd);
    if (file[i] === 0x7d) return { spans, end: i + 1 };
    if (file[i] !== 0x2c) return undefined;
    i = skipSpace(file, i + 1);
  }
}

/** The view, read on until an item fits after view[at] (never sliding it: the caller may still need what it holds). */
function within(window: FileWindow, at: number): Uint8Array {
  while (window.view.length - at < window.itemBytes && window.more());
  return window.view;
}

/** skipValue, reading more of the file while the value runs past the window's view. */
export function skipWhole(window: FileWindow, at: number): number {
  for (;;) {
    const end = skipValue(window.view, at);
    if (end >= 0 || !window.more()) return end;
  }
}
