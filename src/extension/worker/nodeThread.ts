import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { FromWorker } from './protocol';
import type { StartWorker } from './workerThread';

/**
 * The worker's JavaScript heap, in MB. Projections are refused above a rows × d budget before
 * their vectors exist (core's checkProjectionBudget); this bounds everything else it holds.
 */
export const WORKER_HEAP_MB = 512;

/** The desktop's compute worker: dist/worker.js in a Node worker thread with a bounded heap. */
export function nodeWorkerThread(scriptPath: string): StartWorker {
  return (events) => {
    const worker = new Worker(scriptPath, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.on('message', (message: FromWorker) => events.message(message));
    worker.on('error', (error: Error & { code?: string }) =>
      events.failed(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(vscode.l10n.t('the Token Lens worker ran out of its {0} MB memory budget; it starts again with the next request', WORKER_HEAP_MB))
          : error,
      ),
    );
    worker.on('exit', (code: number) => events.failed(new Error(vscode.l10n.t('the Token Lens worker stopped (exit code {0})', code))));
    return {
      postMessage: (message, transfer = []) => worker.postMessage(message, transfer),
      terminate: () => void worker.terminate(),
    };
  };
}
