/**
 * Tokens with their spans in the text, in growable typed arrays (a 5 MB document has
 * over a million tokens; objects per token would cost ten times the memory).
 *
 * Spans are UTF-16 offsets. A token holding only part of a character's UTF-8 bytes gets
 * that whole character's span, so neighbours may share a character: spans are ordered
 * (starts and ends never decrease) and together cover the text, but may overlap.
 */
export interface TokenSpans {
  readonly count: number;
  readonly ids: Uint32Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
}

/** What a buffer records: everything, only the ids, or only how many tokens there are. */
export const enum Recording {
  Spans = 2,
  Ids = 1,
  Count = 0,
}

export class TokenBuffer implements TokenSpans {
  count = 0;
  ids: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** 1 where a token begins a pre-tokenizer chunk (a point where tokenization can restart). */
  chunkStarts: Uint8Array;

  /** With `record` below Spans, the arrays not recorded stay empty (encode() and count() need no spans). */
  constructor(
    capacity = 256,
    readonly record: Recording = Recording.Spans,
  ) {
    this.ids = new Uint32Array(record >= Recording.Ids ? capacity : 0);
    const spans = record === Recording.Spans ? capacity : 0;
    this.starts = new Uint32Array(spans);
    this.ends = new Uint32Array(spans);
    this.chunkStarts = new Uint8Array(spans);
  }

  push(id: number, start: number, end: number, chunkStart: boolean): void {
    const i = this.count++;
    const record = this.record;
    if (record === Recording.Count) return;
    if (i === this.ids.length) this.grow(i * 2);
    this.ids[i] = id;
    if (record === Recording.Ids) return;
    this.starts[i] = start;
    this.ends[i] = end;
    this.chunkStarts[i] = chunkStart ? 1 : 0;
  }

  clear(): void {
    this.count = 0;
  }

  /** Forgets the tokens from `count` on. */
  truncate(count: number): void {
    this.count = Math.min(this.count, count);
  }

  /** Just the ids, as a plain array (for APIs and JSON). */
  idList(): number[] {
    const list = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) list[i] = this.ids[i];
    return list;
  }

  /** A trimmed copy that owns its memory. */
  toSpans(): TokenSpans {
    const n = this.count;
    return { count: n, ids: this.ids.slice(0, n), starts: this.starts.slice(0, n), ends: this.ends.slice(0, n) };
  }

  private grow(capacity: number): void {
    capacity = Math.max(capacity, 16);
    const ids = new Uint32Array(capacity);
    ids.set(this.ids);
    this.ids = ids;
    if (this.record !== Recording.Spans) return;
    const starts = new Uint32Array(capacity);
    const ends = new Uint32Array(capacity);
    const chunkStarts = new Uint8Array(capacity);
    starts.set(this.starts);
    ends.set(this.ends);
    chunkStarts.set(this.chunkStarts);
    this.starts = starts;
    this.ends = ends;
    this.chunkStarts = chunkStarts;
  }
}
