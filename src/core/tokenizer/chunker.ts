/**
 * Pre-tokenization: splits text into the chunks BPE runs on, with the encoding's own
 * pattern. A match depends only on the text from its start onward (the patterns have no
 * look-behind), which is what lets the editor restart tokenization at any chunk start.
 */
export interface Chunker {
  /** Scan `text` from `position`. */
  reset(text: string, position: number): void;
  /** End of the next chunk (its start is the previous end), or -1 when the text is done. */
  next(): number;
}

/** A chunker that can stop short of the text's end, so a caller cuts a piece without slicing the text. */
export interface BoundedChunker extends Chunker {
  /** Scan `text` from `position` up to `end` (default: the text's end; never between the halves of a surrogate pair). */
  reset(text: string, position: number, end?: number): void;
}

export class RegexChunker implements Chunker {
  private readonly regex: RegExp;
  private text = '';

  constructor(pattern: string) {
    this.regex = new RegExp(pattern, 'guy');
  }

  reset(text: string, position: number): void {
    this.text = text;
    this.regex.lastIndex = position;
  }

  next(): number {
    const regex = this.regex;
    const start = regex.lastIndex;
    if (start >= this.text.length) return -1;
    // test() rather than exec(): the sticky match moves lastIndex without allocating a match.
    if (!regex.test(this.text)) {
      // Every character matches some alternative of the tiktoken patterns; be safe anyway.
      regex.lastIndex = start + 1;
      return start + 1;
    }
    return regex.lastIndex;
  }
}
