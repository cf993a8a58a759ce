/**
 * A remote file as core's RandomAccessReader: each read is an HTTP Range request (reads made
 * together are coalesced into few requests), every answer checked — 206, the exact bytes asked
 * for, the same file as before — and kept in the cache by (repo, commit, file, ETag, range), so a
 * row is fetched once, ever. A server that ignores Range is refused before its body is read.
 */
import { type RandomAccessReader, checkRange } from '../embeddings/randomAccess';
import { type BlobCache, cacheKey } from './blobCache';
import { type FileIdentity, type HubClient, checkSameFile, discard, throwIfCancelled } from './client';
import { HubError, type HubFileRef, describeRef } from './errors';
import { type CancelSignal } from './http';

export interface RangeReaderOptions {
  /** Cancels every request of this reader. */
  readonly signal?: CancelSignal;
  /** Pending reads at most this many bytes apart share one request. */
  readonly coalesceGapBytes?: number;
  /** Largest single request; longer reads are split and not cached piecewise. */
  readonly maxRequestBytes?: number;
}

const MAX_PARALLEL_REQUESTS = 6;

interface RemoteFile extends FileIdentity {
  readonly size: number;
}

interface Pending {
  readonly offset: number;
  readonly length: number;
  resolve(bytes: Uint8Array): void;
  reject(error: unknown): void;
}

export interface RangeProgress {
  readonly received: number;
  readonly total: number;
}

export class HubRangeReader implements RandomAccessReader {
  private pending: Pending[] = [];
  private flushing = false;
  private closed = false;
  private readonly whole: { begin: number; end: number; reader: RandomAccessReader }[] = [];
  private readonly gap: number;
  private readonly maxRequest: number;

  private constructor(
    private readonly client: HubClient,
    private readonly cache: BlobCache,
    readonly ref: HubFileRef,
    private readonly remote: RemoteFile,
    private readonly options: RangeReaderOptions,
  ) {
    this.gap = options.coalesceGapBytes ?? 4096;
    this.maxRequest = options.maxRequestBytes ?? 8 * 1024 * 1024;
  }

  /** Opens `ref`: from the cache when it was opened before, else by fetching its first 8 bytes (which a safetensors reader wants next). */
  static async open(client: HubClient, cache: BlobCache, ref: HubFileRef, options: RangeReaderOptions = {}): Promise<HubRangeReader> {
    const known = parseRemote(await cache.get(metaKey(ref)));
    if (known) return new HubRangeReader(client, cache, ref, known, options);
    const probe = await fetchRange(client, ref, 0, 8, undefined, options.signal);
    const remote: RemoteFile = { size: probe.size, ...probe.identity };
    const reader = new HubRangeReader(client, cache, ref, remote, options);
    await cache.put(reader.rangeKey(0, probe.bytes.length), probe.bytes);
    await cache.put(metaKey(ref), new TextEncoder().encode(JSON.stringify(remote)));
    return reader;
  }

  get size(): number {
    return this.remote.size;
  }

