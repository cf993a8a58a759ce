import { LONG_CHUNK } from '../tokenizer/encoder';
import type { EncodeOptions, TextTokenizer } from '../tokenizer/textTokenizer';
import { type LongChunkMerger, StepResult } from '../tokenizer/longChunk';
import { Recording, TokenBuffer } from '../tokenizer/tokenBuffer';
import { type TextSource, certainBoundaryBefore, trustedEnd } from './restart';

/**
 * Tokenizes forward from `from` (a chunk start) through about `maxChars` characters,
 * appending to `out`. Stops at a chunk start that later text cannot change; the window
 * widens when a single chunk is longer than it. Returns that stop offset.
 *
 * With `long`, the scan also stops before a chunk longer than LONG_CHUNK as soon as it sees
 * one (its end need not be known yet), sets `long.at` to its start, and leaves it to a
 * LongChunkSteps; the window then never widens past LONG_CHUNK twice over.
 */
export function scanForward(
  encoder: TextTokenizer,
  source: TextSource,
  from: number,
  maxChars: number,
  out: TokenBuffer,
  options?: EncodeOptions,
  long?: { at: number },
): number {
  const length = source.length;
  if (from >= length) return length;
  let position = from;
  for (let window = Math.max(1, maxChars); position === from; window *= 2) {
    const windowEnd = Math.min(length, from + window);
    const text = source.slice(from, windowEnd);
    const limit = windowEnd === length ? Infinity : from + trustedEnd(text, encoder);
    let found = -1;
    const stop = (start: number, end: number): boolean => {
      if (long && end - start > LONG_CHUNK) found = start;
      return found !== -1 || end > limit;
    };
    position = from + encoder.encodeRange(text, 0, text.length, out, from, options, stop);
    if (long && found !== -1) {
      long.at = found;
      return position;
    }
  }
  return position;
}

/**
 * End of the first pre-tokenizer chunk of `text` (special tokens, when allowed, end chunks too).
 * Tokenizers without window-by-window merging tokenize whole ranges, so they are asked about
 * doubling windows until the chunk's end is one later text cannot move.
 */
function firstChunkEnd(encoder: TextTokenizer, text: string, options?: EncodeOptions): number {
  const scratch = new TokenBuffer(0, Recording.Count);
  for (let window = encoder.longChunks ? text.length : Math.min(text.length, 2 * LONG_CHUNK); ; window = Math.min(text.length, 2 * window)) {
    const piece = window >= text.length ? text : text.slice(0, window);
    const limit = window >= text.length ? Infinity : trustedEnd(piece, encoder);
    let end = -1;
    scratch.clear();
    encoder.encodeRange(piece, 0, piece.length, scratch, 0, options, (chunkStart, chunkEnd) => {
      if (chunkStart === 0) end = chunkEnd;
      return true;
    });
    if (end !== -1 && end <= limit) return end;
    if (window >= text.length) return end === -1 ? text.length : end;
  }
}

/**
 * A chunk longer than LONG_CHUNK, merged one window per `step` so that no step blocks for
 * long. Its end is found with one pass of the pre-tokenizer over the rest of the text.
 */
export class LongChunkSteps {
  readonly tokens: TokenBuffer;
  private readonly text: string;
  /** Undefined for tokenizers that encode a long chunk in one go (see TextTokenizer.longChunks). */
  private readonly merger: LongChunkMerger | undefined;
  private begun = false;

  private constructor(
    private readonly encoder: TextTokenizer,
    readonly start: number,
    readonly end: number,
    text: string,
    spans: boolean,
    private readonly options: EncodeOptions | undefined,
  ) {
    this.text = text;
    // Room for a token per four characters up front: fewer large copies as the buffer grows.
    this.tokens = new TokenBuffer(spans ? Math.ceil(text.length / 4) : 0, spans ? Recording.Spans : Recording.Count);
    this.merger = encoder.longChunks?.createLongChunkMerger();
  }

  /** The long chunk starting at `start`, or undefined when the chunk there is short after all. */
  static at(encoder: TextTokenizer, source: TextSource, start: number, spans: boolean, options?: EncodeOptions): LongChunkSteps | undefined {
    const text = source.slice(start, source.length);
    const end = start + firstChunkEnd(encoder, text, options);
    if (end - start <= LONG_CHUNK) return undefined;
    return new LongChunkSteps(encoder, start, end, text.slice(0, end - start), spans, options);
  }

