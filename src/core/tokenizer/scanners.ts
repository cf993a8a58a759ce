/**
 * Hand-written pre-tokenizers for the three tiktoken pattern families: the same chunks as
 * the regular expressions (alternatives tried in order, greedy runs, the backtracking each
 * alternative allows), several times faster, no allocation. Tests compare them with the
 * regular expressions on generated and random Unicode text.
 */
import { LETTER, LINE_BREAK, LOWERISH, NUMBER, SPACE, UPPERISH, bmpFlags, classOf, isBreakOrSlash, isOther } from './charClass';
import type { BoundedChunker } from './chunker';
import { BREAK_OR_SLASH_RUN, type CodePointReader, OTHER_RUN, type SteppedChunkEnd, SteppedRuns } from './steppedRuns';

export type { SteppedChunkEnd };

const APOSTROPHE = 0x27;

/** Options for the pattern variants Hugging Face files use. */
export interface ScannerOptions {
  /**
   * `\s` as Unicode White_Space (with U+0085, without U+FEFF), as Hugging Face's `Split`
   * regexes mean it; off: JavaScript's `\s`, as the tiktoken patterns are run here.
   */
  readonly unicodeWhiteSpace?: boolean;
}

abstract class Scanner implements BoundedChunker, SteppedChunkEnd, CodePointReader {
  /** The text being scanned, and where the scan stops (stepped runs read both). */
  text = '';
  end = 0;
  private position = 0;
  private readonly unicodeWhiteSpace: boolean;
  /** Runs of the chunk whose end is being found in steps; set only during `chunkEndStep`. */
  protected runs: SteppedRuns | undefined;
  private steppedRuns = new SteppedRuns();

  constructor(options: ScannerOptions = {}) {
    this.unicodeWhiteSpace = options.unicodeWhiteSpace ?? false;
  }

  reset(text: string, position: number, end = text.length): void {
    this.text = text;
    this.end = end;
    this.position = position;
  }

  next(): number {
    if (this.position >= this.end) return -1;
    return (this.position = this.match(this.position));
  }

  /** End of the chunk that starts at `p` (< end). */
  protected abstract match(p: number): number;

  beginChunkEnd(text: string, position: number, end: number): void {
    this.reset(text, position);
    this.end = end;
    this.steppedRuns = new SteppedRuns();
  }

  /**
   * `match` again from the chunk's start, with every run it asks for resumed where the last
   * step left it: a step reads the runs' next `maxChars` code points and a few characters around them.
   */
  chunkEndStep(maxChars: number): number {
    const runs = (this.runs = this.steppedRuns);
    try {
      return runs.step(maxChars, () => (this.position < this.end ? this.match(this.position) : this.end));
    } finally {
      this.runs = undefined;
    }
  }

