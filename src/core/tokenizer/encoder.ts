import { BytePairMerger } from './bpe';
import { ChunkCache } from './chunkCache';
import { type Chunker, RegexChunker } from './chunker';
import { LongChunkMerger, type MergeWork, StepResult, type WindowShape } from './longChunk';
import { Cl100kScanner, Gpt2Scanner, O200kScanner } from './scanners';
import { type RankData, parseRankFile } from './rankFile';
import { RankTable } from './rankTable';
import { SpecialTokens } from './specialTokens';
import { Recording, TokenBuffer, type TokenSpans } from './tokenBuffer';
import { encodeUtf8Into, mapBytesToCharacters } from './utf8';
import { type EncodeOptions, type LongChunkSupport, type StopPredicate, type TextTokenizer, joinTokenBytes } from './textTokenizer';

export type { EncodeOptions, StopPredicate };

/** Chunks up to this long are looked up whole in the rank table before the cache (tokens are rarely longer). */
const MAX_DIRECT_LOOKUP = 64;
/** Chunks longer than this (UTF-16 units) merge in windows, in linear time and bounded memory, and skip the cache. */
export const LONG_CHUNK = 8192;

/**
 * An exact tiktoken-compatible encoder over one rank file. Pure: ranks come in through
 * the constructor, no I/O.
 */
export class Encoder implements TextTokenizer, LongChunkSupport {
  readonly name: string;
  /** Largest id + 1, special tokens included. */
  readonly vocabularySize: number;
  readonly specialTokens: ReadonlyMap<string, number>;
  /** Longest special token text, in UTF-16 units (0 when there are none). */
  readonly longestSpecialToken: number;
  readonly longChunks: LongChunkSupport = this;
  private readonly specials: SpecialTokens;

  private readonly table: RankTable;
  private readonly merger: BytePairMerger;
  /** Bytes this encoder has handed to byte-pair merging (tests bound the work of one step with it). */
  readonly mergeWork: MergeWork = { bytes: 0, merged: 0 };
  private longMerger: LongChunkMerger | undefined;
  private readonly pattern: string;
  private readonly cache = new ChunkCache();
  /** UTF-8 of the chunk being encoded; always holds at least MAX_DIRECT_LOOKUP × 3 bytes. */
  private scratch = new Uint8Array(1024);
  private charStarts = new Int32Array(1024);
  private charEnds = new Int32Array(1024);
  /** The last piece's tokens from encodePiece: [id, start, end] triples relative to the piece. */
  private pieceTokens = new Int32Array(3 * 1024);

  static fromRankFile(file: Uint8Array, source: string): Encoder {
    return new Encoder(parseRankFile(file, source));
  }

  /** `slots`: the rank table's hash slots when they were built already (`RankTable.buildSlots`). */
  constructor(data: RankData, slots?: Int32Array) {
    this.name = data.name;
    this.pattern = data.pattern;
    this.table = new RankTable(data, slots);
    this.merger = new BytePairMerger(this.table);
    this.specials = new SpecialTokens(data.specialTokens);
    this.specialTokens = this.specials.ids;
    this.vocabularySize = Math.max(data.tokenCount, this.specials.idLimit);
    this.longestSpecialToken = this.specials.longest;
  }

  /** A fresh pre-tokenizer for this encoding (each holds its own scan position). */
  createChunker(): Chunker {
    switch (this.pattern) {
      case O200kScanner.PATTERN:
        return new O200kScanner();
      case Cl100kScanner.PATTERN:
        return new Cl100kScanner();
      case Gpt2Scanner.PATTERN:
        return new Gpt2Scanner();
      default:
        // An encoding we have no hand-written scanner for: its own regular expression.
        return new RegexChunker(this.pattern);
    }
  }

  /** Token ids of `text`. */
  encode(text: string, options?: EncodeOptions): number[] {
    return this.tokenize(text, options, new TokenBuffer(1024, Recording.Ids)).idList();
  }

  count(text: string, options?: EncodeOptions): number {
    return this.tokenize(text, options, new TokenBuffer(0, Recording.Count)).count;
  }

