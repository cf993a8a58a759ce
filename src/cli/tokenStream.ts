/**
 * The seam between the CLI's streamed input (readTextPieces) and the tokenizer, and the only
 * place the commands meet it: core's EncodeStream takes the pieces as they are read and gives
 * out the tokens of every finished pre-token chunk, so memory stays bounded by the longest chunk.
 */
import { EncodeStream } from '../core/incremental/encodeStream';
import type { EncodeOptions, TextTokenizer } from '../core/tokenizer';
import { Recording, TokenBuffer } from '../core/tokenizer/tokenBuffer';
import { DEFAULT_PATTERN_TIME_LIMIT_SECONDS, guardedTokenRuns, needsPatternGuard } from './patternGuard';

/** Tokens per run handed to the writers: bounds the objects alive at once. */
const RUN_TOKENS = 8192;

/**
 * Consecutive tokens and the text their spans point into. Spans are absolute UTF-16 offsets
 * in the whole input; `text` starts at offset `textStart` and covers every span of the run.
 */
export interface TokenRun {
  readonly count: number;
  readonly ids: Uint32Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly text: string;
  readonly textStart: number;
}

/** How the commands run a tokenizer: untrusted patterns in a worker under a time limit (see patternGuard.ts). */
export interface TokenizeOptions extends EncodeOptions {
  readonly patternTimeLimitMs?: number;
}

/** The number of tokens in the pieces' text. */
export async function countTokens(encoder: TextTokenizer, pieces: AsyncIterable<string>, options: TokenizeOptions = {}): Promise<number> {
  if (needsPatternGuard(encoder)) {
    let count = 0;
    for await (const run of guardedTokenRuns(encoder, pieces, options, options.patternTimeLimitMs ?? DEFAULT_PATTERN_TIME_LIMIT_SECONDS * 1000)) count += run.count;
    return count;
  }
  const stream = new EncodeStream(encoder, options);
  const out = new TokenBuffer(0, Recording.Count);
  // Each piece is written once the next has come, so the last goes to `end` and is scanned once.
  let held: string | undefined;
  for await (const piece of pieces) {
    if (held !== undefined) stream.write(held, out);
    held = piece;
  }
  stream.end(out, held);
  return out.count;
}

/** The tokens of the pieces' text, run by run, in order; a run's arrays are reused once the next is asked for. */
export async function* tokenRuns(encoder: TextTokenizer, pieces: AsyncIterable<string>, options: TokenizeOptions = {}): AsyncGenerator<TokenRun> {
  if (needsPatternGuard(encoder)) {
    yield* guardedTokenRuns(encoder, pieces, options, options.patternTimeLimitMs ?? DEFAULT_PATTERN_TIME_LIMIT_SECONDS * 1000);
    return;
  }
  const stream = new EncodeStream(encoder, options);
  const out = new TokenBuffer(RUN_TOKENS);
  // The text from the first token not yet given out: what the next run's spans point into.
  let text = '';
  let textStart = 0;
  const take = function* (): Generator<TokenRun> {
    for (let first = 0; first < out.count; first += RUN_TOKENS) {
      const last = Math.min(out.count, first + RUN_TOKENS);
      yield { count: last - first, ids: out.ids.subarray(first, last), starts: out.starts.subarray(first, last), ends: out.ends.subarray(first, last), text, textStart };
    }
    out.clear();
    text = text.slice(stream.offset - textStart);
    textStart = stream.offset;
  };
  // As in countTokens: the last piece goes to `end`, scanned once.
  let held: string | undefined;
  for await (const piece of pieces) {
    if (held !== undefined) {
      text += held;
      stream.write(held, out);
      yield* take();
    }
    held = piece;
  }
  text += held ?? '';
  stream.end(out, held);
  yield* take();
}

/** The whole text's tokens at once (project, neighbors), through the same guard. */
export async function tokenizeWhole(encoder: TextTokenizer, text: string, options: TokenizeOptions = {}): Promise<TokenBuffer> {
  const all = new TokenBuffer(Math.max(16, text.length >> 2));
  async function* once(): AsyncGenerator<string> {
    yield text;
  }
  for await (const run of tokenRuns(encoder, once(), options)) {
    for (let i = 0; i < run.count; i++) all.push(run.ids[i], run.starts[i], run.ends[i], true);
  }
  return all;
}
