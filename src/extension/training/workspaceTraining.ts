import * as vscode from 'vscode';
import { cutText } from '../../core/text/cut';
import { visibleWhitespace } from '../../core/text/visible';
import { DEFAULT_SIZE_CAP } from '../../core/workspace/walk';
import { PROTOCOL_LIMITS, type TrainingMessage } from '../../protocol';
import type { Configuration } from '../config';
import { ConfigSection, Settings } from '../constants';
import { type Log, errorMessage } from '../log';
import { Disposable } from '../util/dispose';
import { formatInteger } from '../util/format';
import type { TrainResult, TrainingUpdate } from '../worker/protocol';
import { CancelledError, type WorkerClient } from '../worker/workerClient';

/** What to train on and how; the command asks for what is missing. */
export interface TrainingChoice {
  /** Absolute path of the folder. */
  readonly folder: string;
  readonly include: string;
  readonly dimension: number;
  readonly epochs: number;
  /** After a cancel: keep what was learned without asking (for tests and scripts). */
  readonly keep?: boolean;
}

/** What a training run ended with (the command returns it). */
export interface TrainingOutcome {
  /** The .safetensors written and selected; undefined when nothing was kept. */
  readonly path: string | undefined;
  readonly stopped: boolean;
  readonly files: number;
  readonly skipped: TrainResult['skipped'];
}

/**
 * Runs one training at a time in the worker, behind a cancellable progress notification; writes
 * the result to the extension's global storage and selects it as the embedding source.
 */
export class WorkspaceTraining extends Disposable {
  private running: vscode.CancellationTokenSource | undefined;
  private readonly reported: string[] = [];
  private readonly updated = this._register(new vscode.EventEmitter<TrainingMessage>());
  /** The last run's state for the panel, after each report (loss curve, tracked tokens). */
  readonly onDidUpdate = this.updated.event;
  private picture: TrainingMessage | undefined;

  constructor(
    private readonly worker: WorkerClient,
    private readonly config: Configuration,
    private readonly extensionUri: vscode.Uri,
    private readonly storageUri: vscode.Uri,
    private readonly log: Pick<Log, 'info' | 'showError'>,
  ) {
    super();
    this._register({ dispose: () => this.running?.cancel() });
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** What the progress notification said, oldest first (for tests). */
  get messages(): readonly string[] {
    return this.reported;
  }

  /** The last (or running) training as the panel shows it; undefined before the first. */
  get panelState(): TrainingMessage | undefined {
    return this.picture;
  }

  /** Cancels the running training as the notification's Cancel button does; false when none runs. */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.cancel();
    return true;
  }

