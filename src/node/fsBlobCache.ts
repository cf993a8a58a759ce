/**
 * The Node implementation of core's BlobCache port: one file per key under a root folder.
 * Every put goes to a temporary file in the same folder and is renamed into place, so a blob
 * is either whole or absent, whatever kills the process mid-write.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BlobCache, BlobWriter } from '../core/hub/blobCache';
import type { RandomAccessReader } from '../core/embeddings/randomAccess';
import { RandomAccessFile } from './randomAccessFile';

/** `$TOKEN_LENS_CACHE`, else ~/.cache/token-lens. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const configured = env.TOKEN_LENS_CACHE?.trim();
  return configured ? configured : join(homedir(), '.cache', 'token-lens');
}

/** Temporary files end in this; they are never a key's path (keys never end in it: cacheKey escapes '.'). removeLeftovers deletes old ones anywhere under the root. */
export const TEMP_SUFFIX = '.partial';

export class FsBlobCache implements BlobCache {
  constructor(readonly root: string) {}

  private path(key: string): string {
    const segments = key.split('/');
    if (key === '' || segments.some((s) => s === '' || s === '.' || s === '..' || s.endsWith(TEMP_SUFFIX))) {
      throw new RangeError(`cache key ${JSON.stringify(key)}: expected '/'-separated non-empty segments (use cacheKey)`);
    }
    return join(this.root, ...segments);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const writer = await this.writer(key);
    try {
      await writer.write(bytes);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** The folder of `prefix`'s keys, removed whole. */
  async deleteUnder(prefix: string): Promise<void> {
    const folder = this.path(prefix);
    if ((await stat(folder).catch(() => undefined))?.isDirectory()) await rm(folder, { recursive: true, force: true });
  }

  async writer(key: string): Promise<BlobWriter> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    const handle = await open(temp, 'wx');
    let state: 'open' | 'done' = 'open';
    const finish = async () => {
      if (state === 'done') return false;
      state = 'done';
      await handle.close();
      return true;
    };
    return {
      async write(chunk) {
        if (state !== 'open') throw new Error(`cache writer for ${key}: already committed or aborted`);
        let written = 0;
        while (written < chunk.length) written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
      },
      async commit() {
        if (!(await finish())) throw new Error(`cache writer for ${key}: already committed or aborted`);
        await rename(temp, target);
      },
      async abort() {
        await finish();
        await rm(temp, { force: true });
      },
    };
  }

  /** Deletes temporary files older than `ageMs` (left by a killed process; younger ones may still be written). Returns how many. */
  async removeLeftovers(ageMs = 24 * 3600_000): Promise<number> {
    let removed = 0;
    let entries: string[];
    try {
      entries = await readdir(this.root, { recursive: true });
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    for (const entry of entries.filter((name) => name.endsWith(TEMP_SUFFIX))) {
      const path = join(this.root, entry);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile() && Date.now() - info.mtimeMs > ageMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async reader(key: string): Promise<RandomAccessReader | undefined> {
    try {
      return await RandomAccessFile.open(this.path(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
