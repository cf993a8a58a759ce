import type { StartWorker } from './worker/workerThread';

/**
 * What differs between desktop VS Code's extension host (Node) and VS Code for the Web's (a
 * browser worker without Node): built by the two entry files, node.ts and web.ts, and handed to
 * activate. Everything else is the same code.
 */
export interface HostPlatform {
  readonly kind: 'node' | 'web';
  /** Starts the compute worker: a Node worker thread, or a Web Worker. */
  readonly startWorker: StartWorker;
  /** How the worker names a file shipped with the extension: a path it opens (Node), or a URI the host reads for it (web). */
  extensionFile(...segments: string[]): string;
  /** Reads a file the worker asks for (web: the Web Worker has no file system); undefined where the worker reads its own. */
  readonly readFileForWorker?: (path: string) => PromiseLike<Uint8Array>;
}