  /** Token ids with their UTF-16 spans in `text`. */
  tokenize(text: string, options?: EncodeOptions, out = new TokenBuffer()): TokenBuffer {
    this.encodeRange(text, 0, text.length, out, 0, options);
    return out;
  }

  /**
   * Encodes `text[from, to)` as if it were the whole text, appending to `out` with spans
   * shifted by `base`. Special tokens (when allowed) are found inside the range only.
   *
   * `stop(start, end)` (absolute offsets) is asked before each chunk; when it answers true
   * the scan ends before that chunk. Returns where the scan ended (relative to `text`).
   */
  encodeRange(
    text: string,
    from: number,
    to: number,
    out: TokenBuffer,
    base: number,
    options?: EncodeOptions,
    stop?: StopPredicate,
  ): number {
    if (!options?.allowSpecial) return this.encodeOrdinary(text, from, to, out, base, stop);
    let position = from;
    for (let match = this.specials.next(text, from, to); match; match = this.specials.next(text, match.end, to)) {
      const reached = this.encodeOrdinary(text, position, match.start, out, base, stop);
      if (reached < match.start || stop?.(match.start + base, match.end + base)) return reached;
      out.push(match.id, match.start + base, match.end + base, true);
      position = match.end;
    }
    return this.encodeOrdinary(text, position, to, out, base, stop);
  }

  /** Start of the first special token (when allowed) lying wholly in `text[from, to)`, or -1. */
  specialTokenIndex(text: string, from: number, to: number, options?: EncodeOptions): number {
    return options?.allowSpecial ? this.specials.indexBefore(text, from, to) : -1;
  }

  /** Ordinary text only: special-token text is just text here. */
  private encodeOrdinary(text: string, from: number, to: number, out: TokenBuffer, base: number, stop?: StopPredicate): number {
    if (from >= to) return from;
    // The pattern must not see past `to` (its look-ahead would), so scan a slice unless `to` is the end.
    const source = to === text.length ? text : text.slice(0, to);
    const chunker = this.createChunker();
    chunker.reset(source, from);
    for (let start = from, end = chunker.next(); end !== -1; start = end, end = chunker.next()) {
      if (stop?.(start + base, end + base)) return start;
      this.encodeChunk(source, start, end, out, base);
    }
    return to;
  }

  /** Appends the tokens of one pre-tokenizer chunk `text[start, end)`. */
  encodeChunk(text: string, start: number, end: number, out: TokenBuffer, base: number): void {
    // Most chunks are one token: find it without allocating (ASCII chars are their own bytes).
    if (end - start <= MAX_DIRECT_LOOKUP) {
      let rank = this.table.lookupAscii(text, start, end);
      if (rank === -2) {
        const length = encodeUtf8Into(text, start, end, this.scratch);
        rank = this.table.lookup(this.scratch, 0, length);
      }
      if (rank >= 0) {
        out.push(rank, start + base, end + base, true);
        return;
      }
    }
    if (end - start > LONG_CHUNK) {
      this.encodeLongChunk(text, start, end, out, base);
      return;
    }
    const cache = this.cache;
    let at = cache.find(text, start, end);
    // Entries made without spans (count, encode) have -1 offsets: recompute when spans are wanted.
    if (at === -1 || (out.record === Recording.Spans && cache.data[at + 2] < 0)) {
      const count = this.encodePiece(text, start, end, out.record === Recording.Spans, end - start <= MAX_DIRECT_LOOKUP);
      at = cache.add(text, start, end, this.pieceTokens, count);
    }
    pushTriples(out, cache.data, at + 1, cache.data[at], start + base);
  }

  /** A merger of long chunks in windows, resumable step by step (each step merges one window). */
  createLongChunkMerger(shape?: WindowShape): LongChunkMerger {
    return new LongChunkMerger(new BytePairMerger(this.table), this.mergeWork, shape);
  }

  /** Merges one whole chunk at once: for the rare chunk whose windows share no token. */
  encodeChunkWhole(text: string, start: number, end: number, out: TokenBuffer, base: number): void {
    const count = this.encodePiece(text, start, end, out.record === Recording.Spans, false);
    pushTriples(out, this.pieceTokens, 0, count, start + base);
  }