  /** Merges one more window; true when every token of the chunk is in `tokens`. */
  step(): boolean {
    // The first window is merged here rather than with the pre-tokenizer's pass that found the chunk.
    const { merger, encoder } = this;
    if (!merger) {
      encoder.encodeRange(this.text, 0, this.text.length, this.tokens, this.start, this.options);
      return true;
    }
    if (!this.begun) {
      this.begun = true;
      merger.begin(this.text, 0, this.text.length, this.tokens, this.start);
      return false;
    }
    const result = merger.step();
    if (result === StepResult.More) return false;
    if (result === StepResult.NoSharedToken) {
      // Never seen on real vocabularies; exact anyway, in one go.
      this.tokens.clear();
      encoder.longChunks?.encodeChunkWhole(this.text, 0, this.text.length, this.tokens, this.start);
    }
    return true;
  }
}

/** How far back to look for a line where tokenization certainly restarts. */
const WINDOW_LOOKBACK = 65_536;

export interface WindowTokens {
  readonly tokens: TokenBuffer;
  /** False when no certain restart point was found nearby, so the first tokens may differ. */
  readonly exact: boolean;
}

/**
 * The tokens overlapping `[start, end)` of a text too large to tokenize whole, starting
 * from a nearby line where a chunk certainly starts.
 */
export function tokenizeWindow(
  encoder: TextTokenizer,
  source: TextSource,
  start: number,
  end: number,
  options?: EncodeOptions,
): WindowTokens {
  const boundary = certainBoundaryBefore(source, start, WINDOW_LOOKBACK);
  const from = boundary === -1 ? Math.max(0, start - 4096) : boundary;
  const tokens = new TokenBuffer();
  let exact = boundary !== -1;
  let position = from;
  while (position < end && position < source.length) {
    const long = { at: -1 };
    position = scanForward(encoder, source, position, Math.max(4096, end - position), tokens, options, long);
    if (long.at === -1 || long.at !== position || position >= end) continue;
    // A long chunk: merge only its part near the window, as if it began there (its first tokens may differ).
    const text = source.slice(position, Math.min(source.length, end + LONG_CHUNK));
    const chunkEnd = firstChunkEnd(encoder, text, options);
    const pieceStart = Math.max(0, Math.min(chunkEnd - 1, start - LONG_CHUNK - position));
    if (encoder.longChunks) encoder.longChunks.encodeLongChunk(text, pieceStart, chunkEnd, tokens, position);
    else encoder.encodeRange(text, pieceStart, chunkEnd, tokens, position, options);
    exact &&= pieceStart === 0;
    position += chunkEnd;
  }
  return { tokens, exact };
}

/** Counts the tokens of a text in steps, without keeping them (for texts too large to track). */
export class ProgressiveCounter {
  private position = 0;
  private total = 0;
  private readonly scratch = new TokenBuffer(8192);
  private long: LongChunkSteps | undefined;

  constructor(
    private readonly encoder: TextTokenizer,
    private readonly options?: EncodeOptions,
  ) {}

  get count(): number {
    return this.total;
  }

  get offset(): number {
    return this.position;
  }

  /** Counts about `maxChars` more characters; true when the whole text is counted. */
  advance(source: TextSource, maxChars: number): boolean {
    if (this.long) {
      if (!this.long.step()) return false;
      this.total += this.long.tokens.count;
      this.position = this.long.end;
      this.long = undefined;
      return this.position >= source.length;
    }
    this.scratch.clear();
    const long = { at: -1 };
    const from = this.position;
    this.position = scanForward(this.encoder, source, from, maxChars, this.scratch, this.options, long);
    this.total += this.scratch.count;
    if (long.at !== -1 && long.at === this.position) {
      this.long = LongChunkSteps.at(this.encoder, source, this.position, false, this.options);
      if (!this.long && this.position === from) {
        // Shorter than it looked (a cut-off window): scan it the ordinary way.
        this.scratch.clear();
        this.position = scanForward(this.encoder, source, from, maxChars, this.scratch, this.options);
        this.total += this.scratch.count;
      }
    }
    return this.position >= source.length;
  }
}
