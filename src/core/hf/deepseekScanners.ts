/**
 * Hand-written scanners for DeepSeek V3's three `Split` patterns (Isolated: each match is a piece,
 * and so is the text between two matches). They cut exactly where the regular expressions do
 * (tested on every character of the Basic Multilingual Plane), so the editor can run them: a
 * scanner is linear in the text and cannot hang on a pattern the file chose.
 */
import { LETTER, LOWERISH, NUMBER, PUNCT_OR_SYMBOL, SPACE, UPPERISH, classOf } from '../tokenizer/charClass';
import type { BoundedChunker } from '../tokenizer/chunker';

const CR = 0x0d;
const LF = 0x0a;

/** UTF-16 units of the code point at `at` (a lone surrogate is one). */
function width(text: string, at: number): number {
  return (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
}

/** Flags of the code point at `at`, with `\s` as Unicode White_Space (U+0085 in, U+FEFF out), as Hugging Face's `Split` reads it. */
function flagsAt(text: string, at: number): number {
  const c = text.codePointAt(at) ?? 0;
  const flags = classOf(c);
  return c === 0x85 ? flags | SPACE : c === 0xfeff ? flags & ~SPACE : flags;
}

/** `[\p{L}\p{M}]`: letters have LETTER; marks are the only other code points in the upper/lower groups. */
function isLetterOrMark(flags: number): boolean {
  return (flags & (LETTER | UPPERISH | LOWERISH)) !== 0;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** `[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]`: ASCII punctuation and symbols. */
function isAsciiPunctuation(c: number): boolean {
  return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/** A scanner over runs: `matchAt(at)` is the end of the pattern's match at `at`, or -1; the text between matches is one piece. */
abstract class IsolatedScanner implements BoundedChunker {
  protected text = '';
  /** Where the scan stops: the patterns see text[…, end) as the whole text. */
  protected end = 0;
  private at = 0;

  reset(text: string, position: number, end = text.length): void {
    this.text = text;
    this.at = position;
    this.end = end;
  }

  next(): number {
    const text = this.text;
    const start = this.at;
    if (start >= this.end) return -1;
    for (let at = this.skip(start); at < this.end; at = this.skip(at + width(text, at))) {
      const end = this.matchAt(at);
      if (end === -1) continue;
      // The gap before the match is a piece of its own; the match comes on the next call.
      return (this.at = at > start ? at : end);
    }
    return (this.at = this.end);
  }

  protected abstract matchAt(at: number): number;

  /** The first position from `at` where a match may start (a code point's start, or the end): gaps are skipped by UTF-16 unit. */
  protected skip(at: number): number {
    return at;
  }
}

/** `\p{N}{1,3}`. */
export class NumberGroupScanner extends IsolatedScanner {
  protected matchAt(at: number): number {
    const text = this.text;
    let end = at;
    for (let n = 0; n < 3 && end < this.end && (flagsAt(text, end) & NUMBER) !== 0; n++) end += width(text, end);
    return end > at ? end : -1;
  }

  /** ASCII other than digits starts no number. */
  protected override skip(at: number): number {
    const text = this.text;
    let c: number;
    while (at < this.end && (c = text.charCodeAt(at)) < 0x80 && (c < 0x30 || c > 0x39)) at++;
    return at;
  }
}

/** `[一-龥぀-ゟ゠-ヿ]+`: CJK unified ideographs U+4E00–U+9FA5, hiragana and katakana U+3040–U+30FF. */
export class CjkRunScanner extends IsolatedScanner {
  protected matchAt(at: number): number {
    const text = this.text;
    let end = at;
    while (end < this.end && isCjk(text.charCodeAt(end))) end++;
    return end > at ? end : -1;
  }

  /** A run starts only on a CJK unit (never a surrogate). */
  protected override skip(at: number): number {
    const text = this.text;
    while (at < this.end && !isCjk(text.charCodeAt(at))) at++;
    return at;
  }
}

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fa5) || (c >= 0x3040 && c <= 0x30ff);
}

/**
 * `[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 */
export class DeepSeekWordScanner extends IsolatedScanner {
  protected matchAt(at: number): number {
    const text = this.text;
    const length = this.end;
    const c = text.charCodeAt(at);
    // ASCII punctuation glued to ASCII letters.
    if (isAsciiPunctuation(c) && at + 1 < length && isAsciiLetter(text.charCodeAt(at + 1))) {
      let end = at + 2;
      while (end < length && isAsciiLetter(text.charCodeAt(end))) end++;
      return end;
    }
    const flags = flagsAt(text, at);
    // Letters and marks, after at most one character that is no line break, letter, punctuation or symbol.
    if (isLetterOrMark(flags)) return this.lettersFrom(at);
    if (c !== CR && c !== LF && (flags & PUNCT_OR_SYMBOL) === 0) {
      const next = at + width(text, at);
      if (next < length && isLetterOrMark(flagsAt(text, next))) return this.lettersFrom(next);
    }
    // Punctuation and symbols, after at most one space, with the line breaks that follow.
    if (c === 0x20 && at + 1 < length && (flagsAt(text, at + 1) & PUNCT_OR_SYMBOL) !== 0) return this.symbolsFrom(at + 1);
    if ((flags & PUNCT_OR_SYMBOL) !== 0) return this.symbolsFrom(at);
    if ((flags & SPACE) === 0) return -1;
    // Whitespace: up to its last line break; else all of it at the end, or all but its last character before a non-space.
    let end = at;
    let lastBreak = -1;
    for (; end < length && (flagsAt(text, end) & SPACE) !== 0; end++) {
      const unit = text.charCodeAt(end);
      if (unit === CR || unit === LF) lastBreak = end;
    }
    if (lastBreak !== -1) return lastBreak + 1;
    return end === length || end - 1 === at ? end : end - 1;
  }

  private lettersFrom(at: number): number {
    const text = this.text;
    let end = at;
    while (end < this.end && isLetterOrMark(flagsAt(text, end))) end += width(text, end);
    return end;
  }

  private symbolsFrom(at: number): number {
    const text = this.text;
    let end = at;
    while (end < this.end && (flagsAt(text, end) & PUNCT_OR_SYMBOL) !== 0) end += width(text, end);
    while (end < this.end && (text.charCodeAt(end) === CR || text.charCodeAt(end) === LF)) end++;
    return end;
  }
}
