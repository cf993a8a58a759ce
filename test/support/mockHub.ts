/**
 * A local stand-in for the Hugging Face Hub on 127.0.0.1: `/{repo}/resolve/{revision}/{file}`,
 * Range requests, redirects (same host, or to "localhost" as a second host like the Hub's CDN),
 * gated repositories, and the ways real servers misbehave. Each test file starts its own; it stops
 * itself after a bounded time so a failed test cannot leave it running.
 */
import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';

export interface MockFile {
  bytes: Uint8Array;
  etag: string;
}

export interface MockRepo {
  commit: string;
  files: Map<string, MockFile>;
  /** Earlier commits' files, served by commit id as the Hub serves any commit (squashHistory drops them). */
  history: Map<string, Map<string, MockFile>>;
  /** When set, requests need `Authorization: Bearer <token>`. */
  token?: string;
  /** Files served as the Hub serves large (LFS) ones: a 302 to the CDN whose X-Linked-Etag is their SHA-256. */
  lfs?: boolean;
}

export type Misbehaviour =
  | 'none'
  | 'redirect-same-host' // 302 to /cdn/… on 127.0.0.1
  | 'redirect-other-host' // 302 to http://localhost:port/cdn/…
  | 'truncate' // Content-Length says the whole body, the connection closes halfway
  | 'slow' // body trickles out in small pieces with pauses
  | 'ignore-range' // 200 with the whole body instead of 206
  | 'corrupt' // the right length, one byte changed
  | 'wrong-content-range'; // 206 whose Content-Range names other bytes

export interface ServedRequest {
  readonly path: string;
  readonly host: string;
  readonly authorization: string | undefined;
  readonly range: string | undefined;
  status: number;
  /** Body bytes written for this request (for 200/206). */
  bodyBytes: number;
}

export class MockHub {
  readonly repos = new Map<string, MockRepo>();
  readonly requests: ServedRequest[] = [];
  misbehaviour: Misbehaviour = 'none';
  /** When set, resolve requests answer 302 with this Location ("PORT" replaced by the server's port). */
  redirectTo: string | undefined;
  /** When set, requests that arrive wait for it before they are answered. */
  hold: Promise<void> | undefined;
  /** Called as each request arrives, with a promise settled when its response ends. */
  onRequest: ((done: Promise<void>) => void) | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private lifetime: ReturnType<typeof setTimeout> | undefined;

  /** http://127.0.0.1:port */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get bytesServed(): number {
    return this.requests.reduce((sum, request) => sum + request.bodyBytes, 0);
  }

  addRepo(name: string, files: Record<string, Uint8Array>, options: { commit?: string; token?: string; lfs?: boolean } = {}): MockRepo {
    const repo: MockRepo = {
      commit: options.commit ?? 'c0ffee'.padEnd(40, '0'),
      files: new Map(Object.entries(files).map(([file, bytes], index) => [file, { bytes, etag: `etag-${index}-${bytes.length}` }])),
      history: new Map(),
      token: options.token,
      lfs: options.lfs,
    };
    this.repos.set(name, repo);
    return repo;
  }

  /** Replaces a file's content, as a new commit would (the commit before stays in the history). */
  changeFile(repoName: string, file: string, bytes: Uint8Array): void {
    const repo = this.repo(repoName);
    repo.history.set(repo.commit, new Map(repo.files));
    repo.commit = `${repo.commit.slice(1)}1`;
    repo.files.set(file, { bytes, etag: `etag-changed-${bytes.length}-${repo.commit.slice(-6)}` });
  }

  /** Forgets every commit but the latest, as the Hub's super_squash_history does. */
  squashHistory(repoName: string): void {
    this.repo(repoName).history.clear();
  }

  private repo(name: string): MockRepo {
    const repo = this.repos.get(name);
    if (!repo) throw new Error(`no mock repo ${name}`);
    return repo;
  }

