/**
 * The seam between a tokenizer and everything that runs one over a text (the editor's
 * incremental path, the CLI's streams, hovers, counts): the OpenAI encodings' Encoder and a
 * Hugging Face `tokenizer.json` (HfTokenizer) both implement it.
 */
import type { Chunker } from './chunker';
import type { LongChunkMerger, WindowShape } from './longChunk';
import type { TokenBuffer } from './tokenBuffer';

export interface EncodeOptions {
  /**
   * Encode special-token text such as `<|endoftext|>` as the special token. Off by
   * default: the text is encoded as ordinary text (js-tiktoken throws instead).
   */
  readonly allowSpecial?: boolean;
}

/** Asked before each chunk with its absolute span; true ends the scan before it. */
export type StopPredicate = (start: number, end: number) => boolean;

/** Merging one very long chunk window by window (the OpenAI encoder); tokenizers without it encode such a chunk in one go. */
export interface LongChunkSupport {
  createLongChunkMerger(shape?: WindowShape): LongChunkMerger;
  /** The pre-tokenizer (its hand-written scanners can find a chunk's end in resumable steps). */
  createChunker(): Chunker;
  /** Start of the first special token in `text[from, to)` when special tokens are allowed, else -1. */
  specialTokenIndex(text: string, from: number, to: number, options?: EncodeOptions): number;
  /** Merges the chunk `text[start, end)`: at once when short, in windows when long. */
  encodeChunk(text: string, start: number, end: number, out: TokenBuffer, base: number): void;
  /** Merges one whole chunk at once. */
  encodeChunkWhole(text: string, start: number, end: number, out: TokenBuffer, base: number): void;
  /** Merges the chunk `text[start, end)` in windows (exact; bounded memory). */
  encodeLongChunk(text: string, start: number, end: number, out: TokenBuffer, base: number): void;
}

export interface TextTokenizer {
  readonly name: string;
  /** Largest id + 1, special tokens included. */
  readonly vocabularySize: number;
  /** Longest text matched as one token across chunks (special or added tokens), in UTF-16 units: part of the restart margin. */
  readonly longestSpecialToken: number;
  readonly longChunks: LongChunkSupport | undefined;
  /**
   * Encodes `text[from, to)` as if it were the whole text (when `base + from` is 0) or as text
   * resuming at a chunk start, appending to `out` with spans shifted by `base`. `stop(start, end)`
   * (absolute offsets) is asked before each chunk; true ends the scan before it. Returns where
   * the scan ended (relative to `text`). Tokens that begin a chunk are pushed with chunkStart
   * true: only there may tokenization restart.
   */
  encodeRange(text: string, from: number, to: number, out: TokenBuffer, base: number, options?: EncodeOptions, stop?: StopPredicate): number;
  encode(text: string, options?: EncodeOptions): number[];
  count(text: string, options?: EncodeOptions): number;
  tokenize(text: string, options?: EncodeOptions, out?: TokenBuffer): TokenBuffer;
  isSpecial(id: number): boolean;
  specialTokenText(id: number): string | undefined;
  isValidId(id: number): boolean;
  tokenBytes(id: number): Uint8Array;
  decodeBytes(ids: ArrayLike<number>): Uint8Array;
  decode(ids: ArrayLike<number>): string;
}

/** The bytes of the ids, one after another (decodeBytes of every TextTokenizer). */
export function joinTokenBytes(ids: ArrayLike<number>, tokenBytes: (id: number) => Uint8Array): Uint8Array {
  const parts = Array.from(ids, tokenBytes);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
