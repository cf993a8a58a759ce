import * as vscode from 'vscode';
import { HfTokenizer } from '../core/hf';
import { HUB_SPEC_PREFIX } from '../core/hub/spec';
import { modelLabel } from '../core/models/tokenizerSpec';
import { type EncodeOptions, EncoderLoader, type EncodingName, type TextTokenizer, resolveEncodingName } from '../core/tokenizer';
import { contextLengthLine } from './budgetTarget';
import type { Configuration } from './config';
import type { HubAccess } from './embeddings/sourceSpec';
import { Settings, StateKeys, settingId } from './constants';
import { type Log, errorMessage } from './log';
import { ModelRequests } from './modelRequests';
import { Disposable } from './util/dispose';
import { CancelledError, type WorkerClient } from './worker/workerClient';

/** How many open models "Select Tokenizer…" remembers. */
const MAX_RECENT_MODELS = 8;

export { modelLabel };

/** Why the model at `path` could not be opened, in one line (the worker's messages name the path already). */
function couldNotOpen(path: string, error: unknown): string {
  const message = errorMessage(error);
  return message.includes(path) ? vscode.l10n.t('Token Lens could not open the model: {0}', message) : vscode.l10n.t('Token Lens could not open the model in {0}: {1}', path, message);
}

/**
 * The tokenizer in use: the configured OpenAI encoding, or an open model (a folder with
 * tokenizer.json) chosen with "Select Tokenizer…" and remembered in global state. Files load
 * on first use, never during activation (rank files here; tokenizer.json in the worker); until
 * then `encoder` is undefined and `onDidChange` fires once it is ready.
 */
export class TokenizerService extends Disposable {
  private readonly loader: EncoderLoader;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the tokenizer or the encode options change (and once the first tokenizer is ready). */
  readonly onDidChange = this.changed.event;
  private readonly openingChanged = this._register(new vscode.EventEmitter<void>());
  /** Fires when a model starts or stops being opened (`opening`), whatever came of it. */
  readonly onDidChangeOpening = this.openingChanged.event;
  private wanted: EncodingName;
  private active: TextTokenizer | undefined;
  private failed: string | undefined;
  private readonly models = new Map<string, Promise<HfTokenizer>>();
  /** Hub models opened from the Hub afresh: their next load asks whether the revision moved (see LoadTokenizerRequest.revalidate). */
  private readonly revalidate = new Set<string>();
  private readonly requests: ModelRequests;

