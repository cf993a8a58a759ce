/**
 * The slice of the standard `fetch` API the Hub client uses, declared structurally so core
 * type-checks without the DOM or Node: Node 20's and a browser's `fetch` both satisfy it
 * (the host passes its `fetch` in; see src/node/hubFetch.ts).
 */

/** An AbortSignal as far as the client needs one. */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD';
  readonly headers: Record<string, string>;
  /** 'manual' so the client follows redirects itself and decides where the token goes. */
  readonly redirect: 'manual' | 'follow';
  readonly signal?: CancelSignal;
}

export interface HttpBodyReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

export interface HttpResponse {
  readonly status: number;
  /** 'opaqueredirect' in a browser for a manual redirect it will not show us. */
  readonly type?: string;
  readonly url?: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): HttpBodyReader } | null;
}

export type HttpFetch = (url: string, request: HttpRequest) => Promise<HttpResponse>;

/** The origin ("scheme://host:port") of an absolute http(s) URL, lower-cased; undefined if it is not one or has credentials (fetch refuses those). */
export function urlOrigin(url: string): string | undefined {
  // A backslash ends the host of an http(s) URL, as in the URL standard.
  const match = /^(https?):\/\/([^/?#\\]+)/i.exec(url);
  if (!match || match[2].includes('@')) return undefined;
  const scheme = match[1].toLowerCase();
  let host = match[2].toLowerCase();
  if ((scheme === 'http' && host.endsWith(':80')) || (scheme === 'https' && host.endsWith(':443'))) host = host.replace(/:\d+$/, '');
  return `${scheme}://${host}`;
}

/** `location` (absolute, or relative to `base`) as an absolute URL; undefined for another scheme (ftp:, s3:) or credentials. */
export function resolveLocation(location: string, base: string): string | undefined {
  if (urlOrigin(location)) return location;
  if (/^[a-z][a-z\d+.-]*:/i.test(location)) return undefined;
  const origin = urlOrigin(base);
  if (!origin) return undefined;
  if (location.startsWith('//')) {
    const absolute = `${origin.split(':')[0]}:${location}`;
    return urlOrigin(absolute) ? absolute : undefined;
  }
  if (location.startsWith('/')) return origin + location;
  const path = base.slice(origin.length).replace(/[?#].*$/, '');
  return origin + path.replace(/[^/]*$/, '') + location;
}