  async run(choice: TrainingChoice): Promise<TrainingOutcome | undefined> {
    if (this.running) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens is already training embeddings; cancel that first.'));
      return undefined;
    }
    const stop = new vscode.CancellationTokenSource();
    this.running = stop;
    this.reported.length = 0;
    this.picture = undefined;
    const encoding = this.config.encoding;
    const folderName = choice.folder.split(/[\\/]/).filter(Boolean).pop() ?? 'workspace';
    const started = performance.now();
    this.log.info(vscode.l10n.t('Training embeddings on {0} ({1}, {2}, d = {3}, {4} epochs) started', choice.folder, choice.include, encoding, choice.dimension, choice.epochs));
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Token Lens: training embeddings on {0}', folderName), cancellable: true },
        (progress, cancellation) => {
          cancellation.onCancellationRequested(() => stop.cancel());
          let done = 0;
          return this.worker.request(
            {
              type: 'train',
              folder: choice.folder,
              include: choice.include,
              exclude: plainExclude(choice.folder),
              sizeCap: DEFAULT_SIZE_CAP,
              ranksFile: vscode.Uri.joinPath(this.extensionUri, 'dist', 'ranks', `${encoding}.tlr`).fsPath,
              dimension: choice.dimension,
              epochs: choice.epochs,
              seed: this.config.embedding.seed,
            },
            {
              cancellation: stop.token,
              training: (update) => {
                const message = describeUpdate(update);
                const fraction = update.stage === 'training' ? update.progress.tokensDone / Math.max(1, update.progress.tokensTotal) : 0;
                progress.report({ message, increment: Math.max(0, fraction - done) * 100 });
                done = Math.max(done, fraction);
                this.reported.push(message);
                this.draw(update, `${folderName}: ${message}`, false);
              },
            },
          );
        },
      );
      const outcome = await this.finish(result, choice, encoding, folderName);
      this.log.info(
        vscode.l10n.t(
          'Training on {0} finished in {1} s ({2}): {3} files, saved to {4}',
          folderName,
          ((performance.now() - started) / 1000).toFixed(1),
          result.stopped ? vscode.l10n.t('stopped early') : vscode.l10n.t('all epochs'),
          result.files,
          outcome?.path ?? vscode.l10n.t('nothing (not kept)'),
        ),
      );
      return outcome;
    } catch (error) {
      if (!(error instanceof CancelledError)) {
        this.log.showError(vscode.l10n.t('Token Lens could not train embeddings: {0}', errorMessage(error)), error);
      } else this.log.info(vscode.l10n.t('Training on {0} cancelled', folderName));
      return undefined;
    } finally {
      stop.dispose();
      this.running = undefined;
      const shown = this.panelState;
      if (shown) this.draw(undefined, shown.status, true);
    }
  }

  /** Adds the report to the panel's picture: a point of the loss curve, maybe a new frame. */
  private draw(update: TrainingUpdate | undefined, status: string, done: boolean): void {
    const last = this.picture ?? { type: 'training', status, fractions: [], losses: [], texts: [], points: [], done };
    let { fractions, losses, texts, points } = last;
    if (update?.stage === 'training') {
      const added = update.losses.filter(({ loss }) => Number.isFinite(loss) && loss >= 0);
      if (added.length > 0) {
        fractions = [...fractions, ...added.map(({ fraction }) => Math.max(0, Math.min(1, fraction)))];
        losses = [...losses, ...added.map(({ loss }) => loss)];
        // A long run keeps every other point: the curve's shape, in bounded messages.
        while (fractions.length > PROTOCOL_LIMITS.lossPoints) [fractions, losses] = [fractions, losses].map((list) => list.filter((_, i) => i % 2 === 0));
      }
      if (update.snapshot) {
        texts = update.snapshot.texts.map((text) => cutText(visibleWhitespace(text), 64));
        points = update.snapshot.points.map((value) => Math.max(-1, Math.min(1, value)));
      }
    }
    this.picture = { type: 'training', status, fractions, losses, texts, points, done };
    this.updated.fire(this.picture);
  }

  private async finish(result: TrainResult, choice: TrainingChoice, encoding: string, folderName: string): Promise<TrainingOutcome | undefined> {
    const { skipped, files } = result;
    const outcome = (path: string | undefined): TrainingOutcome => ({ path, stopped: result.stopped, files, skipped });
    const skippedNote = describeSkipped(skipped);
    if (result.job === undefined) {
      // No text at all, or text that gave no pair of neighbouring tokens: nothing is saved or selected.
      const nothing =
        result.tokens === 0
          ? vscode.l10n.t('Nothing to train on: no text file in {0} matches {1}.', choice.folder, choice.include)
          : result.stopped
            ? vscode.l10n.t('Training stopped before anything was learned; nothing was saved.')
            : vscode.l10n.t('Nothing to learn from: the {0} tokens of {1} give no two tokens near each other; nothing was saved.', result.tokens, result.corpus);
      void vscode.window.showWarningMessage([nothing, skippedNote].filter(Boolean).join(' '));
      return outcome(undefined);
    }
    let keep = true;
    if (result.stopped) {
      const { epoch, epochs } = result.progress;
      const keepItem = vscode.l10n.t('Keep');
      keep =
        choice.keep ??
        (await vscode.window.showInformationMessage(
          vscode.l10n.t('Training stopped in epoch {0} of {1}. Keep what was learned so far?', epoch, epochs),
          keepItem,
          vscode.l10n.t('Discard'),
        )) === keepItem;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const out = keep ? vscode.Uri.joinPath(this.storageUri, 'trained', `${folderName}-${encoding}-d${choice.dimension}-${stamp}.safetensors`).fsPath : undefined;
    const path = await this.worker.request({ type: 'saveTraining', job: result.job, out });
    if (path === undefined) return outcome(undefined);
    // Machine scope, as Select Embedding Source does: the path is a user setting, never a workspace one.
    await vscode.workspace.getConfiguration(ConfigSection).update(Settings.embeddingWeightsPath, path, vscode.ConfigurationTarget.Global);
    await this.config.update(Settings.embeddingSource, 'file');
    const loss = Number.isFinite(result.progress.loss) ? result.progress.loss.toFixed(3) : '–';
    void vscode.window.showInformationMessage(
      [vscode.l10n.t('Trained on {0} (final loss {1}); saved to {2} and selected as the embedding source.', result.corpus, loss, path), skippedNote].filter(Boolean).join(' '),
    );
    return outcome(path);
  }
}

/** The folder's files.exclude as plain data: the configuration's own object cannot cross to the worker. */
function plainExclude(folder: string): unknown {
  const value = vscode.workspace.getConfiguration('files', vscode.Uri.file(folder)).get<unknown>('exclude');
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function describeUpdate(update: TrainingUpdate): string {
  if (update.stage === 'reading') {
    return vscode.l10n.t('reading files: {0} files, {1} characters', formatInteger(update.files), formatInteger(update.characters));
  }
  const { epoch, epochs, loss, tokensPerSecond } = update.progress;
  const rate = tokensPerSecond === undefined ? '–' : formatInteger(Math.round(tokensPerSecond));
  return vscode.l10n.t('epoch {0}/{1} · {2} tokens/s · loss {3}', epoch, epochs, rate, Number.isFinite(loss) ? loss.toFixed(3) : '–');
}

/** "Skipped 2 binary files (logo.png, …), …": what was not read, or '' when nothing was skipped. */
function describeSkipped(skipped: TrainResult['skipped']): string {
  const list = (paths: readonly string[]) => paths.slice(0, 3).join(', ') + (paths.length > 3 ? ', …' : '');
  const parts: string[] = [];
  if (skipped.binary.length > 0) parts.push(vscode.l10n.t('{0} binary ({1})', skipped.binary.length, list(skipped.binary)));
  if (skipped.tooLarge.length > 0) {
    parts.push(vscode.l10n.t('{0} over {1} bytes ({2})', skipped.tooLarge.length, formatInteger(DEFAULT_SIZE_CAP), list(skipped.tooLarge)));
  }
  if (skipped.unreadable.length > 0) parts.push(vscode.l10n.t('{0} unreadable ({1})', skipped.unreadable.length, list(skipped.unreadable)));
  return parts.length > 0 ? vscode.l10n.t('Skipped files: {0}.', parts.join('; ')) : '';
}
