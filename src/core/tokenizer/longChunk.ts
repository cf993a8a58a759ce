import type { BytePairMerger } from './bpe';
import { RememberedWindow, Window } from './chunkWindow';
import type { TokenBuffer } from './tokenBuffer';

/**
 * Byte-pair merging of one very long chunk in overlapping windows, in linear time and
 * bounded memory, with exactly the result of merging the chunk whole.
 *
 * Why it is exact (the "valid encoding" corollaries of GitHub's `bpe` crate, which hold for
 * tiktoken's merge order too): a run of consecutive tokens out of a BPE result is itself the
 * BPE result of its bytes; and two BPE results that overlap in one identical token (same bytes,
 * same place) join at that token into the BPE result of the union of their bytes. So each
 * window is merged on its own, the next window starts at one of its token starts near its end,
 * and the tokens before the first token the two windows share are final: the chain of windows
 * joined at shared tokens is the BPE result of the whole chunk, by uniqueness. When two windows
 * share no token (never seen on real vocabularies), `step` reports it and the caller merges the
 * chunk whole instead.
 *
 * Each `step` merges one window, so the work can be sliced and resumed between steps.
 */
export interface WindowShape {
  /** Bytes per window. */
  readonly window: number;
  /** Where the next window starts: the last token start at least this many bytes before the window's end. */
  readonly overlap: number;
}

/** Bytes handed to byte-pair merging: a measure of work that tests can bound. */
export interface MergeWork {
  /** Remembered windows included. */
  bytes: number;
  /** Only the bytes actually merged (not found among the remembered windows). */
  merged: number;
}

/**
 * Small windows: a fresh process merges its first long chunk mostly in the interpreter, so the
 * bytes merged before code is optimised decide its cost. A run of one pattern then merges one
 * 2 KB window and finds the rest remembered (20,000 letters: 12.8 KB merged with 8 KB windows,
 * under 4 KB now); varied text costs the same (shallower heaps pay for the larger share of overlap).
 */
export const DEFAULT_WINDOW_SHAPE: WindowShape = { window: 2_048, overlap: 256 };

export const enum StepResult {
  More,
  Done,
  /** Two windows shared no token: nothing is known; merge the chunk whole. */
  NoSharedToken,
}

const REMEMBERED_WINDOWS = 4;

export class LongChunkMerger {
  private readonly remembered = Array.from({ length: REMEMBERED_WINDOWS }, () => new RememberedWindow());
  private nextToForget = 0;
  private current: Window;
  private next: Window;
  private text = '';
  private end = 0;
  /** Next UTF-16 offset of the chunk not yet turned into bytes. */
  private position = 0;
  private out: TokenBuffer | undefined;
  private base = 0;
  /** Index in `current` of the first token not yet emitted. */
  private from = 0;
  private first = true;
  constructor(
    private readonly merger: BytePairMerger,
    private readonly work: MergeWork,
    private readonly shape: WindowShape = DEFAULT_WINDOW_SHAPE,
  ) {
    // Room for a window plus one more character (4 bytes) and the carried overlap.
    const capacity = shape.window + 8;
    this.current = new Window(capacity);
    this.next = new Window(capacity);
  }

  /** Starts on chunk `text[start, end)`; tokens go to `out` with spans shifted by `base`. */
  begin(text: string, start: number, end: number, out: TokenBuffer, base: number): void {
    this.text = text;
    this.end = end;
    this.position = start;
    this.out = out;
    this.base = base;
    this.first = true;
    this.from = 0;
    const window = this.current;
    window.length = 0;
    window.offset = 0;
    this.fill(window);
    this.mergeInto(window);
  }

