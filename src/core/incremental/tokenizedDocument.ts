import { LONG_CHUNK } from '../tokenizer/encoder';
import type { EncodeOptions, TextTokenizer } from '../tokenizer/textTokenizer';
import { TokenBuffer } from '../tokenizer/tokenBuffer';
import { type TextSource, restartThreshold, trustedEnd } from './restart';
import { LongChunkSteps, scanForward } from './scan';
import { type TokenBlock, TokenBlockList, cutBlocks } from './tokenBlocks';

interface RestartPoint {
  readonly offset: number;
  readonly block: number;
  readonly token: number;
}

/** How much text one step of the first pass reads. */
const PASS_WINDOW = 32_768;
/** How much text an edit's re-scan reads before widening its window. */
const EDIT_WINDOW = 2_048;
/** Past this much re-scanned text, an edit hands the rest back to the background pass. */
const EDIT_BUDGET = 262_144;

export interface DocumentToken {
  /** Position of the token in the document's token sequence. */
  readonly index: number;
  readonly id: number;
  readonly start: number;
  readonly end: number;
}

/**
 * A document's tokens, kept up to date under edits. The tokens cover [0, frontier); a
 * first pass (or an edit too large to finish at once) leaves the rest for `advance`.
 *
 * An edit restarts the pre-tokenizer at a chunk start safely before it, and stops as soon as
 * a chunk starts where an old chunk started after the edit: from there on, the text and
 * therefore the tokens are the same as before.
 */
export class TokenizedDocument {
  private readonly list = new TokenBlockList();
  private readonly buffer = new TokenBuffer(1024);
  /** A long chunk at the frontier being merged a window per `advance`. */
  private long: LongChunkSteps | undefined;

  /** `length` is the text's length now; nothing is tokenized until `advance`. */
  constructor(
    readonly encoder: TextTokenizer,
    readonly options: EncodeOptions = {},
    private length = 0,
  ) {}

  /** Tokens are known for the text before this offset. */
  get frontier(): number {
    return this.list.end;
  }

  get textLength(): number {
    return this.length;
  }

  get complete(): boolean {
    return this.list.end >= this.length;
  }

  /** Tokens before the frontier. */
  get tokenCount(): number {
    return this.list.tokenCount;
  }

  /** Tokenizes about `maxChars` more of the text after the frontier. Returns true when complete. */
  advance(source: TextSource, maxChars = PASS_WINDOW): boolean {
    this.length = source.length;
    const from = this.list.end;
    if (from >= this.length) return true;
    if (this.long) {
      if (!this.long.step()) return false;
      const { tokens, end } = this.long;
      this.long = undefined;
      this.list.append(tokens, 0, tokens.count, end);
      return end >= this.length;
    }
    this.buffer.clear();
    const long = { at: -1 };
    let position = scanForward(this.encoder, source, from, maxChars, this.buffer, this.options, long);
    if (long.at !== -1 && long.at === position) {
      this.long = LongChunkSteps.at(this.encoder, source, position, true, this.options);
      // Shorter than it looked in a cut-off window: scan it the ordinary way.
      if (!this.long && position === from) position = scanForward(this.encoder, source, from, maxChars, this.buffer, this.options);
    }
    this.list.append(this.buffer, 0, this.buffer.count, position);
    return position >= this.length;
  }

  /** Tokenizes everything that is left (for small texts and tests). */
  finish(source: TextSource): void {
    while (!this.advance(source)) {
      /* keep going */
    }
  }

