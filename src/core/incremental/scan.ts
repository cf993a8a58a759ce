import type { EncodeOptions, Encoder } from '../tokenizer/encoder';
import { TokenBuffer } from '../tokenizer/tokenBuffer';
import { type TextSource, certainBoundaryBefore, trustedEnd } from './restart';

/**
 * Tokenizes forward from `from` (a chunk start) through about `maxChars` characters,
 * appending to `out`. Stops at a chunk start that later text cannot change; the window
 * widens when a single chunk is longer than it. Returns that stop offset.
 */
export function scanForward(
  encoder: Encoder,
  source: TextSource,
  from: number,
  maxChars: number,
  out: TokenBuffer,
  options?: EncodeOptions,
): number {
  const length = source.length;
  if (from >= length) return length;
  let position = from;
  for (let window = Math.max(1, maxChars); position === from; window *= 2) {
    const windowEnd = Math.min(length, from + window);
    const text = source.slice(from, windowEnd);
    const limit = windowEnd === length ? Infinity : from + trustedEnd(text, encoder);
    position = from + encoder.encodeRange(text, 0, text.length, out, from, options, (_, end) => end > limit);
  }
  return position;
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
  encoder: Encoder,
  source: TextSource,
  start: number,
  end: number,
  options?: EncodeOptions,
): WindowTokens {
  const boundary = certainBoundaryBefore(source, start, WINDOW_LOOKBACK);
  const from = boundary === -1 ? Math.max(0, start - 4096) : boundary;
  const tokens = new TokenBuffer();
  let position = from;
  while (position < end && position < source.length) {
    position = scanForward(encoder, source, position, Math.max(4096, end - position), tokens, options);
  }
  return { tokens, exact: boundary !== -1 };
}

/** Counts the tokens of a text in steps, without keeping them (for texts too large to track). */
export class ProgressiveCounter {
  private position = 0;
  private total = 0;
  private readonly scratch = new TokenBuffer(8192);

  constructor(
    private readonly encoder: Encoder,
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
    this.scratch.clear();
    this.position = scanForward(this.encoder, source, this.position, maxChars, this.scratch, this.options);
    this.total += this.scratch.count;
    return this.position >= source.length;
  }
}
