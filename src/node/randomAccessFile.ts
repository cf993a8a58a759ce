/** The Node implementation of core's RandomAccessReader port: positioned reads on one file handle. */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import type { RandomAccessReader } from '../core/embeddings/randomAccess';
import { checkRange } from '../core/embeddings/randomAccess';

export class RandomAccessFile implements RandomAccessReader {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /**
   * Opens `path` for reading; the size is taken once, at open. Anything but a regular file is
   * refused before it is opened (opening a FIFO would wait for a writer forever), and again after
   * (non-blocking, in case the path was swapped in between).
   */
  static async open(path: string): Promise<RandomAccessFile> {
    checkRegular(path, await stat(path));
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      checkRegular(path, stats);
      return new RandomAccessFile(path, handle, stats.size);
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

/** Rejects directories (code EISDIR) and FIFOs, sockets and devices (code ERR_NOT_REGULAR_FILE), naming which. */
function checkRegular(path: string, stats: Stats): void {
  if (stats.isFile()) return;
  if (stats.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  const kinds: [boolean, string][] = [
    [stats.isFIFO(), 'a FIFO'],
    [stats.isSocket(), 'a socket'],
    [stats.isCharacterDevice(), 'a character device'],
    [stats.isBlockDevice(), 'a block device'],
  ];
  const kind = kinds.find(([is]) => is)?.[1] ?? 'a special file';
  throw Object.assign(new Error(`${path} is not a regular file (${kind})`), { code: 'ERR_NOT_REGULAR_FILE' });
}
