import { LONG_CHUNK } from '../tokenizer/encoder';
import type { EncodeOptions, TextTokenizer } from '../tokenizer/textTokenizer';
import { type LongChunkMerger, StepResult } from '../tokenizer/longChunk';
import { Recording, TokenBuffer } from '../tokenizer/tokenBuffer';
import { ChunkEndSteps, firstChunkEnd } from './chunkEnd';
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

/** Characters one step of finding a long chunk's end reads (a few milliseconds). */
export const CHUNK_END_STEP = 131_072;

/**
 * A chunk longer than LONG_CHUNK, merged one window per `step` so that no step blocks for
 * long. Its end is found first, CHUNK_END_STEP characters of the pre-tokenizer's scan per step.
 */
export class LongChunkSteps {
  /** The chunk's tokens (complete once `step` has returned true). */
  tokens: TokenBuffer;
  private text: string;
  /** Undefined for tokenizers that encode a long chunk in one go (see TextTokenizer.longChunks). */
  private readonly merger: LongChunkMerger | undefined;
  private begun = false;
  /** The chunk's end is known and `text` cut to it. */
  private measured = false;

  private constructor(
    private readonly encoder: TextTokenizer,
    readonly start: number,
    text: string,
    private readonly chunkEnd: ChunkEndSteps,
    private readonly spans: boolean,
    private readonly options: EncodeOptions | undefined,
  ) {
    this.text = text;
    this.tokens = new TokenBuffer(0, spans ? Recording.Spans : Recording.Count);
    this.merger = encoder.longChunks?.createLongChunkMerger();
  }

  /**
   * The long chunk starting at `start`, or undefined when the first bounded look shows it is
   * short after all. (It may still turn out short later: `step` then encodes it the ordinary way.)
   */
  static at(encoder: TextTokenizer, source: TextSource, start: number, spans: boolean, options?: EncodeOptions): LongChunkSteps | undefined {
    const text = source.slice(start, source.length);
    const chunkEnd = new ChunkEndSteps(encoder, text, options);
    const end = chunkEnd.step(LONG_CHUNK + 1);
    if (end !== -1 && end <= LONG_CHUNK) return undefined;
    return new LongChunkSteps(encoder, start, text, chunkEnd, spans, options);
  }

  /** End of the chunk (absolute); known once `step` has returned true. */
  get end(): number {
    return this.start + this.chunkEnd.end;
  }

  /** Finds more of the chunk's end, or merges one more window; true when every token of the chunk is in `tokens`. */
  step(): boolean {
    if (!this.measured) {
      // (The end may already be known, from the first look in `at`.)
      const end = this.chunkEnd.step(CHUNK_END_STEP);
      if (end === -1) return false;
      this.measured = true;
      this.text = this.text.slice(0, end);
      // Room for a token per four characters up front: fewer large copies as the buffer grows.
      if (this.spans) this.tokens = new TokenBuffer(Math.ceil(end / 4), Recording.Spans);
      if (end > LONG_CHUNK) return false;
      if (this.encoder.longChunks) this.encoder.longChunks.encodeChunk(this.text, 0, end, this.tokens, this.start);
      else this.encoder.encodeRange(this.text, 0, end, this.tokens, this.start, this.options);
      return true;
    }
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
