/**
 * A Hugging Face Hub client over the standard fetch API: files at
 * `{endpoint}/{repo}/resolve/{revision}/{file}`, a bearer token sent to the endpoint's origin
 * only (redirects are followed here, so the token never reaches a CDN or any other host), and
 * one clear HubError for every way a request can fail.
 */
import { HubError, type HubFileRef, describeRef, statusError } from './errors';
import { type CancelSignal, type HttpFetch, type HttpResponse, resolveLocation, urlOrigin } from './http';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
const MAX_REDIRECTS = 5;

export interface HubClientOptions {
  readonly fetch: HttpFetch;
  /** From the HF_ENDPOINT variable or the tokenLens.hub.endpoint setting; the public Hub when empty. */
  readonly endpoint?: string;
  /** From HF_TOKEN or secret storage; sent as `Authorization: Bearer` to the endpoint's origin only. */
  readonly token?: string;
}

/** Which version of a file a response belongs to; a change between requests means the file changed on the server. */
export interface FileIdentity {
  /** X-Repo-Commit: the commit the revision resolved to. */
  readonly commit: string | undefined;
  /** X-Linked-Etag (large files) or ETag, without quotes or W/. */
  readonly etag: string | undefined;
  /** The content's SHA-256 (hex), when the Hub gives it: a large (LFS) file's X-Linked-Etag is one. */
  readonly sha256?: string;
}

export interface HubResponse {
  readonly response: HttpResponse;
  readonly identity: FileIdentity;
  /** The URL that answered (after redirects). */
  readonly url: string;
}

/** Whether `token` (trimmed) can be sent: it goes in a header, where fetch refuses anything but printable ASCII (a refusal that reads as "offline"). */
export function isHubToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

export class HubClient {
  readonly endpoint: string;
  private readonly fetch: HttpFetch;
  private readonly token: string | undefined;
  private readonly endpointOrigin: string;
  /** Body bytes read from the network by this client (the count tests and progress reports rely on). */
  bytesReceived = 0;

