import type { FromWorker, ToWorker } from './protocol';

/** What the client hears from its worker. */
export interface WorkerEvents {
  message(message: FromWorker): void;
  /** The worker failed or stopped: its pending requests fail with `error`, the next request starts another. */
  failed(error: Error): void;
}

/** The host's handle on a running compute worker: a Node worker thread (nodeThread.ts) or a Web Worker (webThread.ts). */
export interface WorkerThread {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  terminate(): void;
}

/** Starts a compute worker that reports to `events`. */
export type StartWorker = (events: WorkerEvents) => WorkerThread;
