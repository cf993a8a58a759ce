import * as vscode from 'vscode';
import type { FromWorker, ToWorker } from './protocol';
import type { StartWorker } from './workerThread';

/** The parts of a browser's Worker used here (the extension compiles without the DOM library). */
interface BrowserWorker {
  postMessage(message: ToWorker, transfer: ArrayBuffer[]): void;
  terminate(): void;
  onmessage: ((event: { readonly data: FromWorker }) => void) | null;
  onerror: ((event: { readonly message?: string; preventDefault(): void }) => void) | null;
}
type BrowserWorkerConstructor = new (url: string, options?: { name?: string }) => BrowserWorker;

/** The name the worker shows in the browser's tools (and the browser test looks for). */
export const WEB_WORKER_NAME = 'Token Lens worker';

/**
 * VS Code for the Web's compute worker: dist/web/worker.js as a Web Worker. The script is read
 * through workspace.fs and started from a Blob, since the web extension host refuses `new Worker`
 * on a vscode-remote: URI; messages posted before it runs wait in order.
 */
export function webWorkerThread(readScript: () => PromiseLike<Uint8Array>): StartWorker {
  return (events) => {
    const queued: [ToWorker, ArrayBuffer[]][] = [];
    let worker: BrowserWorker | undefined;
    let ended = false;
    const fail = (message: string) => events.failed(new Error(vscode.l10n.t('the Token Lens worker failed: {0}', message)));
    Promise.resolve(readScript()).then(
      (script) => {
        if (ended) return;
        const Constructor = (globalThis as { Worker?: BrowserWorkerConstructor }).Worker;
        if (!Constructor) return fail(vscode.l10n.t('this host cannot start a Web Worker'));
        const url = URL.createObjectURL(new Blob([new Uint8Array(script)], { type: 'text/javascript' }));
        worker = new Constructor(url, { name: WEB_WORKER_NAME });
        worker.onmessage = (event) => events.message(event.data);
        worker.onerror = (event) => {
          event.preventDefault();
          fail(event.message ?? '');
        };
        for (const [message, transfer] of queued.splice(0)) worker.postMessage(message, transfer);
      },
      (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
    );
    return {
      postMessage: (message, transfer = []) => (worker ? worker.postMessage(message, transfer) : queued.push([message, transfer])),
      terminate: () => {
        ended = true;
        worker?.terminate();
      },
    };
  };
}
