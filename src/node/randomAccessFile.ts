/** The Node implementation of core's RandomAccessReader port: positioned reads on one file handle. */
import { type FileHandle, open } from 'node:fs/promises';
import type { RandomAccessReader } from '../core/embeddings/randomAccess';
import { checkRange } from '../core/embeddings/randomAccess';

export class RandomAccessFile implements RandomAccessReader {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** Opens `path` for reading; the size is taken once, at open. */
  static async open(path: string): Promise<RandomAccessFile> {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EISDIR' });
      return new RandomAccessFile(path, handle, stat.size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length, this.size, this.path);
    const bytes = new Uint8Array(length);
    await this.readInto(offset, bytes);
    return bytes;
  }

  async readInto(offset: number, bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new Error(`${this.path}: the file is closed`);
    const length = bytes.length;
    checkRange(offset, length, this.size, this.path);
    let filled = 0;
    // A positioned read may return fewer bytes than asked; keep reading until the range is full.
    while (filled < length) {
      const { bytesRead } = await this.handle.read(bytes, filled, length - filled, offset + filled);
      if (bytesRead === 0) {
        throw new Error(`${this.path}: expected ${length} bytes at offset ${offset}, found the end of the file after ${filled} (file shrank?)`);
      }
      filled += bytesRead;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
