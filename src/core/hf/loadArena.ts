/**
 * The memory a first load's large arrays are cut from: one WebAssembly memory, which the scanners
 * compiled to WebAssembly (src/wasm/, through ./loadScanner.ts) read the file window from and
 * write the vocabulary, its hash table and the merges to, and which the tokenizer then reads in
 * place: nothing is copied. Its size is fixed when it is made (growing it would detach every view
 * cut from it), from a bound on what a load of the file can need; pages never written cost
 * nothing, and a load that needs more gives up (ArenaFull), for the JSON.parse path to read the file.
 */

/** Bytes before the first array: kept for the WebAssembly module's own use. */
const RESERVED = 1 << 16;
/** Bytes after each array: a scan may read a few bytes past its end (see ./windowScan.ts). */
const SLACK = 16;

export class ArenaFull extends Error {
  constructor(wanted: number) {
    super(`the load's memory has no room for ${wanted} more bytes`);
  }
}

export class LoadArena {
  readonly memory: WebAssembly.Memory;
  private top = RESERVED;

  /** An arena of at least `bytes` for arrays (rounded up to WebAssembly pages). */
  constructor(bytes: number) {
    const pages = Math.ceil((RESERVED + bytes) / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  }

  /**
   * An arena for reading a `tokenizer.json` of `fileBytes`: room for its window and for model.vocab's
   * and model.merges' arrays as real files need them (Gemma 3's 33 MB file needs 87 MB, most of it
   * bounds never written; a small file, 7 times its size at most); a file that needs more is read
   * by the JSON.parse path.
   */
  static forFile(fileBytes: number): LoadArena {
    return new LoadArena(Math.min(8 * fileBytes, 4 * fileBytes + (12 << 20)) + (2 << 20));
  }

  /** forFile, or undefined when the memory cannot be had (the merges scan then makes its own, or the JSON.parse path reads the file). */
  static tryForFile(fileBytes: number): LoadArena | undefined {
    try {
      return LoadArena.forFile(fileBytes);
    } catch {
      return undefined;
    }
  }

  /** Whether `view` was cut from this arena. */
  holds(view: ArrayBufferView): boolean {
    return view.buffer === this.memory.buffer;
  }

  uint8(length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.take(length), length);
  }

  int32(length: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(4 * length), length);
  }

  uint32(length: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, this.take(4 * length), length);
  }

  /** The offset of `bytes` more, 8-aligned, with SLACK after them. */
  private take(bytes: number): number {
    const at = Math.ceil(this.top / 8) * 8;
    if (at + bytes + SLACK > this.memory.buffer.byteLength) throw new ArenaFull(bytes);
    this.top = at + bytes + SLACK;
    return at;
  }
}