  constructor(
    extensionUri: vscode.Uri,
    private readonly config: Configuration,
    private readonly state: vscode.Memento,
    worker: Pick<WorkerClient, 'request'>,
    /** Where Hub downloads are cached, and where the Hub token is kept. */
    private readonly hub: { readonly cacheDir: string; readonly secrets: vscode.SecretStorage },
    private readonly log: Pick<Log, 'info' | 'showError'>,
  ) {
    super();
    this.requests = new ModelRequests(worker, hub.cacheDir);
    this.loader = new EncoderLoader((name) =>
      Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'ranks', `${name}.tlr`))),
    );
    this.wanted = config.encoding;
    this._register(
      config.onDidChange((event) => {
        if (event.affectsConfiguration(settingId(Settings.encoding))) {
          this.wanted = config.encoding;
          this.stopOpening();
          // Choosing an encoding (here or in the settings) leaves the open model.
          void this.state.update(StateKeys.openModel, undefined).then(() => this.reset());
        } else if (event.affectsConfiguration(settingId(Settings.allowSpecialTokens))) {
          this.changed.fire();
        }
      }),
    );
  }

  /** The open model's folder in use, if one is. */
  get modelPath(): string | undefined {
    return this.state.get<string>(StateKeys.openModel);
  }

  /** Open models chosen before, most recent first. */
  get recentModels(): readonly string[] {
    return this.state.get<string[]>(StateKeys.recentModels, []);
  }

  /** What is in use, for labels: the encoding's name or the model folder's. */
  get encodingName(): string {
    const model = this.modelPath;
    return model === undefined ? this.wanted : modelLabel(model);
  }

  /** The ready tokenizer, or undefined while it loads (call `load`). */
  get encoder(): TextTokenizer | undefined {
    return this.active;
  }

  get loading(): boolean {
    return this.active === undefined && this.failed === undefined;
  }

  /** Why the tokenizer could not be loaded, if it could not. */
  get loadError(): string | undefined {
    return this.failed;
  }

  get options(): EncodeOptions {
    return { allowSpecial: this.config.allowSpecialTokens };
  }

  /** Keeps a Hugging Face token for gated models in VS Code's secret storage. */
  async storeHubToken(token: string): Promise<void> {
    await this.hub.secrets.store(StateKeys.hubToken, token.trim());
  }

  /**
   * Opens the model in `path` (a folder with tokenizer.json, or hub:ORG/NAME) and, once it is ready,
   * uses it from now on and remembers it. Until then the tokenizer in use stays (`opening` names the
   * model); a model that cannot be opened leaves it in use, says why once (`openFailure`) and is not
   * remembered. With `revalidate`, a Hub model's cached files are downloaded again if its revision moved since.
   */
  async selectModel(path: string, { revalidate = false } = {}): Promise<TextTokenizer | undefined> {
    this.models.delete(path); // read the folder again: its files may have changed
    if (revalidate) this.revalidate.add(path);
    this.log.info(vscode.l10n.t('Opening the model {0}', path));
    const choice = ++this.choices;
    this.openingModel = path;
    this.lastOpenFailure = undefined;
    this.openingChanged.fire();
    const started = performance.now();
    let tokenizer: HfTokenizer;
    try {
      tokenizer = await this.loadModel(path);
    } catch (error) {
      // Another choice came meanwhile: it decides.
      if (choice !== this.choices) return undefined;
      this.openingModel = undefined;
      if (error instanceof CancelledError) {
        // Not an error: the user stopped it. Kept among the recent models, to be tried again.
        this.log.info(vscode.l10n.t('Opening the model {0} was cancelled', path));
        await this.remember(path);
      } else {
        this.lastOpenFailure = couldNotOpen(path, error);
        this.log.showError(this.lastOpenFailure, error);
      }
      this.openingChanged.fire();
      return undefined;
    }
    if (choice !== this.choices) return undefined;
    this.openingModel = undefined;
    await this.remember(path);
    await this.state.update(StateKeys.openModel, path);
    if (choice !== this.choices) return undefined;
    this.active = tokenizer;
    this.failed = undefined;
    this.log.info(vscode.l10n.t('Tokenizer in use: {0} (ready in {1} ms)', tokenizer.name, Math.round(performance.now() - started)));
    this.openingChanged.fire();
    this.changed.fire();
    return tokenizer;
  }

  /** The model being opened by selectModel, while it loads (the tokenizer in use is still the one before). */
  get opening(): string | undefined {
    return this.openingModel;
  }

  /** Why the last model chosen could not be opened; undefined once another is chosen, and when it opened or was cancelled. */
  get openFailure(): string | undefined {
    return this.lastOpenFailure;
  }

  private openingModel: string | undefined;
  private lastOpenFailure: string | undefined;
  /** Counts the user's choices of tokenizer: an opening that finishes after a later choice is dropped. */
  private choices = 0;

  /** A later choice drops the model being opened. */
  private stopOpening(): void {
    this.choices++;
    if (this.openingModel === undefined) return;
    this.openingModel = undefined;
    this.openingChanged.fire();
  }

  private async remember(path: string): Promise<void> {
    await this.state.update(StateKeys.recentModels, [path, ...this.recentModels.filter((each) => each !== path)].slice(0, MAX_RECENT_MODELS));
  }

  /** Uses an OpenAI encoding from now on (leaving any open model, and any model being opened). */
  async selectEncoding(name: EncodingName): Promise<void> {
    const hadModel = this.modelPath !== undefined;
    this.stopOpening();
    await this.state.update(StateKeys.openModel, undefined);
    if (this.config.encoding !== name) await this.config.update(Settings.encoding, name);
    else if (hadModel) this.reset();
  }

  private reset(): void {
    const model = this.modelPath;
    this.active = model === undefined ? this.loader.peek(this.wanted) : undefined;
    this.failed = undefined;
    if (this.active) this.log.info(vscode.l10n.t('Tokenizer in use: {0}', this.active.name));
    else void this.load();
    // Loading or ready: what showed the tokenizer before redraws.
    this.changed.fire();
  }

  /** Leaves the open model `path` if it is the one in use (its opening was cancelled, or the user gave up on it): the encoding is used again, also at the next start. */
  async leaveModel(path: string): Promise<void> {
    if (this.modelPath !== path) return;
    await this.state.update(StateKeys.openModel, undefined);
    this.reset();
  }

  /** Loads the tokenizer in use (once: after a failure, not again until another is chosen); resolves to it. */
  async load(): Promise<TextTokenizer | undefined> {
    if (this.active) return this.active;
    if (this.failed !== undefined) return undefined;
    const model = this.modelPath;
    const name = this.wanted;
    const stillWanted = () => this.modelPath === model && (model !== undefined || name === this.wanted);
    const started = performance.now();
    try {
      const tokenizer = model === undefined ? await this.loader.load(name) : await this.loadModel(model);
      if (stillWanted() && this.active !== tokenizer) {
        this.active = tokenizer;
        this.log.info(vscode.l10n.t('Tokenizer in use: {0} (ready in {1} ms)', tokenizer.name, Math.round(performance.now() - started)));
        this.changed.fire();
      }
      return this.active;
    } catch (error) {
      if (model !== undefined && error instanceof CancelledError && stillWanted()) {
        // Not an error: the user stopped it, and it is not the model in use any more.
        this.log.info(vscode.l10n.t('Opening the model {0} was cancelled', model));
        await this.leaveModel(model);
        return undefined;
      }
      if (stillWanted() && this.failed === undefined) {
        this.failed =
          model === undefined
            ? vscode.l10n.t('Token Lens could not load the {0} vocabulary: {1}', name, errorMessage(error))
            : couldNotOpen(model, error);
        this.log.showError(this.failed, error);
        this.changed.fire();
      }
      return undefined;
    }
  }

  /** Loads any encoding (for commands that compare encodings). */
  loadEncoding(name: EncodingName): Promise<TextTokenizer> {
    return this.loader.load(name);
  }

  /** Loads an encoding by name, or an open model by folder or hub: spec (for comparisons), without selecting it. */
  loadAny(choice: string): Promise<TextTokenizer> {
    const encoding = resolveEncodingName(choice);
    return encoding ? this.loader.load(encoding) : this.loadModel(choice);
  }

  private loadModel(path: string): Promise<HfTokenizer> {
    let loading = this.models.get(path);
    if (!loading) {
      const revalidate = this.revalidate.delete(path);
      loading = this.hubAccess(path).then((hub) => this.requests.request(path, { revalidate, hub })).then((data) => {
        const tokenizer = new HfTokenizer({ ...data, name: modelLabel(path) });
        // The editor tokenizes on the extension host's thread, where a runaway pattern would freeze every extension.
        if (tokenizer.untrustedPatterns.length > 0) {
          throw new Error(
            vscode.l10n.t(
              'its pre-tokenizer pattern {0} is not one Token Lens has a scanner for, and the editor does not run patterns it cannot stop; the command line runs it under a time limit (token-lens count --tokenizer {1})',
              tokenizer.untrustedPatterns.map((pattern) => JSON.stringify(pattern)).join(', '),
              path,
            ),
          );
        }
        this.log.info(contextLengthLine(tokenizer));
        return tokenizer;
      });
      loading.catch(() => this.models.delete(path));
      this.models.set(path, loading);
    }
    return loading;
  }

  /** The endpoint setting, the stored token and the cache, for reading a Hub model's files (undefined for folders). */
  /** Download notifications shown (for tests: a model opened from global storage, or only checked, shows none). */
  get downloadsShown(): number {
    return this.requests.downloadsShown;
  }

  async hubAccess(spec: string): Promise<HubAccess | undefined> {
    if (!spec.startsWith(HUB_SPEC_PREFIX)) return undefined;
    return { endpoint: this.config.hubEndpoint || undefined, token: await this.hub.secrets.get(StateKeys.hubToken), cacheDir: this.hub.cacheDir };
  }
}
