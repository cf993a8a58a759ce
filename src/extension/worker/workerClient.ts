import * as vscode from 'vscode';
import { assertNever } from '../../core/assertNever';
import type { FileRead, FromWorker, ToWorker, TrainingUpdate, WorkerErrorReason, WorkerPhase, WorkerReply, WorkerRequest, WorkerResults } from './protocol';
import type { StartWorker, WorkerThread } from './workerThread';


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
 * Runs requests in one compute worker (a Node worker thread, or a Web Worker in VS Code for the
 * Web), started on first use (again after it stops). Each request can report progress and be
 * cancelled; the worker is stopped with the extension.
 */
export class WorkerClient implements vscode.Disposable {
  private worker: WorkerThread | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(
    private readonly startWorker: StartWorker,
    /** Reads a file the worker asks for: VS Code for the Web's worker has no file system (workspace.fs is the host's). */
    private readonly readFile?: (path: string) => PromiseLike<Uint8Array>,
  ) {}
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

  private start(): WorkerThread {
    if (this.worker) return this.worker;
    const worker: WorkerThread = this.startWorker({
      message: (message) => this.receive(message),
      failed: (error) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        worker.terminate();
        for (const pending of this.pending.values()) pending.reject(error);
        this.pending.clear();
      },
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    if ('read' in message) return this.answerRead(message);
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
    if ('error' in message) pending.reject(message.cancelled ? new CancelledError() : new Error(message.reason ? reasonText(message.reason) : message.error));
    else pending.settle(message);
  }

  private answerRead({ read, path }: FileRead): void {
    const reader = this.readFile;
    if (!reader) return this.post({ read, error: vscode.l10n.t('the extension host reads no files for its worker here') });
    Promise.resolve(reader(path)).then(
      (bytes) => this.worker?.postMessage({ read, bytes }, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : []),
      (error: unknown) => this.post({ read, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.worker?.terminate();
    this.worker = undefined;
    for (const pending of this.pending.values()) pending.reject(new CancelledError());
    this.pending.clear();
  }
}

/** A worker's failure in the UI's language. */
function reasonText(reason: WorkerErrorReason): string {
  switch (reason.kind) {
    case 'wholeWordTable':
      return vscode.l10n.t('they need the whole word table of {0} ({1} MB), and only the rows shown are downloaded from the Hub', reason.model, reason.megabytes);
    default:
      return assertNever(reason.kind);
  }
}
