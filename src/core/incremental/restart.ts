/**
 * Where tokenization may safely restart or stop inside a longer text.
 *
 * A pre-tokenizer match at position p depends only on text from p on, but it may look
 * ahead past its own end: to the end of the run of same-class characters it was scanning
 * (letters, digits, whitespace, punctuation and the newlines after it), plus a few
 * characters for contractions ("'ll") and look-ahead. So a chunk is trustworthy when
 * that run, plus a margin, ends before the unknown text.
 */
import { LETTER, LOWERISH, NUMBER, SPACE, UPPERISH, classOf } from '../tokenizer/charClass';
import type { TextTokenizer } from '../tokenizer/textTokenizer';

export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
}

/** A string as a TextSource; `text` may be replaced as the string is edited. */
export class StringSource implements TextSource {
  constructor(public text: string) {}

  get length(): number {
    return this.text.length;
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}

/** Contraction suffix, optional prefix character and look-ahead, with room to spare. */
const RUN_MARGIN = 16;
/** How far back we look for the start of a run before giving up (runs this long are one chunk anyway). */
const MAX_RUN_SCAN = 4096;

const enum CharClass {
  Letter,
  Digit,
  Space,
  Other,
}

/**
 * The class of one UTF-16 unit (a surrogate is Other): [\p{L}\p{M}], \p{N}, \s or none, read
 * from the pre-tokenizers' cached table (a mark is UPPERISH and LOWERISH without LETTER), so a
 * long run costs no regular expression per character.
 */
function classify(code: number): CharClass {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return CharClass.Letter;
    if (code >= 0x30 && code <= 0x39) return CharClass.Digit;
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return CharClass.Space;
    return CharClass.Other;
  }
  const flags = classOf(code);
  if ((flags & (LETTER | UPPERISH | LOWERISH)) !== 0) return CharClass.Letter;
  if ((flags & NUMBER) !== 0) return CharClass.Digit;
  if ((flags & SPACE) !== 0) return CharClass.Space;
  return CharClass.Other;
}

function margin(encoder: TextTokenizer): number {
  return RUN_MARGIN + encoder.longestSpecialToken;
}

/**
 * The last offset in `text` (which is cut off at its end, more text follows) up to which
 * chunks can be trusted: before the trailing run of one character class, less a margin.
 */
export function trustedEnd(text: string, encoder: TextTokenizer): number {
  let i = text.length - 1;
  if (i < 0) return 0;
  const trailing = classify(text.charCodeAt(i));
  const floor = Math.max(0, text.length - MAX_RUN_SCAN);
  while (i > floor && classify(text.charCodeAt(i - 1)) === trailing) i--;
  return Math.max(0, i - margin(encoder));
}

/**
 * An offset before `position` such that no chunk ending at or before it can have looked at
 * `position` or later: the start of the run holding `position - 1`, less a margin.
 */
export function restartThreshold(source: TextSource, position: number, encoder: TextTokenizer): number {
  if (position <= 0) return 0;
  const from = Math.max(0, position - MAX_RUN_SCAN);
  const before = source.slice(from, position);
  let i = before.length - 1;
  const run = classify(before.charCodeAt(i));
  while (i > 0 && classify(before.charCodeAt(i - 1)) === run) i--;
  return Math.max(0, from + i - margin(encoder));
}

/**
 * Offset of a line start at or before `position` where a chunk certainly starts: the line
 * follows a line break and begins with a letter, digit or other character that no pattern
 * joins to a preceding line break. -1 when none is found within `maxDistance`.
 */
export function certainBoundaryBefore(source: TextSource, position: number, maxDistance: number): number {
  const from = Math.max(0, position - maxDistance);
  const text = source.slice(from, position + 1);
  for (let i = Math.min(text.length - 1, position - from); i > 0; i--) {
    if (text.charCodeAt(i - 1) !== 0x0a) continue;
    const c = text.charCodeAt(i);
    if (c !== 0x2f && classify(c) !== CharClass.Space) return from + i;
  }
  return from === 0 ? 0 : -1;
}
