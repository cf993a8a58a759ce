/**
 * Asking the worker for an open model's tokenizer: a folder is read there; a Hub model is
 * downloaded there, with progress and cancellation in a notification that opens with the
 * download's first progress (a model already in global storage shows none).
 */
import * as vscode from 'vscode';
import type { HfTokenizerData } from '../core/hf';
import type { HubAccess } from './embeddings/sourceSpec';
import { modelLabel } from '../core/models/tokenizerSpec';
import type { WorkerClient } from './worker/workerClient';

export class ModelRequests {
  private notifications = 0;

  constructor(
    private readonly worker: Pick<WorkerClient, 'request'>,
    /** Where Hub downloads are cached. */
    private readonly cacheDir: string,
  ) {}

  /** Download notifications shown (for tests: a model opened from global storage, or only checked, shows none). */
  get downloadsShown(): number {
    return this.notifications;
  }

  /** The tokenizer of `spec` (a folder or hub:ORG/NAME); `hub`: how to reach the Hub, for a Hub model; `revalidate`: its cached files are downloaded again if its revision moved. */
  async request(spec: string, { revalidate, hub }: { readonly revalidate: boolean; readonly hub: HubAccess | undefined }): Promise<HfTokenizerData> {
    const cacheDir = this.cacheDir;
    if (!hub) return this.worker.request({ type: 'loadTokenizer', spec, cacheDir });
    const cancellation = new vscode.CancellationTokenSource();
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    let report: ((fraction: number) => void) | undefined;
    const progress = (fraction: number) => {
      if (report) return report(fraction);
      let shown = 0;
      let pending = fraction;
      report = (next) => (pending = next);
      this.notifications++;
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading the tokenizer of {0} from the Hugging Face Hub', modelLabel(spec)), cancellable: true },
        (notification, token) => {
          token.onCancellationRequested(() => cancellation.cancel());
          report = (next) => {
            notification.report({ increment: Math.max(0, next * 100 - shown) });
            shown = Math.max(shown, next * 100);
          };
          report(pending);
          return settled;
        },
      );
    };
    try {
      return await this.worker.request({ type: 'loadTokenizer', spec, cacheDir, hub: { endpoint: hub.endpoint, token: hub.token }, revalidate }, { cancellation: cancellation.token, progress });
    } finally {
      settle();
      cancellation.dispose();
    }
  }
}
