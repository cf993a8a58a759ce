/**
 * A file seen through a window that slides forward: the scanners of ./jsonScan.ts,
 * ./vocabularyScan.ts and ./mergesScan.ts read `view` and, between two items, ask `ensure` for
 * the bytes ahead. Reading a large file piece by piece into one reused buffer spares touching
 * fresh memory for all of it (page faults cost more than the reading). A window over bytes
 * already in memory holds them whole and never slides.
 */

/** Reads into `into` the file's bytes from `position` on: how many (0 at the file's end). */
export type FileReader = (into: Uint8Array, position: number) => number;

export class FileWindow {
  /** The bytes held: the file's from `base` on. Indices into it shift when `ensure` slides it. */
  view: Uint8Array;
  /** The file position of view[0]. */
  base = 0;
  /** The longest item (a vocab entry, a merge) a streamed scan asks to see whole; a longer one makes it give up. */
  itemBytes = 1 << 16;
  private buffer: Uint8Array;
  private atEnd: boolean;

  private constructor(
    private readonly read: FileReader,
    /** The file's size: the window reads nothing beyond it. */
    readonly size: number,
    buffer: Uint8Array,
  ) {
    this.buffer = buffer;
    this.view = buffer.subarray(0, 0);
    this.atEnd = false;
  }

  /** A window holding all of `file`. */
  static whole(file: Uint8Array): FileWindow {
    const window = new FileWindow(() => 0, file.length, file);
    window.view = file;
    window.atEnd = true;
    return window;
  }

  /**
   * A window of `capacity` bytes (items up to `itemBytes`) over the `size` bytes `read` reads, filled
   * from the start; in `memory` when given (a view of `capacity` bytes at least: see LoadArena).
   */
  static stream(read: FileReader, size: number, capacity = 1 << 20, itemBytes = 1 << 16, memory?: (bytes: number) => Uint8Array): FileWindow {
    const bytes = Math.max(1, Math.min(capacity, size));
    const window = new FileWindow(read, size, memory ? memory(bytes) : new Uint8Array(bytes));
    window.itemBytes = itemBytes;
    window.ensure(0, 1);
    return window;
  }

  /** Whether the view holds the file's last byte. */
  get ended(): boolean {
    return this.atEnd;
  }

  /** The longest view this window holds without growing. */
  get capacity(): number {
    return this.buffer.length;
  }

  /** Whether the view holds the whole file (it then never slides). */
  get whole(): boolean {
    return this.base === 0 && this.atEnd;
  }

  /** Reads more of the file into the view without dropping any of it: whether there was more. */
  more(): boolean {
    const before = this.view.length;
    this.ensure(0, 2 * before + 1);
    return this.view.length > before;
  }

  /**
   * Slides the window so that `ahead` bytes follow view[at] (or all the file's rest does), growing
   * the buffer when it is smaller: the amount the caller's indices shift by (subtract it). The
   * bytes before view[at] are gone afterwards.
   */
  ensure(at: number, ahead: number): number {
    if (this.atEnd || this.view.length - at >= ahead) return 0;
    const kept = this.view.length - at;
    const capacity = Math.min(Math.max(this.buffer.length, ahead), this.size - this.base - at);
    if (capacity > this.buffer.length) {
      const grown = new Uint8Array(Math.max(capacity, Math.min(2 * this.buffer.length, this.size - this.base - at)));
      grown.set(this.view.subarray(at));
      this.buffer = grown;
    } else this.buffer.copyWithin(0, at, this.view.length);
    this.base += at;
    let filled = kept;
    const end = Math.min(this.buffer.length, this.size - this.base);
    while (filled < end) {
      const count = this.read(this.buffer.subarray(filled, end), this.base + filled);
      if (count <= 0) break;
      filled += count;
    }
    if (this.base + filled >= this.size || filled < end) this.atEnd = true;
    this.view = this.buffer.subarray(0, filled);
    return at;
  }
}

/** Slides `window` so that an item may start at view[at]: `at` in the new view. */
export function itemAt(window: FileWindow, at: number): number {
  return at - window.ensure(at, window.itemBytes);
}