  /** Flags of the code point at `i`; 0 past the end. */
  flags(i: number): number {
    if (i >= this.end) return 0;
    const c = this.text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < this.end) {
      const low = this.text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) return classOf(0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00));
    }
    if (this.unicodeWhiteSpace && (c === 0xfeff || c === 0x85)) return c === 0x85 ? classOf(c) | SPACE : classOf(c) & ~SPACE;
    return classOf(c);
  }

  /** UTF-16 length of the code point at `i`. */
  width(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < this.end) {
      const low = this.text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) return 2;
    }
    return 1;
  }

  /** Past the run of code points having any flag in `mask`. */
  protected skip(i: number, mask: number): number {
    if (this.runs) return this.runs.run(this, i, mask, 0);
    return this.run(i, mask, 0);
  }

  /** Where the last run's last character with a flag in `track` ended (-1: none). */
  protected lastTracked = -1;

  /**
   * Past the run of code points having any flag in `mask` from `i`, noting in `lastTracked`
   * where its last character with a flag in `track` ended. One loop that reads most characters'
   * flags inline (the BMP outside surrogates): in a fresh process this loop reads every
   * character of a long run before the optimising compiler has seen it.
   */
  protected run(i: number, mask: number, track: number): number {
    const { text, end } = this;
    // U+0085 changes class with unicodeWhiteSpace (U+FEFF too, but it is above the fast range).
    const special = this.unicodeWhiteSpace ? 0x85 : -1;
    let lastTracked = -1;
    while (i < end) {
      const c = text.charCodeAt(i);
      let flags = c < 0xd800 && c !== special ? bmpFlags[c] : 0;
      let width = 1;
      if (flags === 0) {
        flags = this.flags(i);
        width = this.width(i);
      }
      if ((flags & mask) === 0) break;
      i += width;
      if ((flags & track) !== 0) lastTracked = i;
    }
    this.lastTracked = lastTracked;
    return i;
  }

  /** `[^\s\p{L}\p{N}]*` */
  protected skipOther(i: number): number {
    if (this.runs) return this.runs.run(this, i, OTHER_RUN, 0);
    while (isOther(this.flags(i))) i += this.width(i);
    return i;
  }

  /** Up to `count` code points of numbers. */
  protected skipNumbers(i: number, count: number): number {
    for (let n = 0; n < count && (this.flags(i) & NUMBER) !== 0; n++) i += this.width(i);
    return i;
  }

  /** Length of a contraction ('s 't 're 've 'm 'll 'd) at `i`, 0 when none: this check inline, the rare rest apart. */
  protected contraction(i: number, anyCase: boolean): number {
    return this.text.charCodeAt(i) === APOSTROPHE && i + 1 < this.end ? contractionAfter(this.text, i + 1, this.end, anyCase) : 0;
  }

  /** `\s*[\r\n]+|\s+(?!\S)|\s+` at a whitespace character `p`. */
  protected whitespace(p: number, lineBreakAlternative: boolean): number {
    if (this.runs) {
      const runEnd = this.runs.run(this, p, SPACE, LINE_BREAK);
      if (lineBreakAlternative && this.runs.lastTracked !== -1) return this.runs.lastTracked;
      return runEnd >= this.end || runEnd - 1 === p ? runEnd : runEnd - 1;
    }
    const runEnd = this.skip(p, SPACE);
    if (lineBreakAlternative) {
      // \s* backs off to the last line break of the run; [\r\n]+ takes it.
      for (let i = runEnd - 1; i >= p; i--) if ((this.flags(i) & LINE_BREAK) !== 0) return i + 1;
    }
    // \s+(?!\S) leaves the last space for the word after it; a lone space falls to \s+.
    if (runEnd >= this.end || runEnd - 1 === p) return runEnd;
    return runEnd - 1;
  }
}

/** r50k_base and p50k_base (GPT-2): `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` */
export class Gpt2Scanner extends Scanner {
  static readonly PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  protected match(p: number): number {
    const contraction = this.contraction(p, false);
    if (contraction > 0) return p + contraction;
    const start = this.text.charCodeAt(p) === 0x20 && this.flags(p + 1) !== 0 && (this.flags(p + 1) & SPACE) === 0 ? p + 1 : p;
    const flags = this.flags(start);
    if ((flags & LETTER) !== 0) return this.skip(start, LETTER);
    if ((flags & NUMBER) !== 0) return this.skip(start, NUMBER);
    if (isOther(flags)) return this.skipOther(start);
    return this.whitespace(p, false);
  }
}

/**
 * cl100k_base: contractions (any case), `[^\r\n\p{L}\p{N}]?\p{L}+`, `\p{N}{1,3}`, ` ?[^\s\p{L}\p{N}]+[\r\n]*`, whitespace.
 * With `maxDigits` 1 it is Qwen 2/3's pattern (`\p{N}` instead of `\p{N}{1,3}`).
 */
export class Cl100kScanner extends Scanner {
  private readonly maxDigits: number;

  constructor(options: ScannerOptions & { readonly maxDigits?: number } = {}) {
    super(options);
    this.maxDigits = options.maxDigits ?? 3;
  }

  static readonly PATTERN =
    "('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  protected match(p: number): number {
    const contraction = this.contraction(p, true);
    if (contraction > 0) return p + contraction;
    const flags = this.flags(p);
    if ((flags & (LINE_BREAK | LETTER | NUMBER)) === 0) {
      const after = p + this.width(p);
      if ((this.flags(after) & LETTER) !== 0) return this.skip(after, LETTER);
    }
    if ((flags & LETTER) !== 0) return this.skip(p, LETTER);
    if ((flags & NUMBER) !== 0) return this.skipNumbers(p, this.maxDigits);
    if (this.text.charCodeAt(p) === 0x20 && isOther(this.flags(p + 1))) return this.skip(this.skipOther(p + 1), LINE_BREAK);
    if (isOther(flags)) return this.skip(this.skipOther(p), LINE_BREAK);
    return this.whitespace(p, true);
  }
}

