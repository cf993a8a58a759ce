/**
 * The splitting half of a `tokenizer.json` pre-tokenizer: each `Split` step cuts every piece
 * of the previous step, with Hugging Face's five delimiter behaviours. A pattern that one of
 * the hand-written scanners implements runs as that scanner; any other pattern runs as a
 * JavaScript regular expression, which is untrusted (the file chose it) — `untrustedPatterns`
 * says so, and the caller runs such a tokenizer where it can be stopped.
 */
import type { BoundedChunker } from '../tokenizer/chunker';
import { Cl100kScanner, Gpt2Scanner, O200kScanner } from '../tokenizer/scanners';
import { CjkRunScanner, DeepSeekWordScanner, NumberGroupScanner } from './deepseekScanners';
import type { SplitBehavior, SplitStep } from './spec';

/** Known Oniguruma sources (as files spell them) and the scanner that cuts exactly like them. */
export const KNOWN_PATTERNS: ReadonlyMap<string, () => BoundedChunker> = new Map<string, () => BoundedChunker>([
  // Llama 3, Llama 3.1–3.3, SmolLM3: cl100k_base's pattern.
  ["(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", () => new Cl100kScanner({ unicodeWhiteSpace: true })],
  [Cl100kScanner.PATTERN, () => new Cl100kScanner({ unicodeWhiteSpace: true })],
  // Qwen 2, 2.5, 3: the same with single digits.
  ["(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", () => new Cl100kScanner({ unicodeWhiteSpace: true, maxDigits: 1 })],
  [O200kScanner.PATTERN, () => new O200kScanner({ unicodeWhiteSpace: true })],
  // DeepSeek V3: numbers in threes, then runs of CJK and kana, then words, punctuation and whitespace.
  ['\\p{N}{1,3}', () => new NumberGroupScanner()],
  ['[一-龥぀-ゟ゠-ヿ]+', () => new CjkRunScanner()],
  [
    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
    () => new DeepSeekWordScanner(),
  ],
]);

/** Emits one piece [start, end) of the text being split. */
export type PieceSink = (start: number, end: number) => void;

interface CompiledStep {
  readonly behavior: SplitBehavior;
  /** Emits the match ranges of the step in text[from, to), in order. */
  readonly matches: (text: string, from: number, to: number, found: PieceSink) => void;
  /** A scanner that yields exactly the pieces of this (Isolated) step (one per step: `split` is never re-entered). */
  readonly scanner: BoundedChunker | undefined;
}

export class Splitter {
  /** Sources of the patterns that run as JavaScript regular expressions. */
  readonly untrustedPatterns: readonly string[];
  private readonly steps: readonly CompiledStep[];

  constructor(steps: readonly SplitStep[]) {
    const untrusted: string[] = [];
    this.steps = steps.map((step) => {
      const known = step.byteLevelRegex ? () => new Gpt2Scanner() : step.pattern && step.behavior === 'Isolated' ? KNOWN_PATTERNS.get(step.pattern.source) : undefined;
      if (step.pattern && !known) untrusted.push(step.pattern.source);
      return { behavior: step.behavior, matches: compileMatcher(step), scanner: known?.() };
    });
    this.untrustedPatterns = untrusted;
  }

  /** Emits the pieces of text[from, to) in order. */
  split(text: string, from: number, to: number, emit: PieceSink): void {
    this.splitFrom(0, text, from, to, emit);
  }

  private splitFrom(k: number, text: string, from: number, to: number, emit: PieceSink): void {
    if (from >= to) return;
    if (k === this.steps.length) {
      emit(from, to);
      return;
    }
    const step = this.steps[k];
    if (step.scanner) {
      // The scanners never look behind, and see nothing past `to`.
      const scanner = step.scanner;
      scanner.reset(text, from, to);
      for (let start = from, end = scanner.next(); end !== -1; start = end, end = scanner.next()) this.splitFrom(k + 1, text, start, end, emit);
      return;
    }
    if (step.behavior === 'Isolated') {
      // Matches and the gaps between them, each a piece, straight from the matcher.
      let previous = from;
      step.matches(text, from, to, (start, end) => {
        if (start > previous) this.splitFrom(k + 1, text, previous, start, emit);
        this.splitFrom(k + 1, text, start, end, emit);
        previous = end;
      });
      this.splitFrom(k + 1, text, previous, to, emit);
      return;
    }
    const pieces = splitByMatches(step, text, from, to);
    for (let i = 0; i < pieces.length; i += 2) this.splitFrom(k + 1, text, pieces[i], pieces[i + 1], emit);
  }
}

function compileMatcher(step: SplitStep): CompiledStep['matches'] {
  const literal = step.literal;
  if (literal !== undefined) {
    return (text, from, to, found) => {
      for (let at = text.indexOf(literal, from); at >= 0 && at + literal.length <= to; at = text.indexOf(literal, at + literal.length)) found(at, at + literal.length);
    };
  }
  const regex = new RegExp(step.pattern?.javascript ?? '', 'gu');
  return (text, from, to, found) => {
    // The piece alone, as Hugging Face matches it: no look-around beyond its ends.
    const piece = text.slice(from, to);
    regex.lastIndex = 0;
    for (let match = regex.exec(piece); match; match = regex.exec(piece)) {
      const end = match.index + match[0].length;
      found(from + match.index, from + end); // the sink only runs later steps, never this regex
      if (match[0].length === 0) regex.lastIndex = end + ((piece.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
    }
  };
}

/** Hugging Face's `NormalizedString::split`: pieces as [start, end] pairs, empty ones dropped. */
function splitByMatches(step: CompiledStep, text: string, from: number, to: number): number[] {
  const found: number[] = [];
  step.matches(text, from, to, (start, end) => found.push(start, end));
  // Matches and the gaps between them, each flagged: [start, end, isMatch] triples.
  const parts: number[] = [];
  let previous = from;
  for (let i = 0; i < found.length; i += 2) {
    if (found[i] > previous) parts.push(previous, found[i], 0);
    parts.push(found[i], found[i + 1], 1);
    previous = found[i + 1];
  }
  if (previous < to) parts.push(previous, to, 0);
  const out: number[] = [];
  const behavior = step.behavior;
  if (behavior === 'MergedWithNext') {
    // Fold from the right: a match joins the piece after it.
    const reversed: number[] = [];
    let previousMatch = false;
    for (let i = parts.length - 3; i >= 0; i -= 3) {
      const isMatch = parts[i + 2] === 1;
      if (isMatch && !previousMatch && reversed.length > 0) reversed[reversed.length - 2] = parts[i];
      else reversed.push(parts[i], parts[i + 1]);
      previousMatch = isMatch;
    }
    for (let i = reversed.length - 2; i >= 0; i -= 2) pushPiece(out, reversed[i], reversed[i + 1]);
    return out;
  }
  let previousMatch = false;
  for (let i = 0; i < parts.length; i += 3) {
    const [start, end, isMatch] = [parts[i], parts[i + 1], parts[i + 2] === 1];
    if (behavior === 'Removed' && isMatch) continue;
    const joins = behavior === 'MergedWithPrevious' ? isMatch && !previousMatch : behavior === 'Contiguous' ? isMatch === previousMatch : false;
    if (joins && out.length > 0) out[out.length - 1] = end;
    else out.push(start, end);
    previousMatch = isMatch;
  }
  return dropEmpty(out);
}

function pushPiece(out: number[], start: number, end: number): void {
  if (end > start) out.push(start, end);
}

function dropEmpty(pieces: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < pieces.length; i += 2) pushPiece(out, pieces[i], pieces[i + 1]);
  return out;
}
