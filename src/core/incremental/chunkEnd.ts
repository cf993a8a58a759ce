import type { Chunker } from '../tokenizer/chunker';
import { LONG_CHUNK } from '../tokenizer/encoder';
import type { SteppedChunkEnd } from '../tokenizer/scanners';
import type { EncodeOptions, LongChunkSupport, TextTokenizer } from '../tokenizer/textTokenizer';
import { Recording, TokenBuffer } from '../tokenizer/tokenBuffer';
import { trustedEnd } from './restart';

/** Characters a run may be read past the code points a step counts (prefix, contraction, look-ahead). */
const READ_MARGIN = 64;

/**
 * End of the first pre-tokenizer chunk of `text` (special tokens, when allowed, end chunks too).
 * Tokenizers without window-by-window merging tokenize whole ranges, so they are asked about
 * doubling windows until the chunk's end is one later text cannot move.
 */
export function firstChunkEnd(encoder: TextTokenizer, text: string, options?: EncodeOptions): number {
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

function isStepped(chunker: Chunker | (Chunker & SteppedChunkEnd)): chunker is Chunker & SteppedChunkEnd {
  return 'chunkEndStep' in chunker;
}

/**
 * The end of the pre-tokenizer chunk that starts `text`, found in steps that each read about
 * `maxChars` characters: the same end as `firstChunkEnd`. Special tokens (when allowed) are
 * searched just ahead of what the scanner may read; one found ends the text it scans.
 * Tokenizers without a hand-written scanner (a regular expression, a tokenizer.json) find it in one step.
 * (For text that starts with a special token this is not its end: callers never ask.)
 */
export class ChunkEndSteps {
  private readonly scanner: SteppedChunkEnd | undefined;
  private readonly specialLength: number;
  /** No special token starts before this. */
  private searched = 0;
  /** The scanner reads `text[0, to)`; `to` < length once a special token is found there. */
  private to: number;
  private steps = 0;
  private found = -1;

  private readonly support: LongChunkSupport | undefined;

  constructor(
    private readonly encoder: TextTokenizer,
    private readonly text: string,
    private readonly options?: EncodeOptions,
  ) {
    this.support = encoder.longChunks;
    const chunker = this.support?.createChunker();
    this.scanner = chunker && isStepped(chunker) ? chunker : undefined;
    this.specialLength = options?.allowSpecial ? encoder.longestSpecialToken : 0;
    this.to = text.length;
    this.scanner?.beginChunkEnd(text, 0, this.to);
  }

  /** The chunk's end, or -1 while it is not found. */
  get end(): number {
    return this.found;
  }

  /** Reads about `maxChars` more characters; returns the chunk's end, or -1 when it is not found yet. */
  step(maxChars: number): number {
    if (this.found !== -1) return this.found;
    const scanner = this.scanner;
    if (!scanner) return (this.found = firstChunkEnd(this.encoder, this.text, this.options));
    this.steps++;
    // With this step the scanner reads fewer than steps × maxChars code points (2 units at most each) and a margin.
    if (this.specialLength > 0 && this.to === this.text.length) this.searchSpecial(2 * this.steps * maxChars + READ_MARGIN);
    const end = scanner.chunkEndStep(maxChars);
    if (end !== -1) this.found = end;
    return end;
  }

  /** Looks for a special token starting before `upTo`; one found becomes the end of the scanned text. */
  private searchSpecial(upTo: number): void {
    const length = this.text.length;
    if (this.searched >= Math.min(upTo, length)) return;
    const sliceEnd = Math.min(length, upTo + this.specialLength);
    const at = this.support ? this.support.specialTokenIndex(this.text, this.searched, sliceEnd, this.options) : -1;
    // A token starting later than this might run past the slice and hide behind a shorter one.
    const certain = sliceEnd === length ? length : sliceEnd - this.specialLength + 1;
    if (at !== -1 && at < certain) {
      this.searched = at;
      this.to = at;
      this.scanner?.beginChunkEnd(this.text, 0, at);
      return;
    }
    this.searched = certain;
  }
}