  /** Merges one more window and emits the tokens that became final. */
  step(): StepResult {
    const current = this.current;
    if (current.final) {
      this.emit(current, this.from, current.count);
      this.release();
      return StepResult.Done;
    }
    // The next window starts at the last token start at least `overlap` bytes before the end.
    const limit = current.length - this.shape.overlap;
    let k = current.count - 1;
    while (k > this.from + 1 && current.starts[k] > limit) k--;
    if (k <= this.from) k = Math.min(this.from + 1, current.count - 1);
    if (current.length - current.starts[k] > this.shape.window - 16) {
      // Tokens as long as the window (only with tiny windows): no room to move on.
      this.release();
      return StepResult.NoSharedToken;
    }
    const next = this.next;
    this.carry(current, current.starts[k], next);
    this.fill(next);
    this.mergeInto(next);
    // The first token (same start, same end) both windows have, at or after token k.
    let i = k;
    let j = 0;
    const shift = next.offset - current.offset;
    while (i < current.count && j < next.count) {
      const a = current.starts[i];
      const b = next.starts[j] + shift;
      if (a < b) i++;
      else if (b < a) j++;
      else if (current.starts[i + 1] === next.starts[j + 1] + shift) break;
      else {
        i++;
        j++;
      }
    }
    if (i >= current.count || j >= next.count) {
      this.release();
      return StepResult.NoSharedToken;
    }
    this.emit(current, this.from, i);
    this.from = j;
    this.current = next;
    this.next = current;
    return StepResult.More;
  }

  private mergeInto(window: Window): void {
    this.work.bytes += window.length;
    for (const known of this.remembered) {
      if (known.matches(window)) {
        window.copy(known.starts, known.ranks, known.count);
        return;
      }
    }
    this.work.merged += window.length;
    this.merger.merge(window.bytes, window.length);
    window.copy(this.merger.starts, this.merger.ranks, this.merger.count);
    this.remembered[this.nextToForget].remember(window);
    this.nextToForget = (this.nextToForget + 1) % REMEMBERED_WINDOWS;
  }

  private emit(window: Window, from: number, to: number): void {
    const out = this.out as TokenBuffer;
    const { starts, ranks, charStarts, charEnds } = window;
    const base = this.base;
    for (let k = from; k < to; k++) {
      out.push(ranks[k], charStarts[starts[k]] + base, charEnds[starts[k + 1] - 1] + base, this.first);
      this.first = false;
    }
  }

  /** Starts `target` with `source`'s bytes from `from` on. */
  private carry(source: Window, from: number, target: Window): void {
    const length = source.length - from;
    target.bytes.set(source.bytes.subarray(from, source.length));
    target.charStarts.set(source.charStarts.subarray(from, source.length));
    target.charEnds.set(source.charEnds.subarray(from, source.length));
    target.length = length;
    target.offset = source.offset + from;
  }

  /** Appends UTF-8 of more characters to `window` (at least one, up to the window size), as TextEncoder does. */
  private fill(window: Window): void {
    const { text, end } = this;
    const { bytes, charStarts, charEnds } = window;
    const max = this.shape.window;
    let n = window.length;
    let i = this.position;
    while (i < end && (n + 4 <= max || n === window.length)) {
      let c = text.charCodeAt(i);
      let units = 1;
      const at = n;
      if (c < 0x80) bytes[n++] = c;
      else if (c < 0x800) {
        bytes[n++] = 0xc0 | (c >> 6);
        bytes[n++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const low = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          units = 2;
          bytes[n++] = 0xf0 | (c >> 18);
          bytes[n++] = 0x80 | ((c >> 12) & 0x3f);
          bytes[n++] = 0x80 | ((c >> 6) & 0x3f);
          bytes[n++] = 0x80 | (c & 0x3f);
        } else {
          bytes[n++] = 0xef;
          bytes[n++] = 0xbf;
          bytes[n++] = 0xbd;
        }
      } else {
        bytes[n++] = 0xe0 | (c >> 12);
        bytes[n++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[n++] = 0x80 | (c & 0x3f);
      }
      for (let b = at; b < n; b++) {
        charStarts[b] = i;
        charEnds[b] = i + units;
      }
      i += units;
    }
    this.position = i;
    window.length = n;
    window.final = i >= end;
  }

  /** Drops the references to the caller's text and buffer. */
  private release(): void {
    this.text = '';
    this.out = undefined;
  }
}