  constructor(options: HubClientOptions) {
    const endpoint = (options.endpoint?.trim() || DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
    const origin = urlOrigin(endpoint);
    // `/{repo}/resolve/…` is appended: after a query or a fragment it would not be part of the path.
    if (!origin || /[?#]/.test(endpoint)) {
      throw new HubError('bad-response', `Hub endpoint: expected an http(s) URL without credentials, query or fragment, such as ${DEFAULT_HUB_ENDPOINT}, found ${JSON.stringify(endpoint)}`);
    }
    this.endpoint = endpoint;
    this.endpointOrigin = origin;
    this.fetch = options.fetch;
    this.token = options.token?.trim() || undefined;
    if (this.token !== undefined && !isHubToken(this.token)) {
      throw new HubError('unauthorized', `Hub token: expected printable ASCII without spaces or line breaks (as the Hub's tokens are), found ${this.token.length} characters with others`);
    }
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  /** `{endpoint}/{repo}/resolve/{revision}/{file}`, the revision escaped whole (refs/pr/1), the file path by segment. */
  resolveUrl(ref: HubFileRef): string {
    checkRef(ref);
    const file = ref.file.split('/').map(encodeURIComponent).join('/');
    return `${this.endpoint}/${ref.repo}/resolve/${encodeURIComponent(ref.revision)}/${file}`;
  }

  /**
   * GETs `ref` with `headers`, following redirects; resolves to the final response when its status
   * is 2xx, and throws the HubError for anything else (the body of an error is never read).
   */
  async get(ref: HubFileRef, headers: Record<string, string>, signal?: CancelSignal): Promise<HubResponse> {
    let url = this.resolveUrl(ref);
    let commit: string | undefined;
    let linkedEtag: string | undefined;
    for (let hop = 0; ; hop++) {
      const sendToken = this.token !== undefined && urlOrigin(url) === this.endpointOrigin;
      const requestHeaders = sendToken ? { ...headers, Authorization: `Bearer ${this.token}` } : { ...headers };
      const response = await this.send(ref, url, requestHeaders, signal);
      commit ??= response.headers.get('x-repo-commit') ?? undefined;
      linkedEtag ??= cleanEtag(response.headers.get('x-linked-etag'));
      if (response.type === 'opaqueredirect') {
        // A browser hides manual redirects; let it follow (the Fetch standard drops Authorization across origins).
        const followed = await this.send(ref, url, requestHeaders, signal, 'follow');
        return this.finish(ref, followed, followed.url || url, commit, linkedEtag, sendToken);
      }
      if (response.status < 300 || response.status >= 400 || response.status === 304) {
        return this.finish(ref, response, url, commit, linkedEtag, sendToken);
      }
      await discard(response);
      const location = response.headers.get('location');
      const next = location ? resolveLocation(location, url) : undefined;
      if (!next) {
        const found = location ? `to ${JSON.stringify(location)}` : 'without a Location';
        throw new HubError('redirect', `${describeRef(ref)}: expected a redirect to an http(s) URL without credentials, found HTTP ${response.status} ${found}`);
      }
      if (hop >= MAX_REDIRECTS) {
        throw new HubError('redirect', `${describeRef(ref)}: expected at most ${MAX_REDIRECTS} redirects, found more (a redirect loop?)`);
      }
      url = next;
    }
  }

  private async finish(
    ref: HubFileRef,
    response: HttpResponse,
    url: string,
    commit: string | undefined,
    linkedEtag: string | undefined,
    sentToken: boolean,
  ): Promise<HubResponse> {
    if (response.status < 200 || response.status >= 300) {
      await discard(response);
      throw statusError(ref, response.status, sentToken || this.hasToken, response.headers.get('x-error-code'));
    }
    const etag = linkedEtag ?? cleanEtag(response.headers.get('etag'));
    const sha256 = linkedEtag !== undefined && /^[0-9a-f]{64}$/.test(linkedEtag) ? linkedEtag : undefined;
    return { response, identity: { commit: commit ?? response.headers.get('x-repo-commit') ?? undefined, etag, ...(sha256 ? { sha256 } : {}) }, url };
  }

  private async send(
    ref: HubFileRef,
    url: string,
    headers: Record<string, string>,
    signal: CancelSignal | undefined,
    redirect: 'manual' | 'follow' = 'manual',
  ): Promise<HttpResponse> {
    throwIfCancelled(ref, signal);
    try {
      return await this.fetch(url, { method: 'GET', headers, redirect, signal });
    } catch (error) {
      throwIfCancelled(ref, signal);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new HubError('offline', `${describeRef(ref)}: could not reach ${urlOrigin(url) ?? url} (${reason}); check the connection or the Hub endpoint`);
    }
  }

  /**
   * Reads a body of at most `maxBytes`, calling `onChunk` for each piece; checks the length
   * against Content-Length (or `expected`). Throws 'truncated', 'too-large' or 'cancelled'.
   */
  async readBody(
    ref: HubFileRef,
    response: HttpResponse,
    options: { maxBytes: number; expected?: number; signal?: CancelSignal; onChunk: (chunk: Uint8Array, received: number) => void | Promise<void> },
  ): Promise<number> {
    const declared = contentLength(response);
    const expected = options.expected ?? declared;
    if (expected !== undefined && expected > options.maxBytes) {
      await discard(response);
      throw new HubError('too-large', `${describeRef(ref)}: expected at most ${options.maxBytes} bytes, found a ${expected}-byte file`);
    }
    if (!response.body) throw new HubError('bad-response', `${describeRef(ref)}: expected a response body, found none`);
    const reader = response.body.getReader();
    let received = 0;
    const stop = async (error: HubError) => {
      await reader.cancel().catch(() => undefined);
      throw error;
    };
    for (;;) {
      let piece: { done: boolean; value?: Uint8Array };
      try {
        piece = await reader.read();
      } catch {
        throwIfCancelled(ref, options.signal);
        const of = expected === undefined ? '' : ` of ${expected}`;
        throw new HubError('truncated', `${describeRef(ref)}: the connection closed after ${received}${of} bytes (truncated response); try again`);
      }
      if (piece.done || !piece.value) break;
      received += piece.value.length;
      this.bytesReceived += piece.value.length;
      if (received > options.maxBytes || (expected !== undefined && received > expected)) {
        const limit = Math.min(options.maxBytes, expected ?? Infinity);
        await stop(new HubError(received > options.maxBytes ? 'too-large' : 'bad-response', `${describeRef(ref)}: expected at most ${limit} bytes, found more`));
      }
      await options.onChunk(piece.value, received);
      if (options.signal?.aborted) await stop(cancelled(ref));
    }
    if (expected !== undefined && received !== expected) {
      throw new HubError('truncated', `${describeRef(ref)}: expected ${expected} bytes, found ${received} (truncated response); try again`);
    }
    return received;
  }
}

function checkRef(ref: HubFileRef): void {
  if (!/^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/.test(ref.repo) || ref.repo.includes('..')) {
    throw new HubError('not-found', `Hub repository: expected ORG/NAME (letters, digits, '-', '_', '.'), found ${JSON.stringify(ref.repo)}`);
  }
  // A revision of '.' or '..' would be a dot segment of the URL: fetch resolves it to another path.
  if (['', '.', '..'].includes(ref.revision) || ref.file === '' || ref.file.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new HubError('not-found', `${describeRef(ref)}: expected a revision and a relative file path`);
  }
}

export function cancelled(ref: HubFileRef): HubError {
  return new HubError('cancelled', `${describeRef(ref)}: download cancelled`);
}

export function throwIfCancelled(ref: HubFileRef, signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw cancelled(ref);
}

export function contentLength(response: HttpResponse): number | undefined {
  const text = response.headers.get('content-length');
  return text !== null && /^\d+$/.test(text.trim()) ? Number(text) : undefined;
}

function cleanEtag(value: string | null): string | undefined {
  if (value === null) return undefined;
  return value.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1') || undefined;
}

/** Drops a body we will not read, so the connection is released. */
export async function discard(response: HttpResponse): Promise<void> {
  await response.body
    ?.getReader()
    .cancel()
    .catch(() => undefined);
}

/** Which version of `ref` the Hub serves now, from a one-byte request (the body is dropped). */
export async function currentIdentity(client: HubClient, ref: HubFileRef, signal?: CancelSignal): Promise<FileIdentity> {
  const { response, identity } = await client.get(ref, { Range: 'bytes=0-0', 'Accept-Encoding': 'identity' }, signal);
  await discard(response);
  return identity;
}

/** Throws 'changed' when `now` contradicts `before` on a field both know. */
export function checkSameFile(ref: HubFileRef, before: FileIdentity, now: FileIdentity): void {
  const commitChanged = before.commit !== undefined && now.commit !== undefined && before.commit !== now.commit;
  const etagChanged = before.etag !== undefined && now.etag !== undefined && before.etag !== now.etag;
  if (commitChanged || etagChanged) {
    const what = commitChanged ? `commit ${before.commit} became ${now.commit}` : `ETag ${before.etag} became ${now.etag}`;
    throw new HubError('changed', `${describeRef(ref)}: the file changed on the server while it was being read (${what}); open the model again`);
  }
}