  get identity(): FileIdentity {
    return { commit: this.remote.commit, etag: this.remote.etag };
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(offset, length, this.size, describeRef(this.ref));
    if (this.closed) throw new Error(`${describeRef(this.ref)}: the reader is closed`);
    if (length === 0) return new Uint8Array(0);
    const whole = this.whole.find((range) => range.begin <= offset && offset + length <= range.end);
    if (whole) return whole.reader.read(offset - whole.begin, length);
    if (length > this.maxRequest) return this.readLarge(offset, length);
    const cached = await this.cache.get(this.rangeKey(offset, length));
    if (cached && cached.length === length) return cached;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.push({ offset, length, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the other reads of this turn (a screenful of rows) join the batch.
        setTimeout(() => void this.flush(), 0);
      }
    });
  }

  /**
   * Downloads [begin, end) whole into the cache, streaming (with progress), then serves reads
   * inside it from there. A second call, even after a restart, finds it in the cache.
   */
  async downloadWhole(begin: number, end: number, options: { signal?: CancelSignal; onProgress?: (progress: RangeProgress) => void } = {}): Promise<void> {
    checkRange(begin, end - begin, this.size, describeRef(this.ref));
    if (await this.attachWhole(begin, end)) return;
    const key = this.rangeKey(begin, end - begin, 'whole');
    const writer = await this.cache.writer(key);
    try {
      const signal = options.signal ?? this.options.signal;
      await fetchRange(this.client, this.ref, begin, end - begin, this.remote, signal, async (chunk, received) => {
        await writer.write(chunk);
        options.onProgress?.({ received, total: end - begin });
      });
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    await this.attachWhole(begin, end);
  }

  /** Serves [begin, end) from the cache when it was downloaded whole before; says whether it was. */
  async attachWhole(begin: number, end: number): Promise<boolean> {
    if (this.whole.some((range) => range.begin === begin && range.end === end)) return true;
    const reader = await this.cache.reader(this.rangeKey(begin, end - begin, 'whole'));
    if (!reader || reader.size !== end - begin) {
      await reader?.close?.();
      return false;
    }
    this.whole.push({ begin, end, reader });
    return true;
  }

  /**
   * Drops what the cache knows of this file's size and identity (the next open asks the server again),
   * and what it holds of this version of it: its rows, and a table downloaded whole, are of no use now.
   */
  async forget(): Promise<void> {
    await this.cache.delete(metaKey(this.ref));
    await this.cache.deleteUnder(this.versionKey()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const range of this.whole.splice(0)) await range.reader.close?.();
  }

  private rangeKey(offset: number, length: number, kind = 'range'): string {
    return `${this.versionKey()}/${cacheKey(`${kind}-${offset}-${length}`)}`;
  }

  /** Where the ranges of this version of the file are kept. */
  private versionKey(): string {
    const { repo, file } = this.ref;
    return cacheKey('ranges', repo, this.remote.commit ?? this.ref.revision, file, this.remote.etag ?? '');
  }

  private async readLarge(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += this.maxRequest) {
      const piece = Math.min(this.maxRequest, length - at);
      const { bytes } = await this.fetch(offset + at, piece);
      out.set(bytes, at);
    }
    return out;
  }

  private async flush(): Promise<void> {
    const batch = this.pending.sort((a, b) => a.offset - b.offset);
    this.pending = [];
    this.flushing = false;
    const groups: Pending[][] = [];
    for (const read of batch) {
      const group = groups.at(-1);
      const start = group?.[0].offset ?? 0;
      const end = group ? Math.max(...group.map((r) => r.offset + r.length)) : 0;
      const joined = Math.max(end, read.offset + read.length) - start;
      if (group && read.offset <= end + this.gap && joined <= this.maxRequest) group.push(read);
      else groups.push([read]);
    }
    // A few requests at a time, like a browser per host: a screenful of scattered rows must not open hundreds of connections.
    let next = 0;
    const worker = async () => {
      while (next < groups.length) await this.fetchGroup(groups[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_REQUESTS, groups.length) }, worker));
  }

  private async fetchGroup(group: Pending[]): Promise<void> {
    const start = group[0].offset;
    const end = Math.max(...group.map((read) => read.offset + read.length));
    try {
      const { bytes } = await this.fetch(start, end - start);
      for (const read of group) {
        const piece = bytes.slice(read.offset - start, read.offset - start + read.length);
        await this.cache.put(this.rangeKey(read.offset, read.length), piece);
        read.resolve(piece);
      }
    } catch (error) {
      for (const read of group) read.reject(error);
    }
  }

  private async fetch(offset: number, length: number): Promise<{ bytes: Uint8Array }> {
    try {
      return await fetchRange(this.client, this.ref, offset, length, this.remote, this.options.signal);
    } catch (error) {
      // What we knew about the file is stale: forget it, so opening the model again starts afresh.
      if (error instanceof HubError && error.kind === 'changed') await this.forget();
      throw error;
    }
  }
}

function metaKey(ref: HubFileRef): string {
  return cacheKey('ranges', ref.repo, ref.revision, ref.file, 'meta');
}

function parseRemote(bytes: Uint8Array | undefined): RemoteFile | undefined {
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as RemoteFile;
    return Number.isSafeInteger(value.size) && value.size >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GETs bytes [offset, offset + length) of `ref` (fewer at the end of a small file when the size is
 * not yet known) and checks that the answer is exactly that range of the same file.
 */
async function fetchRange(
  client: HubClient,
  ref: HubFileRef,
  offset: number,
  length: number,
  known: RemoteFile | undefined,
  signal: CancelSignal | undefined,
  onChunk?: (chunk: Uint8Array, received: number) => Promise<void>,
): Promise<{ bytes: Uint8Array; size: number; identity: FileIdentity }> {
  throwIfCancelled(ref, signal);
  const where = describeRef(ref);
  const last = offset + length - 1;
  const { response, identity } = await client.get(ref, { Range: `bytes=${offset}-${last}`, 'Accept-Encoding': 'identity' }, signal);
  if (known) checkSameFile(ref, known, identity);
  if (response.status !== 206) {
    await discard(response);
    const whole = response.headers.get('content-length');
    throw new HubError(
      response.status === 200 ? 'range-unsupported' : 'bad-response',
      `${where}: expected 206 Partial Content for bytes ${offset}-${last}, found HTTP ${response.status}` +
        (response.status === 200 ? ` with the whole ${whole ?? 'unknown-size'}-byte file (the server ignores Range); not downloading it whole` : ''),
    );
  }
  const contentRange = response.headers.get('content-range') ?? '';
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange.trim());
  const size = match ? Number(match[3]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  const fits = match !== null && Number(match[1]) === offset && (end === last || (known === undefined && end === size - 1 && end < last));
  if (!fits || end >= size) {
    await discard(response);
    throw new HubError('bad-response', `${where}: expected Content-Range bytes ${offset}-${last}/…, found ${JSON.stringify(contentRange)}`);
  }
  if (known && size !== known.size) {
    await discard(response);
    throw new HubError('changed', `${where}: the file changed on the server while it was being read (${known.size} bytes became ${size}); open the model again`);
  }
  const expected = end - offset + 1;
  const bytes = new Uint8Array(onChunk ? 0 : expected);
  let at = 0;
  await client.readBody(ref, response, {
    maxBytes: expected,
    expected,
    signal,
    onChunk: async (chunk, received) => {
      if (onChunk) await onChunk(chunk, received);
      else bytes.set(chunk, at);
      at += chunk.length;
    },
  });
  return { bytes, size, identity };
}
