import { TokenBuffer } from '../tokenizer/tokenBuffer';

/**
 * A document's tokens in blocks of a few thousand, each starting at a pre-tokenizer chunk
 * start. An edit rewrites one or two blocks and shifts the start of the blocks after it,
 * instead of moving a million-entry array.
 */
export class TokenBlock {
  constructor(
    /** Absolute UTF-16 offset where the block's text begins. */
    public start: number,
    /** UTF-16 length of the text the block covers. */
    public length: number,
    readonly ids: Uint32Array,
    /** Token spans relative to `start`. */
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    readonly chunkStarts: Uint8Array,
  ) {}

  get count(): number {
    return this.ids.length;
  }

  get end(): number {
    return this.start + this.length;
  }
}

export const BLOCK_TOKENS = 4096;

export class TokenBlockList {
  blocks: TokenBlock[] = [];
  /** Tokens before each block; rebuilt lazily after edits. */
  private prefixCounts: number[] | undefined;

  get tokenCount(): number {
    const prefix = this.prefix();
    const last = this.blocks.length - 1;
    return last < 0 ? 0 : prefix[last] + this.blocks[last].count;
  }

  /** Text covered so far (blocks are contiguous from 0). */
  get end(): number {
    const last = this.blocks[this.blocks.length - 1];
    return last ? last.end : 0;
  }

  /** Index of the block whose text contains `offset` (the last block for its end), or -1. */
  blockAt(offset: number): number {
    const blocks = this.blocks;
    let low = 0;
    let high = blocks.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (blocks[mid].end <= offset) low = mid + 1;
      else if (blocks[mid].start > offset) high = mid - 1;
      else return mid;
    }
    return blocks.length > 0 && offset === this.end ? blocks.length - 1 : -1;
  }

  /** Tokens in blocks before block `index`. */
  tokensBefore(index: number): number {
    return this.prefix()[index];
  }

  /** Appends tokens `buffer[from, to)` (absolute spans; `from` starts a chunk) as blocks ending at `textEnd`. */
  append(buffer: TokenBuffer, from: number, to: number, textEnd: number): void {
    this.blocks.push(...cutBlocks(buffer, from, to, textEnd));
    this.prefixCounts = undefined;
  }

  /** Replaces blocks [first, last] with `replacement` and shifts every later block by `delta`. */
  splice(first: number, last: number, replacement: TokenBlock[], delta: number): void {
    for (let i = last + 1; i < this.blocks.length; i++) this.blocks[i].start += delta;
    this.blocks.splice(first, last - first + 1, ...replacement);
    this.prefixCounts = undefined;
  }

  truncate(blockCount: number): void {
    this.blocks.length = blockCount;
    this.prefixCounts = undefined;
  }

  private prefix(): number[] {
    if (!this.prefixCounts) {
      const prefix = new Array<number>(this.blocks.length);
      let total = 0;
      this.blocks.forEach((block, i) => {
        prefix[i] = total;
        total += block.count;
      });
      this.prefixCounts = prefix;
    }
    return this.prefixCounts;
  }
}

/**
 * Cuts tokens `buffer[from, to)` into blocks of about BLOCK_TOKENS, each starting at a chunk
 * start; the text they cover runs from the first token's start to `textEnd`.
 */
export function cutBlocks(buffer: TokenBuffer, from: number, to: number, textEnd: number): TokenBlock[] {
  const blocks: TokenBlock[] = [];
  let first = from;
  while (first < to) {
    let last = Math.min(first + BLOCK_TOKENS, to);
    // Blocks end where a chunk starts, so every block start is a restart point.
    while (last < to && buffer.chunkStarts[last] === 0) last++;
    const start = buffer.starts[first];
    const end = last < to ? buffer.starts[last] : textEnd;
    const starts = buffer.starts.slice(first, last);
    const ends = buffer.ends.slice(first, last);
    for (let i = 0; i < starts.length; i++) {
      starts[i] -= start;
      ends[i] -= start;
    }
    blocks.push(
      new TokenBlock(start, end - start, buffer.ids.slice(first, last), starts, ends, buffer.chunkStarts.slice(first, last)),
    );
    first = last;
  }
  return blocks;
}