  /** Merges the chunk `text[start, end)` in windows (exact; bounded memory). */
  encodeLongChunk(text: string, start: number, end: number, out: TokenBuffer, base: number): void {
    this.longMerger ??= this.createLongChunkMerger();
    const merger = this.longMerger;
    const before = out.count;
    merger.begin(text, start, end, out, base);
    let result = merger.step();
    while (result === StepResult.More) result = merger.step();
    if (result === StepResult.Done) return;
    out.truncate(before);
    this.encodeChunkWhole(text, start, end, out, base);
  }

  /**
   * Writes the tokens of `text[start, end)` to pieceTokens as triples and returns how many there
   * are; without `withSpans` their offsets are -1. `lookedUp`: the caller found that the whole
   * piece is no token (encodeChunk's direct lookup).
   */
  private encodePiece(text: string, start: number, end: number, withSpans: boolean, lookedUp: boolean): number {
    const units = end - start;
    if (this.scratch.length < units * 3) {
      this.scratch = new Uint8Array(units * 3);
      this.charStarts = new Int32Array(units * 3);
      this.charEnds = new Int32Array(units * 3);
      this.pieceTokens = new Int32Array(units * 9);
    }
    const bytes = this.scratch;
    const tokens = this.pieceTokens;
    const length = encodeUtf8Into(text, start, end, bytes);
    const whole = lookedUp ? -1 : this.table.lookup(bytes, 0, length);
    if (whole !== -1) {
      tokens[0] = whole;
      tokens[1] = 0;
      tokens[2] = units;
      return 1;
    }
    const merger = this.merger;
    this.mergeWork.bytes += length;
    this.mergeWork.merged += length;
    merger.merge(bytes, length);
    if (!withSpans) {
      for (let k = 0; k < merger.count; k++) {
        tokens[3 * k] = merger.ranks[k];
        tokens[3 * k + 1] = tokens[3 * k + 2] = -1;
      }
      return merger.count;
    }
    const { charStarts, charEnds } = this;
    mapBytesToCharacters(text, start, end, charStarts, charEnds);
    for (let k = 0; k < merger.count; k++) {
      tokens[3 * k] = merger.ranks[k];
      tokens[3 * k + 1] = charStarts[merger.starts[k]];
      tokens[3 * k + 2] = charEnds[merger.starts[k + 1] - 1];
    }
    return merger.count;
  }

  isSpecial(id: number): boolean {
    return this.specials.has(id);
  }

  specialTokenText(id: number): string | undefined {
    return this.specials.text(id);
  }

  /** Whether `id` names a token of this encoding. */
  isValidId(id: number): boolean {
    return (
      Number.isInteger(id) &&
      id >= 0 &&
      (this.specials.has(id) || (id < this.table.tokenCount && this.table.tokenLength(id) > 0))
    );
  }

  /** The bytes a token stands for (special tokens: their text as UTF-8). */
  tokenBytes(id: number): Uint8Array {
    const special = this.specials.text(id);
    if (special !== undefined) return new TextEncoder().encode(special);
    if (!this.isValidId(id)) throw new RangeError(`${id} is not a token id of ${this.name}`);
    return this.table.tokenBytes(id);
  }

  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    return joinTokenBytes(ids, (id) => this.tokenBytes(id));
  }

  /** The text of the ids (a leading U+FEFF is kept: it is text, not a byte-order mark here). */
  decode(ids: ArrayLike<number>): string {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.decodeBytes(ids));
  }
}

/** Appends `count` [id, start, end] triples from `triples[from…]`, offsets shifted by `at`; the first begins a chunk. */
function pushTriples(out: TokenBuffer, triples: Int32Array, from: number, count: number, at: number): void {
  for (let k = 0; k < count; k++) {
    const i = from + 3 * k;
    out.push(triples[i], at + triples[i + 1], at + triples[i + 2], k === 0);
  }
}

export type { TokenSpans };
