import type { EncodeOptions, TextTokenizer } from '../tokenizer/textTokenizer';
import type { TokenBuffer } from '../tokenizer/tokenBuffer';
import { trustedEnd } from './restart';

/**
 * Encodes a text that arrives in pieces (a file or stdin read a megabyte at a time), with the
 * tokens of the whole text: pieces may end anywhere, inside a chunk, a surrogate pair or a
 * special token. Tokens are given out as soon as later text cannot change them, so memory stays
 * bounded by the untrusted tail of the text (a few characters past the last chunk start) plus
 * the longest pre-tokenizer chunk.
 *
 *   const stream = new EncodeStream(encoder);
 *   for (const piece of pieces) { stream.write(piece, out); drain(out); }
 *   stream.end(out); drain(out);    // or: write all but the last piece, then stream.end(out, last)
 *
 * Spans are UTF-16 offsets in the whole text.
 */
export class EncodeStream {
  /** Text received but not yet encoded; it starts at a chunk start. */
  private pending = '';
  /** Offset of `pending` in the whole text. */
  private base = 0;
  /** Encoding waits until `pending` is this long (a chunk longer than the text so far is re-scanned only after it doubles). */
  private retryAt = 0;
  private ended = false;

  constructor(
    private readonly encoder: TextTokenizer,
    private readonly options?: EncodeOptions,
  ) {}

  /** Characters whose tokens have been given out. */
  get offset(): number {
    return this.base;
  }

  /** Characters held back until more text shows how they tokenize. */
  get pendingLength(): number {
    return this.pending.length;
  }

  /** Takes the next piece of text and appends to `out` the tokens that became final. */
  write(piece: string, out: TokenBuffer): void {
    if (this.ended) throw new Error('EncodeStream.write after end');
    this.pending += piece;
    if (this.pending.length < this.retryAt) return;
    const text = this.pending;
    const limit = this.base + trustedEnd(text, this.encoder);
    const reached = this.encoder.encodeRange(text, 0, text.length, out, this.base, this.options, (_, end) => end > limit);
    if (reached === 0) {
      // One chunk longer than the text so far: wait for twice as much before scanning it again.
      this.retryAt = 2 * text.length;
      return;
    }
    this.retryAt = 0;
    this.pending = text.slice(reached);
    this.base += reached;
  }

  /**
   * The text is complete (its last piece may come here rather than through `write`): appends the
   * remaining tokens. A last piece given here is scanned once; through `write`, a chunk still open
   * at its end is scanned there and again here (for a file read in one piece: all of it, twice).
   */
  end(out: TokenBuffer, lastPiece = ''): void {
    if (this.ended) return;
    this.ended = true;
    const text = this.pending + lastPiece;
    this.encoder.encodeRange(text, 0, text.length, out, this.base, this.options);
    this.base += text.length;
    this.pending = '';
  }
}