/** o200k_base: case-aware letter runs with an optional contraction, numbers, punctuation, whitespace. */
export class O200kScanner extends Scanner {
  static readonly PATTERN =
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  protected match(p: number): number {
    const flags = this.flags(p);
    const prefixed = (flags & (LINE_BREAK | LETTER | NUMBER)) === 0 ? p + this.width(p) : -1;
    // Alternatives 1 and 2 need a [U] or [W] character at p or after the prefix: most chunks (numbers, punctuation) are settled here.
    if ((flags & (UPPERISH | LOWERISH)) !== 0 || (prefixed >= 0 && (this.flags(prefixed) & (UPPERISH | LOWERISH)) !== 0)) {
      // Alternative 1 (with the optional prefix character, then without), then alternative 2.
      let end = prefixed >= 0 ? this.upperThenLower(prefixed) : -1;
      if (end < 0) end = this.upperThenLower(p);
      if (end < 0 && prefixed >= 0) end = this.upperRun(prefixed);
      if (end < 0) end = this.upperRun(p);
      if (end >= 0) return end + this.contraction(end, true);
    }
    if ((flags & NUMBER) !== 0) return this.skipNumbers(p, 3);
    if (this.text.charCodeAt(p) === 0x20 && isOther(this.flags(p + 1))) return this.skipBreaksAndSlashes(this.skipOther(p + 1));
    if (isOther(flags)) return this.skipBreaksAndSlashes(this.skipOther(p));
    return this.whitespace(p, true);
  }

  /** `[U]*[W]+` from `s`: end, or -1. U* is greedy; when W+ cannot follow, U* gives back to the last W in it. */
  private upperThenLower(s: number): number {
    // One pass over the U run, remembering where its last W character ends.
    let i: number;
    let lastLowerEnd: number;
    if (this.runs) {
      i = this.runs.run(this, s, UPPERISH, LOWERISH);
      lastLowerEnd = this.runs.lastTracked;
    } else {
      i = this.run(s, UPPERISH, LOWERISH);
      lastLowerEnd = this.lastTracked;
    }
    if ((this.flags(i) & LOWERISH) !== 0) return this.skip(i, LOWERISH);
    return lastLowerEnd;
  }

  /** `[U]+[W]*` from `s`: end, or -1. */
  private upperRun(s: number): number {
    const upperEnd = this.skip(s, UPPERISH);
    return upperEnd === s ? -1 : this.skip(upperEnd, LOWERISH);
  }

  /** `[\r\n/]*` */
  private skipBreaksAndSlashes(i: number): number {
    if (this.runs) return this.runs.run(this, i, BREAK_OR_SLASH_RUN, 0);
    while (i < this.end && isBreakOrSlash(this.text.charCodeAt(i))) i++;
    return i;
  }
}

/**
 * Length of the contraction whose apostrophe is just before `i`, 0 when none. Letters compare
 * with the case bit (0x20) set when any case goes: only s and S give 0x73, and so on. Apart from
 * Scanner.contraction, which every chunk asks: kept small there, it neither allocates (an inner
 * function capturing the text made each call allocate a context) nor takes the optimiser's
 * inlining budget from the scan (warm Llama 3 encoding lost a quarter when it did).
 */
function contractionAfter(text: string, i: number, end: number, anyCase: boolean): number {
  const caseBit = anyCase ? 0x20 : 0;
  const first = text.charCodeAt(i) | caseBit;
  if (first === 0x73 || first === 0x74 || first === 0x6d || first === 0x64) return 2; // s t m d
  if (i + 1 >= end) return 0;
  const second = text.charCodeAt(i + 1) | caseBit;
  if ((first === 0x72 && second === 0x65) || (first === 0x76 && second === 0x65) || (first === 0x6c && second === 0x6c)) return 3; // re ve ll
  return 0;
}
