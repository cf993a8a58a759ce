import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { FromWorker, ToWorker, TrainingUpdate, WorkerPhase, WorkerReply, WorkerRequest, WorkerResults } from './protocol';

/**
 * The worker's JavaScript heap, in MB. Projections are refused above a rows × d budget before
 * their vectors exist (core's checkProjectionBudget); this bounds everything else it holds.
 */
export const WORKER_HEAP_MB = 512;

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

interface Pending {
  settle(reply: WorkerReply): void;
  reject(error: Error): void;
  progress?: (fraction: number, phase: WorkerPhase) => void;
  training?: (update: TrainingUpdate) => void;
}

/**
 * Runs requests in one worker thread, started on first use (again after it stops). Each request
 * can report progress and be cancelled; the worker is stopped with the extension.
 */
export class WorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(private readonly scriptPath: string) {}

  request<R extends WorkerRequest>(
    request: R,
    options: {
      cancellation?: vscode.CancellationToken;
      progress?: (fraction: number, phase: WorkerPhase) => void;
      /** Reports of a `train` request. */
      training?: (update: TrainingUpdate) => void;
      transfer?: ArrayBuffer[];
    } = {},
  ): Promise<WorkerResults[R['type']]> {
    // After dispose (the extension is stopping) nothing starts the worker again.
    if (this.disposed) return Promise.reject(new CancelledError());
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<WorkerResults[R['type']]>((resolve, reject) => {
      if (options.cancellation?.isCancellationRequested) return reject(new CancelledError());
      const subscription = options.cancellation?.onCancellationRequested(() => {
        this.post({ id, cancel: true });
      });
      this.pending.set(id, {
        settle: (reply) => {
          subscription?.dispose();
          // The worker answers each request with its own type (worker.ts); anything else is a bug there.
          if (reply.type === request.type) resolve(reply.result as WorkerResults[R['type']]);
          else reject(new Error(`the Token Lens worker answered a ${request.type} request with ${reply.type}`));
        },
        reject: (error) => {
          subscription?.dispose();
          reject(error);
        },
        progress: options.progress,
        training: options.training,
      });
      worker.postMessage({ id, request } satisfies ToWorker, options.transfer ?? []);
    });
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.scriptPath, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.on('message', (message: FromWorker) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if ('progress' in message) {
        pending.progress?.(message.progress, message.phase);
        return;
      }
      if ('training' in message) {
        pending.training?.(message.training);
        return;
      }
      this.pending.delete(message.id);
      if ('error' in message) pending.reject(message.cancelled ? new CancelledError() : new Error(message.error));
      else pending.settle(message);
    });
    const failAll = (error: Error) => {
      if (this.worker !== worker) return;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', (error: Error & { code?: string }) =>
      failAll(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(vscode.l10n.t('the Token Lens worker ran out of its {0} MB memory budget; it starts again with the next request', WORKER_HEAP_MB))
          : error,
      ),
    );
    worker.on('exit', (code) => failAll(new Error(vscode.l10n.t('the Token Lens worker stopped (exit code {0})', code))));
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const pending of this.pending.values()) pending.reject(new CancelledError());
    this.pending.clear();
  }
}
