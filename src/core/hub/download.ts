/**
 * Whole-file downloads (tokenizer.json and its companions) into the cache: progress, cancellation,
 * a size cap, and an atomic cache write, so a cancelled or broken download leaves nothing behind.
 * A revision seen once is served from the cache afterwards, without the network.
 */
import { MODEL_CONFIG_FILE, TOKENIZER_CONFIG_FILE } from '../hf/contextLength';
import { type BlobCache, cacheKey, concatBytes } from './blobCache';
import { type FileIdentity, type HubClient, checkSameFile, contentLength, currentIdentity } from './client';
import { HubError, type HubFileRef, describeRef } from './errors';
import { type CancelSignal } from './http';

/** The SHA-256 of `bytes` in lowercase hex. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Downloads and cache reads are never shared memory, which WebCrypto refuses.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** tokenizer.json files of real models reach ~35 MB (Gemma 3); anything far larger is not one. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface DownloadProgress {
  readonly file: string;
  readonly received: number;
  /** From Content-Length; undefined when the server does not say. */
  readonly total: number | undefined;
}

export interface DownloadOptions {
  readonly signal?: CancelSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly maxBytes?: number;
  /** Ask the server even when the cache has the file (a branch such as main may have moved). */
  readonly refresh?: boolean;
}

export interface DownloadedFile {
  readonly ref: HubFileRef;
  readonly bytes: Uint8Array;
  readonly identity: FileIdentity;
  readonly fromCache: boolean;
}

/** What the cache records of a downloaded file: enough to know it is the same file, without reading it. */
export interface CachedMeta {
  readonly commit?: string;
  readonly etag?: string;
  /** The content's SHA-256, when the Hub gave it (checked when the file is read back). */
  readonly sha256?: string;
  readonly size: number;
}

/** Where a file of a revision is described (its commit and ETag) and where its bytes are. */
function metaKey(ref: HubFileRef): string {
  return cacheKey('files', ref.repo, ref.revision, ref.file, 'meta');
}
/** Marks an optional file the revision lacks, so a cached model needs no network. */
function absentKey(ref: HubFileRef): string {
  return cacheKey('files', ref.repo, ref.revision, ref.file, 'absent');
}
function blobKey(ref: HubFileRef, meta: CachedMeta): string {
  return cacheKey('files', ref.repo, ref.revision, ref.file, meta.commit ?? '', meta.etag ?? '');
}

export async function downloadFile(client: HubClient, cache: BlobCache, ref: HubFileRef, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const previous = await readMeta(cache, ref);
  const cached = options.refresh || !previous ? undefined : await readCached(cache, ref, previous);
  if (cached) return cached;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { response, identity } = await client.get(ref, { 'Accept-Encoding': 'identity' }, options.signal);
  const total = contentLength(response);
  const meta: CachedMeta = { commit: identity.commit, etag: identity.etag, ...(identity.sha256 ? { sha256: identity.sha256 } : {}), size: total ?? 0 };
  const chunks: Uint8Array[] = [];
  await client.readBody(ref, response, {
    maxBytes,
    signal: options.signal,
    onChunk: (chunk, received) => {
      chunks.push(chunk);
      options.onProgress?.({ file: ref.file, received, total });
    },
  });
  const bytes = concatBytes(chunks);
  if (identity.sha256 !== undefined && (await sha256Hex(bytes)) !== identity.sha256) {
    throw new HubError('bad-response', `${describeRef(ref)}: expected bytes whose SHA-256 is ${identity.sha256} (the Hub's X-Linked-Etag), found others; nothing was cached; try again`);
  }
  const stored: CachedMeta = { ...meta, size: bytes.length };
  // Bytes first, then the description that points at them: a crash between the two leaves an unreferenced blob, never a wrong one.
  await cache.put(blobKey(ref, stored), bytes);
  await cache.put(metaKey(ref), new TextEncoder().encode(JSON.stringify(stored)));
  // The version this one replaces (the revision moved, or the file changed): nothing points at it now.
  if (previous && blobKey(ref, previous) !== blobKey(ref, stored)) await cache.delete(blobKey(ref, previous)).catch(() => undefined);
  return { ref, bytes, identity, fromCache: false };
}

async function readMeta(cache: BlobCache, ref: HubFileRef): Promise<CachedMeta | undefined> {
  const metaBytes = await cache.get(metaKey(ref));
  if (!metaBytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(metaBytes)) as CachedMeta;
  } catch {
    return undefined;
  }
}

async function readCached(cache: BlobCache, ref: HubFileRef, meta: CachedMeta): Promise<DownloadedFile | undefined> {
  const bytes = await cache.get(blobKey(ref, meta));
  // Damaged on disk (a file's length alone does not show it): downloaded again.
  if (!bytes || bytes.length !== meta.size || (meta.sha256 !== undefined && (await sha256Hex(bytes)) !== meta.sha256)) return undefined;
  return { ref, bytes, identity: { commit: meta.commit, etag: meta.etag }, fromCache: true };
}

