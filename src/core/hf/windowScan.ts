/**
 * Drives a scanner compiled to WebAssembly (src/wasm/) over a file window, as the JavaScript
 * scanners walk one: the scanner reads items while they start early enough to be whole in what it
 * sees, then the window slides and it goes on. It reads the window where it is when the load's
 * arena holds it (a first load from disk), else a mirror: a copy of the window a part at a time.
 */
import { type FileWindow, itemAt } from './fileWindow';
import type { LoadArena } from './loadArena';

/** What a scanner answers (src/wasm/mergesScan.ts's scan, vocabularyScan.ts's scanVocabulary). */
export interface WindowScanner {
  /**
   * Reads from memory[pointer + at] while items start before `limit`: the index it stopped at
   * (≥ 0), −1 when what it reads is not plain, −2 at the closing bracket or brace, or another code
   * for `answer`.
   */
  scan(pointer: number, at: number, limit: number): number;
  /** After −2: the closing byte's index. */
  closing(): number;
  /** After another code: where to go on (an index into `seen`), undefined to give up. */
  answer?(code: number, seen: Uint8Array): number | undefined;
}

/** The part of the file a mirror copies at a time. */
const MIRROR_BYTES = 1 << 20;

/** How many bytes the scanner sees at a time scanning `window` from `at`, in `arena`: the window, or a mirror no longer than the rest of the file. */
export function seenBytes(window: FileWindow, at: number, arena: LoadArena): number {
  return arena.holds(window.view) ? window.capacity : Math.min(MIRROR_BYTES, window.size - window.base - at + 1);
}

/** Runs `scanner` over `window` from `at`: the closing byte's index in the view (the window slid to it), or −1. */
export function scanWindow(window: FileWindow, at: number, arena: LoadArena, scanner: WindowScanner): number {
  const mirror = arena.holds(window.view) ? undefined : arena.uint8(seenBytes(window, at, arena));
  const memory = new Uint8Array(arena.memory.buffer);
  let i = at;
  for (;;) {
    i = itemAt(window, i);
    const view = window.view;
    let seen = view;
    let from = 0;
    if (mirror) {
      seen = mirror.subarray(0, Math.min(mirror.length - 1, view.length - i));
      seen.set(view.subarray(i, i + seen.length));
      from = i;
    }
    // The scanner stops before an item that may not be whole in what it sees; the byte after that is 0, which ends any item.
    const whole = window.ended && from + seen.length === view.length;
    const limit = whole ? seen.length + 1 : Math.max(i - from + 1, seen.length - window.itemBytes + 1);
    memory[seen.byteOffset + seen.length] = 0;
    const stopped = scanner.scan(seen.byteOffset, i - from, limit);
    if (stopped >= 0) i = from + stopped;
    else if (stopped === -2) return from + scanner.closing();
    else {
      const next = stopped === -1 ? undefined : scanner.answer?.(stopped, seen);
      if (next === undefined) return -1;
      i = from + next;
    }
  }
}
