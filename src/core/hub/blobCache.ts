/**
 * The on-disk cache behind one small port: byte blobs by key. A put is atomic — a reader sees
 * the whole blob or none — so an interrupted download never leaves a half-written entry.
 * Node implements it over files (src/node/fsBlobCache.ts); VS Code for the Web will use workspace.fs.
 */
import { type RandomAccessReader, bytesReader } from '../embeddings/randomAccess';

/** A blob being written piece by piece; nothing is visible under its key until commit(). */
export interface BlobWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Publishes the blob atomically (replacing any previous one). */
  commit(): Promise<void>;
  /** Discards what was written; the key keeps its previous value (or none). */
  abort(): Promise<void>;
}

export interface BlobCache {
  get(key: string): Promise<Uint8Array | undefined>;
  has(key: string): Promise<boolean>;
  /** Atomic: stores `bytes` whole or not at all. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key under `prefix` (the keys `prefix/…`): a superseded version of a file and all that was cached of it. */
  deleteUnder(prefix: string): Promise<void>;
  /** An atomic streaming put, for blobs too large to hold twice. */
  writer(key: string): Promise<BlobWriter>;
  /** Byte ranges of a stored blob without loading it whole; undefined when the key is absent. */
  reader(key: string): Promise<RandomAccessReader | undefined>;
}

/** Keys are '/'-separated segments; each segment is kept to safe characters so any store can map it to a path. */
export function cacheKey(...segments: readonly string[]): string {
  const escape = (segment: string) =>
    segment === ''
      ? '~'
      : encodeURIComponent(segment)
          .replace(/[.~!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
          .replace(/%/g, '~');
  return segments.map(escape).join('/');
}

/** The in-memory cache, for tests and for hosts without storage. */
export class MemoryBlobCache implements BlobCache {
  private readonly blobs = new Map<string, Uint8Array>();

  get keys(): readonly string[] {
    return [...this.blobs.keys()];
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(key)?.slice();
  }

  async has(key: string): Promise<boolean> {
    return this.blobs.has(key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.blobs.set(key, bytes.slice());
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  async deleteUnder(prefix: string): Promise<void> {
    for (const key of [...this.blobs.keys()]) if (key.startsWith(`${prefix}/`)) this.blobs.delete(key);
  }

  async writer(key: string): Promise<BlobWriter> {
    let chunks: Uint8Array[] | undefined = [];
    const finished = () => new Error(`cache writer for ${key}: already committed or aborted`);
    return {
      write: async (chunk) => {
        if (!chunks) throw finished();
        chunks.push(chunk.slice());
      },
      commit: async () => {
        if (!chunks) throw finished();
        this.blobs.set(key, concatBytes(chunks));
        chunks = undefined;
      },
      abort: async () => {
        chunks = undefined;
      },
    };
  }

  async reader(key: string): Promise<RandomAccessReader | undefined> {
    const blob = this.blobs.get(key);
    return blob && bytesReader(blob);
  }
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