  /**
   * Updates the tokens after `text[start, start + removed)` was replaced by `inserted`
   * characters; `source` is the text after the edit.
   */
  applyEdit(source: TextSource, start: number, removed: number, inserted: number): void {
    this.length = source.length;
    // A long chunk being merged starts at the frontier; the pass starts it again on the new text.
    this.long = undefined;
    const delta = inserted - removed;
    const oldEnd = start + removed;
    const newEnd = start + inserted;
    const oldFrontier = this.list.end;
    const restart = this.restartPoint(source, start);
    if (restart.offset >= oldFrontier || oldEnd > oldFrontier) {
      // The edit is in (or next to) text the first pass has not reached: just resume from the restart point.
      this.list.splice(restart.block, this.list.blocks.length - 1, this.keptBlocks(restart), 0);
      return;
    }
    // Old chunk starts after the edit, in increasing order, ending with the old frontier.
    const oldStarts = this.oldChunkStartsFrom(oldEnd, oldFrontier);
    let oldStart = oldStarts.next();
    let synced = -1;
    let handBack = false;
    const buffer = this.buffer;
    buffer.clear();
    let position = restart.offset;
    for (let window = EDIT_WINDOW; synced === -1 && !handBack && position < this.length; window *= 2) {
      const windowEnd = Math.min(this.length, Math.max(newEnd, position) + window);
      const text = source.slice(position, windowEnd);
      const limit = windowEnd === this.length ? Infinity : position + trustedEnd(text, this.encoder);
      const stop = (chunkStart: number, chunkEnd: number): boolean => {
        if (chunkStart >= newEnd) {
          while (oldStart < chunkStart - delta) oldStart = oldStarts.next();
          if (oldStart === chunkStart - delta) {
            synced = chunkStart;
            return true;
          }
        }
        // Long chunks, like long re-scans, are the pass's work: it merges them in steps.
        if (chunkStart - delta > oldFrontier || chunkStart - restart.offset > EDIT_BUDGET || chunkEnd - chunkStart > LONG_CHUNK) {
          handBack = true;
          return true;
        }
        return chunkEnd > limit;
      };
      position += this.encoder.encodeRange(text, 0, text.length, buffer, position, this.options, stop);
    }
    if (synced === -1 && !handBack && position >= this.length) synced = this.length;
    const replaced = this.list.blocks.length - 1;
    if (synced === -1 || synced - delta >= oldFrontier) {
      // Not re-synchronised inside the known tokens: keep what was re-scanned, the pass does the rest.
      const end = synced === -1 ? position : synced;
      this.list.splice(restart.block, replaced, [...this.keptBlocks(restart), ...cutBlocks(buffer, 0, buffer.count, end)], 0);
      return;
    }
    this.spliceSynced(restart.block, restart.token, synced, delta);
  }

  /** Replaces old tokens from the restart point to the sync point with the re-scanned ones. */
  private spliceSynced(firstBlock: number, keptTokens: number, synced: number, delta: number): void {
    const oldSync = synced - delta;
    const blocks = this.list.blocks;
    let lastBlock = this.list.blockAt(oldSync);
    // A block starting at the sync point is only shifted, unless it is the restart block (an insertion before everything).
    if (blocks[lastBlock].start === oldSync && lastBlock > firstBlock) lastBlock--;
    const merged = new TokenBuffer(keptTokens + this.buffer.count + 4096);
    const first = blocks[firstBlock];
    for (let i = 0; i < keptTokens; i++) {
      merged.push(first.ids[i], first.starts[i] + first.start, first.ends[i] + first.start, first.chunkStarts[i] === 1);
    }
    const rescanned = this.buffer;
    for (let i = 0; i < rescanned.count; i++) {
      merged.push(rescanned.ids[i], rescanned.starts[i], rescanned.ends[i], rescanned.chunkStarts[i] === 1);
    }
    const last = blocks[lastBlock];
    for (let i = 0; i < last.count; i++) {
      const start = last.starts[i] + last.start;
      if (start < oldSync) continue;
      merged.push(last.ids[i], start + delta, last.ends[i] + last.start + delta, last.chunkStarts[i] === 1);
    }
    this.list.splice(firstBlock, lastBlock, cutBlocks(merged, 0, merged.count, last.end + delta), delta);
  }

  /** The chunk start to re-scan from: block `block`, its token `token`. */
  private restartPoint(source: TextSource, editStart: number): RestartPoint {
    const threshold = Math.min(restartThreshold(source, editStart, this.encoder), this.list.end);
    const block = this.list.blockAt(threshold);
    if (block === -1) return { offset: 0, block: 0, token: 0 };
    const b = this.list.blocks[block];
    let k = b.count - 1;
    while (k > 0 && (b.chunkStarts[k] === 0 || b.starts[k] + b.start > threshold)) k--;
    return { offset: b.starts[k] + b.start, block, token: k };
  }