  async start(maxLifetimeMs = 60_000): Promise<void> {
    this.server = createServer((request, response) => {
      const held = this.hold;
      if (held) void held.then(() => this.handle(request, response));
      else this.handle(request, response);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.lifetime = setTimeout(() => void this.stop(), maxLifetimeMs);
    this.lifetime.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.lifetime);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://mock');
    const record: ServedRequest = {
      path: url.pathname,
      host: request.headers.host ?? '',
      authorization: request.headers.authorization,
      range: request.headers.range,
      status: 0,
      bodyBytes: 0,
    };
    this.requests.push(record);
    this.onRequest?.(new Promise<void>((resolve) => response.once('close', () => resolve())));
    const reply = (status: number, headers: Record<string, string> = {}) => {
      record.status = status;
      response.writeHead(status, headers);
      response.end();
    };
    const cdn = /^\/cdn\/([^/]+\/[^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const match = cdn ?? resolve;
    if (!match) return reply(404, { 'X-Error-Code': 'RepoNotFound' });
    const [, repoName, revision, filePath] = match.map(decodeURIComponent);
    const repo = this.repos.get(repoName);
    if (!repo) return reply(404, { 'X-Error-Code': 'RepoNotFound' });
    if (!cdn && repo.token !== undefined && request.headers.authorization !== `Bearer ${repo.token}`) {
      return reply(401, { 'X-Error-Code': 'GatedRepo' });
    }
    const commit = revision === 'main' ? repo.commit : revision;
    const files = commit === repo.commit ? repo.files : repo.history.get(commit);
    if (!files) return reply(404, { 'X-Error-Code': 'RevisionNotFound' });
    const file = files.get(filePath);
    if (!file) return reply(404, { 'X-Error-Code': 'EntryNotFound', 'X-Repo-Commit': commit });
    const identity = { 'X-Repo-Commit': commit, ETag: `"${file.etag}"` };
    if (!cdn && this.redirectTo !== undefined) return reply(302, { Location: this.redirectTo.replaceAll('PORT', String(this.port)) });
    if (!cdn && (repo.lfs || this.misbehaviour === 'redirect-same-host' || this.misbehaviour === 'redirect-other-host')) {
      const host = this.misbehaviour === 'redirect-other-host' ? `http://localhost:${this.port}` : '';
      const location = `${host}/cdn/${repoName}/${commit}/${filePath}`;
      const linked = repo.lfs ? createHash('sha256').update(file.bytes).digest('hex') : file.etag;
      return reply(302, { Location: location, 'X-Linked-Etag': `"${linked}"`, 'X-Repo-Commit': commit });
    }
    this.sendBody(request, response, record, file.bytes, identity);
  }

  private sendBody(request: IncomingMessage, response: ServerResponse, record: ServedRequest, bytes: Uint8Array, identity: Record<string, string>): void {
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    let status = 200;
    let body = bytes;
    const headers: Record<string, string> = { ...identity, 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' };
    if (range && this.misbehaviour !== 'ignore-range') {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), bytes.length - 1);
      if (start >= bytes.length || start > end) {
        record.status = 416;
        response.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` });
        return void response.end();
      }
      status = 206;
      body = bytes.subarray(start, end + 1);
      const shift = this.misbehaviour === 'wrong-content-range' ? 1 : 0;
      headers['Content-Range'] = `bytes ${start + shift}-${end + shift}/${bytes.length}`;
    }
    if (this.misbehaviour === 'corrupt' && body.length > 0) {
      body = body.slice();
      body[body.length >> 1] ^= 0xff;
    }
    headers['Content-Length'] = String(body.length);
    record.status = status;
    response.writeHead(status, headers);
    if (this.misbehaviour === 'truncate') {
      const half = body.subarray(0, Math.floor(body.length / 2));
      record.bodyBytes += half.length;
      response.write(half, () => response.destroy());
      return;
    }
    if (this.misbehaviour === 'slow') return this.trickle(response, record, body);
    // Written in pieces so a client that stops reading stops the count.
    this.pump(response, record, body, 0);
  }

  private pump(response: ServerResponse, record: ServedRequest, body: Uint8Array, at: number): void {
    const piece = 64 * 1024;
    while (at < body.length && !response.destroyed) {
      const chunk = body.subarray(at, at + piece);
      at += chunk.length;
      record.bodyBytes += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', () => this.pump(response, record, body, at));
        return;
      }
    }
    if (!response.destroyed) response.end();
  }

  private trickle(response: ServerResponse, record: ServedRequest, body: Uint8Array): void {
    let at = 0;
    const timer = setInterval(() => {
      if (response.destroyed || at >= body.length) {
        clearInterval(timer);
        if (!response.destroyed) response.end();
        return;
      }
      const chunk = body.subarray(at, at + 16);
      at += chunk.length;
      record.bodyBytes += chunk.length;
      response.write(chunk);
      if (at >= body.length) {
        clearInterval(timer);
        response.end();
      }
    }, 20);
    response.once('close', () => clearInterval(timer));
  }
}
