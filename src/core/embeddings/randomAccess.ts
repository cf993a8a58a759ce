/**
 * The one port core needs to read a large file without loading it: byte ranges on demand.
 * Node implements it over a file handle (src/node/randomAccessFile.ts); a browser could
 * implement it over a Blob; tests use `bytesReader`.
 */
export interface RandomAccessReader {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Exactly `length` bytes starting at `offset`, in a fresh array the caller owns (decoders may
   * view it in place); rejects when the range is not inside the file.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Optional: fills all of `target` from `offset` without allocating (streaming a whole tensor through one buffer). */
  readInto?(offset: number, target: Uint8Array): Promise<void>;
  /** Releases the file; optional for readers that hold nothing. */
  close?(): Promise<void>;
}

/**
 * A failed read whose message already names the file and says what to do (a network reader's
 * "offline", "changed on the server"…): passed on unchanged rather than wrapped in another message.
 */
export class ReadError extends Error {}

/** A reader over bytes already in memory. Each read returns a copy. */
export function bytesReader(bytes: Uint8Array): RandomAccessReader {
  return {
    size: bytes.length,
    async read(offset, length) {
      checkRange(offset, length, bytes.length, 'in-memory bytes');
      return bytes.slice(offset, offset + length);
    },
    async readInto(offset, target) {
      checkRange(offset, target.length, bytes.length, 'in-memory bytes');
      target.set(bytes.subarray(offset, offset + target.length));
    },
  };
}

/** Throws unless [offset, offset + length) lies inside a file of `size` bytes. */
export function checkRange(offset: number, length: number, size: number, name: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new RangeError(`${name}: expected a byte range inside the ${size}-byte file, found ${length} bytes at offset ${offset}`);
  }
}
