/**
 * The seam between the CLI's streamed input (readTextPieces) and the tokenizer, and the only
 * place the commands meet it. Today both functions gather the pieces (bounded by --max-size)
 * and encode the whole text once. A streaming encoder (feed pieces, take the tokens of every
 * finished pre-token chunk) replaces their bodies; callers already consume runs as they come.
 */
import type { EncodeOptions, Encoder } from '../core/tokenizer';

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

/** The number of tokens in the pieces' text. */
export async function countTokens(encoder: Encoder, pieces: AsyncIterable<string>, options?: EncodeOptions): Promise<number> {
  return encoder.count(await gather(pieces), options);
}

/** The tokens of the pieces' text, run by run, in order. */
export async function* tokenRuns(encoder: Encoder, pieces: AsyncIterable<string>, options?: EncodeOptions): AsyncGenerator<TokenRun> {
  const text = await gather(pieces);
  const tokens = encoder.tokenize(text, options);
  for (let first = 0; first < tokens.count; first += RUN_TOKENS) {
    const last = Math.min(tokens.count, first + RUN_TOKENS);
    yield {
      count: last - first,
      ids: tokens.ids.subarray(first, last),
      starts: tokens.starts.subarray(first, last),
      ends: tokens.ends.subarray(first, last),
      text,
      textStart: 0,
    };
  }
}

async function gather(pieces: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const piece of pieces) parts.push(piece);
  return parts.join('');
}
