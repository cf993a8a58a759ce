/** The windows LongChunkMerger (./longChunk.ts) merges, and the ones it remembers to reuse. */

/** One window's bytes, the UTF-16 span of the character each byte belongs to, and its merged parts. */
export class Window {
  bytes: Uint8Array;
  /** `bytes` four at a time, for comparing windows. */
  words: Int32Array;
  charStarts: Int32Array;
  charEnds: Int32Array;
  length = 0;
  /** Offset of bytes[0] in the chunk's bytes. */
  offset = 0;
  /** The window ends where the chunk ends. */
  final = false;
  /** Part k is bytes [starts[k], starts[k+1]) with rank ranks[k] (relative to the window). */
  starts = new Int32Array(0);
  ranks = new Int32Array(0);
  count = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.words = wordsOf(this.bytes);
    this.charStarts = new Int32Array(capacity);
    this.charEnds = new Int32Array(capacity);
  }

  /** Keeps a copy of merged parts (the merger reuses its arrays for the next window). */
  copy(starts: Int32Array, ranks: Int32Array, count: number): void {
    if (this.starts.length < count + 1) {
      this.starts = new Int32Array(count + 1);
      this.ranks = new Int32Array(count + 1);
    }
    this.starts.set(starts.subarray(0, count + 1));
    this.ranks.set(ranks.subarray(0, count));
    this.count = count;
  }
}

/** A merged window remembered by its bytes: long runs of one pattern repeat the same windows. */
export class RememberedWindow {
  bytes = new Uint8Array(0);
  words: Int32Array = new Int32Array(0);
  length = -1;
  starts = new Int32Array(0);
  ranks = new Int32Array(0);
  count = 0;

  /** Compared four bytes at a time: a long run of one pattern compares whole windows, in a cold process too. */
  matches(window: Window): boolean {
    const { length, words, bytes } = this;
    if (length !== window.length) return false;
    const other = window.words;
    const whole = length >> 2;
    for (let i = 0; i < whole; i++) if (words[i] !== other[i]) return false;
    for (let i = whole << 2; i < length; i++) if (bytes[i] !== window.bytes[i]) return false;
    return true;
  }

  remember(window: Window): void {
    if (this.bytes.length < window.length) {
      this.bytes = new Uint8Array(window.bytes.length);
      this.words = wordsOf(this.bytes);
    }
    this.bytes.set(window.bytes.subarray(0, window.length));
    this.length = window.length;
    if (this.starts.length < window.count + 1) {
      this.starts = new Int32Array(window.count + 1);
      this.ranks = new Int32Array(window.count + 1);
    }
    this.starts.set(window.starts.subarray(0, window.count + 1));
    this.ranks.set(window.ranks.subarray(0, window.count));
    this.count = window.count;
  }
}

/** The whole four-byte words of a buffer of its own (offset 0). */
function wordsOf(bytes: Uint8Array): Int32Array {
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
}
