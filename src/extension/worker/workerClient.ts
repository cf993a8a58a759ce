import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { FromWorker, ToWorker, WorkerRequest, WorkerResults } from './protocol';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  progress?: (fraction: number, phase: string) => void;
}

/**
 * Runs requests in one worker thread, started on first use. Each request can report
 * progress and be cancelled; the worker is stopped with the extension.
 */
export class WorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly scriptPath: string) {}

  request<R extends WorkerRequest>(
    request: R,
    options: { cancellation?: vscode.CancellationToken; progress?: (fraction: number, phase: string) => void; transfer?: ArrayBuffer[] } = {},
  ): Promise<WorkerResults[R['type']]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<WorkerResults[R['type']]>((resolve, reject) => {
      if (options.cancellation?.isCancellationRequested) return reject(new CancelledError());
      const subscription = options.cancellation?.onCancellationRequested(() => {
        this.post({ id, cancel: true });
      });
      this.pending.set(id, {
        resolve: (result) => {
          subscription?.dispose();
          resolve(result as WorkerResults[R['type']]);
        },
        reject: (error) => {
          subscription?.dispose();
          reject(error);
        },
        progress: options.progress,
      });
      worker.postMessage({ id, request } satisfies ToWorker, options.transfer ?? []);
    });
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.scriptPath);
    worker.on('message', (message: FromWorker) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if ('progress' in message) {
        pending.progress?.(message.progress, message.phase);
        return;
      }
      this.pending.delete(message.id);
      if ('result' in message) pending.resolve(message.result);
      else pending.reject(message.cancelled ? new CancelledError() : new Error(message.error));
    });
    const failAll = (error: Error) => {
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the Token Lens worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