/**
 * What the cache records of each of a revision's files (null: the revision lacks it), without reading
 * the files themselves; undefined when one was never downloaded. Checked in downloadTokenizerFiles' order.
 */
export async function cachedFileIdentities(cache: BlobCache, repo: string, revision: string, files: readonly string[]): Promise<(CachedMeta | null)[] | undefined> {
  const found: (CachedMeta | null)[] = [];
  for (const file of files) {
    const ref = { repo, revision, file };
    if (await cache.has(absentKey(ref))) found.push(null);
    else {
      const meta = await readMeta(cache, ref);
      if (!meta) return undefined;
      found.push(meta);
    }
  }
  return found;
}

/**
 * A file of the revision as cached, without the network: its bytes; null when the revision lacks it
 * (a 404 marked it absent); undefined when it was never downloaded, or its copy is damaged.
 */
export async function readCachedFile(cache: BlobCache, repo: string, revision: string, file: string): Promise<Uint8Array | null | undefined> {
  const ref = { repo, revision, file };
  if (await cache.has(absentKey(ref))) return null;
  const meta = await readMeta(cache, ref);
  return meta && (await readCached(cache, ref, meta))?.bytes;
}

export const TOKENIZER_JSON = 'tokenizer.json';

/** The files that make a model's tokenizer; only tokenizer.json is required. */
export const TOKENIZER_FILES = [
  { file: TOKENIZER_JSON, required: true },
  { file: TOKENIZER_CONFIG_FILE, required: false },
  // For the model's own context window (see core/hf/contextLength.ts).
  { file: MODEL_CONFIG_FILE, required: false },
] as const;

/** What the cache records of the tokenizer.json of (repo, revision), when it was downloaded: the snapshot the model's weights are read at (see openHubEmbeddings). */
export function cachedTokenizerFile(cache: BlobCache, repo: string, revision: string): Promise<CachedMeta | undefined> {
  return readMeta(cache, { repo, revision, file: TOKENIZER_JSON });
}

/**
 * Whether the Hub now serves another version of the revision's tokenizer.json than the one cached
 * (the branch moved, or the file changed), asked with one small request. False when none is cached,
 * or when the Hub cannot answer (offline, refused, gone): the cached files stay in use.
 */
export async function tokenizerFilesMoved(client: HubClient, cache: BlobCache, repo: string, revision: string, signal?: CancelSignal): Promise<boolean> {
  const ref = { repo, revision, file: TOKENIZER_JSON };
  const cached = await readMeta(cache, ref);
  if (!cached) return false;
  let now: FileIdentity;
  try {
    now = await currentIdentity(client, ref, signal);
  } catch (error) {
    if (error instanceof HubError && error.kind === 'cancelled') throw error;
    return false;
  }
  try {
    checkSameFile(ref, { commit: cached.commit, etag: cached.etag }, now);
    return false;
  } catch {
    return true;
  }
}

export interface ModelFiles {
  readonly repo: string;
  readonly revision: string;
  /** The commit every file came from, when the server says. */
  readonly commit: string | undefined;
  /** By file name; optional files the repository lacks are absent. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** Downloads tokenizer.json, tokenizer_config.json and config.json of one revision, all from the same commit. */
export async function downloadTokenizerFiles(
  client: HubClient,
  cache: BlobCache,
  repo: string,
  revision: string,
  options: DownloadOptions = {},
): Promise<ModelFiles> {
  const files = new Map<string, Uint8Array>();
  let first: FileIdentity | undefined;
  let anyCached = false;
  for (const { file, required } of TOKENIZER_FILES) {
    const ref = { repo, revision, file };
    if (!required && !options.refresh && (await cache.has(absentKey(ref)))) continue;
    let downloaded: DownloadedFile;
    try {
      downloaded = await downloadFile(client, cache, ref, options);
    } catch (error) {
      if (!required && error instanceof HubError && error.kind === 'not-found') {
        await cache.put(absentKey(ref), new Uint8Array(0));
        continue;
      }
      throw error;
    }
    // Found after all (a refresh): a stale 'absent' mark would hide it from every later open.
    if (!required && !downloaded.fromCache) await cache.delete(absentKey(ref));
    const identity = { commit: downloaded.identity.commit, etag: undefined };
    anyCached ||= downloaded.fromCache;
    try {
      if (first) checkSameFile(ref, first, identity);
    } catch (error) {
      // Files cached from the branch's older commit next to newer ones: ask again for all of them, once, instead of failing at every open.
      if (anyCached && !options.refresh) return downloadTokenizerFiles(client, cache, repo, revision, { ...options, refresh: true });
      throw error;
    }
    first ??= identity;
    files.set(file, downloaded.bytes);
  }
  return { repo, revision, commit: first?.commit, files };
}
