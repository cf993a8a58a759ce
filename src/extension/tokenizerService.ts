import * as vscode from 'vscode';
import { type EncodeOptions, type Encoder, EncoderLoader, type EncodingName } from '../core/tokenizer';
import type { Configuration } from './config';
import { Settings, settingId } from './constants';
import { Disposable } from './util/dispose';

/**
 * The encoder for the configured encoding. Rank files load on first use, never during
 * activation; until then `encoder` is undefined and `onDidChange` fires once it is ready.
 */
export class TokenizerService extends Disposable {
  private readonly loader: EncoderLoader;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the encoder or the encode options change (and once the first encoder is ready). */
  readonly onDidChange = this.changed.event;
  private wanted: EncodingName;
  private active: Encoder | undefined;
  private failed: string | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly config: Configuration,
  ) {
    super();
    this.loader = new EncoderLoader((name) =>
      Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'ranks', `${name}.tlr`))),
    );
    this.wanted = config.encoding;
    this._register(
      config.onDidChange((event) => {
        if (event.affectsConfiguration(settingId(Settings.encoding))) {
          this.wanted = config.encoding;
          this.active = this.loader.peek(this.wanted);
          this.failed = undefined;
          if (this.active) this.changed.fire();
          else void this.load();
        } else if (event.affectsConfiguration(settingId(Settings.allowSpecialTokens))) {
          this.changed.fire();
        }
      }),
    );
  }

  get encodingName(): EncodingName {
    return this.wanted;
  }

  /** The ready encoder, or undefined while it loads (call `load`). */
  get encoder(): Encoder | undefined {
    return this.active;
  }

  get loading(): boolean {
    return this.active === undefined && this.failed === undefined;
  }

  /** Why the encoder could not be loaded, if it could not. */
  get loadError(): string | undefined {
    return this.failed;
  }

  get options(): EncodeOptions {
    return { allowSpecial: this.config.allowSpecialTokens };
  }

  /** Loads the configured encoder (once); resolves to it. */
  async load(): Promise<Encoder | undefined> {
    if (this.active) return this.active;
    const name = this.wanted;
    try {
      const encoder = await this.loader.load(name);
      if (name === this.wanted && this.active !== encoder) {
        this.active = encoder;
        this.changed.fire();
      }
      return this.active;
    } catch (error) {
      if (name === this.wanted && this.failed === undefined) {
        this.failed = vscode.l10n.t('Token Lens could not load the {0} vocabulary: {1}', name, (error as Error).message);
        void vscode.window.showErrorMessage(this.failed);
        this.changed.fire();
      }
      return undefined;
    }
  }

  /** Loads any encoding (for commands that compare encodings). */
  loadEncoding(name: EncodingName): Promise<Encoder> {
    return this.loader.load(name);
  }
}