  /** The restart block's tokens before the restart point, as blocks. */
  private keptBlocks(restart: RestartPoint): TokenBlock[] {
    if (restart.token === 0) return [];
    const b = this.list.blocks[restart.block];
    const kept = new TokenBuffer(restart.token);
    for (let i = 0; i < restart.token; i++) {
      kept.push(b.ids[i], b.starts[i] + b.start, b.ends[i] + b.start, b.chunkStarts[i] === 1);
    }
    return cutBlocks(kept, 0, restart.token, restart.offset);
  }

  /** Iterates old chunk starts ≥ `from`, then `frontier`, then Infinity. */
  private oldChunkStartsFrom(from: number, frontier: number): { next(): number } {
    const blocks = this.list.blocks;
    let blockIndex = Math.max(0, this.list.blockAt(from));
    let k = 0;
    let done = false;
    return {
      next: (): number => {
        while (blockIndex < blocks.length) {
          const b = blocks[blockIndex];
          while (k < b.count) {
            const i = k++;
            if (b.chunkStarts[i] === 1 && b.starts[i] + b.start >= from) return b.starts[i] + b.start;
          }
          blockIndex++;
          k = 0;
        }
        if (!done) {
          done = true;
          return frontier;
        }
        return Infinity;
      },
    };
  }

  /** Calls `visit` for each known token overlapping [start, end), in order: the first `most` of them. */
  forEachToken(start: number, end: number, visit: (token: DocumentToken) => void, most = Infinity): void {
    let visits = 0;
    const blocks = this.list.blocks;
    let blockIndex = this.list.blockAt(Math.min(start, Math.max(0, this.list.end - 1)));
    if (blockIndex === -1) return;
    let index = this.list.tokensBefore(blockIndex);
    for (; blockIndex < blocks.length && blocks[blockIndex].start < end; blockIndex++) {
      const b = blocks[blockIndex];
      for (let i = 0; i < b.count; i++, index++) {
        const tokenStart = b.starts[i] + b.start;
        const tokenEnd = b.ends[i] + b.start;
        if (tokenEnd <= start) continue;
        if (tokenStart >= end || visits++ >= most) return;
        visit({ index, id: b.ids[i], start: tokenStart, end: tokenEnd });
      }
    }
  }

  /** How many known tokens overlap [start, end): blocks inside it count whole, only those at its ends token by token. */
  countTokens(start: number, end: number): number {
    const blocks = this.list.blocks;
    let blockIndex = this.list.blockAt(Math.min(start, Math.max(0, this.list.end - 1)));
    if (blockIndex === -1) return 0;
    let count = 0;
    for (; blockIndex < blocks.length && blocks[blockIndex].start < end; blockIndex++) {
      const b = blocks[blockIndex];
      if (b.count > 0 && b.starts[0] + b.start >= start && b.ends[b.count - 1] + b.start <= end) {
        count += b.count;
        continue;
      }
      for (let i = 0; i < b.count; i++) {
        if (b.ends[i] + b.start <= start) continue;
        if (b.starts[i] + b.start >= end) return count;
        count++;
      }
    }
    return count;
  }

  /** Tokens whose span contains `offset` (several when they share a character). */
  tokensAt(offset: number): DocumentToken[] {
    const found: DocumentToken[] = [];
    this.forEachToken(offset, offset + 1, (token) => {
      if (token.start <= offset && offset < token.end) found.push(token);
    });
    return found;
  }

  /** All known tokens as flat arrays (tests, small documents). */
  snapshot(): TokenBuffer {
    const out = new TokenBuffer(Math.max(16, this.tokenCount));
    for (const b of this.list.blocks) {
      for (let i = 0; i < b.count; i++) out.push(b.ids[i], b.starts[i] + b.start, b.ends[i] + b.start, b.chunkStarts[i] === 1);
    }
    return out;
  }
}
