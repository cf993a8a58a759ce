/**
 * A model's compiled tokenizer (core/hf/cache.ts) kept on disk, so the next open skips tokenizer.json:
 * one file per model under <cacheDir>/tokenizers, named by a hash of where the model is, holding the
 * identity of the files it was built from. A cache that is missing, stale or damaged is not used
 * (the caller rebuilds and rewrites it); failing to write one is not an error.
 *
 * File layout: u32 key length | key (UTF-8 JSON) | spaces to an 8-byte boundary | the compiled tokenizer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HfTokenizer, parseTokenizerCache, serializeTokenizerCache } from '../core/hf';
import { HF_CACHE_FORMAT, HF_CACHE_VERSION } from '../core/hf/cache';
import type { ModelContextLength } from '../core/hf/contextLength';
import { TEMP_SUFFIX } from './fsBlobCache';

/** The folder under the cache dir. */
export const COMPILED_TOKENIZER_FOLDER = 'tokenizers';

export interface CompiledTokenizerSlot {
  /** Where the compiled tokenizer of this model is kept. */
  readonly file: string;
  /** What it must have been built from (the format, the model, its source files): any difference makes it stale. */
  readonly key: string;
}

/** `model`: where the model is (a tokenizer.json path, hub:REPO@REVISION); `sources`: the identity of its files. */
export function compiledTokenizerSlot(cacheDir: string, model: string, sources: unknown): CompiledTokenizerSlot {
  const name = createHash('sha256').update(model).digest('hex');
  return {
    file: join(cacheDir, COMPILED_TOKENIZER_FOLDER, `${name}.tlhf`),
    key: JSON.stringify({ format: HF_CACHE_FORMAT, version: HF_CACHE_VERSION, model, sources }),
  };
}

/** The tokenizer kept in `slot`, named `name`, with the model's context window as read now; undefined when absent, stale or damaged. */
export async function readCompiledTokenizer(slot: CompiledTokenizerSlot, name: string, contextLength?: ModelContextLength): Promise<HfTokenizer | undefined> {
  let file: Uint8Array;
  try {
    const buffer = await readFile(slot.file);
    file = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch {
    return undefined;
  }
  const key = new TextEncoder().encode(slot.key);
  if (file.length < 4 || new DataView(file.buffer, file.byteOffset, 4).getUint32(0, true) !== key.length) return undefined;
  const stored = file.subarray(4, 4 + key.length);
  if (stored.length !== key.length || !stored.every((byte, i) => byte === key[i])) return undefined;
  try {
    const tokenizer = new HfTokenizer({ ...parseTokenizerCache(file.subarray(bodyStart(key.length)), slot.file), name, contextLength });
    // Its modification time says when it was last used (see pruneCompiledTokenizers).
    const now = new Date();
    await utimes(slot.file, now, now).catch(() => undefined);
    return tokenizer;
  } catch {
    return undefined;
  }
}

/** Compiled tokenizers not used for this long are removed (they are rebuilt from their model when it is opened again). */
export const COMPILED_TOKENIZER_UNUSED_MS = 30 * 24 * 3600_000;

/**
 * Removes the compiled tokenizers under `cacheDir` not written or used for `unusedMs`: those of
 * models deleted or no longer opened would otherwise stay forever (Gemma 3's is 15 MB). Returns how many.
 */
export async function pruneCompiledTokenizers(cacheDir: string, unusedMs = COMPILED_TOKENIZER_UNUSED_MS): Promise<number> {
  const folder = join(cacheDir, COMPILED_TOKENIZER_FOLDER);
  const names = await readdir(folder).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((entry) => entry.endsWith('.tlhf'))) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && Date.now() - info.mtimeMs > unusedMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Writes `tokenizer` into `slot` atomically (a temporary file renamed into place); false when it could not. */
export async function writeCompiledTokenizer(slot: CompiledTokenizerSlot, tokenizer: HfTokenizer): Promise<boolean> {
  const key = new TextEncoder().encode(slot.key);
  const prefix = new Uint8Array(bodyStart(key.length)).fill(0x20);
  new DataView(prefix.buffer).setUint32(0, key.length, true);
  prefix.set(key, 4);
  const temp = `${slot.file}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await mkdir(dirname(slot.file), { recursive: true });
    await writeFile(temp, [prefix, serializeTokenizerCache(tokenizer)], { flag: 'wx' });
    await rename(temp, slot.file);
    return true;
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
    return false;
  }
}

/** Where the compiled tokenizer starts: after the key, at an 8-byte boundary (its tables are read in place). */
function bodyStart(keyLength: number): number {
  return Math.ceil((4 + keyLength) / 8) * 8;
}
