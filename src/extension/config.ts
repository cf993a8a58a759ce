import * as vscode from 'vscode';
import { EMBEDDING_DEFAULTS, EMBEDDING_MODELS, type EmbeddingChoice, INITIAL_POSITION_KINDS } from '../core/embeddings/shape';
import { type IntegerRange, clampInteger } from '../core/integerRange';
import { CONTEXT_WINDOWS, contextWindow, type ContextWindow } from '../core/tokenizer/contextWindows';
import { DEFAULT_ENCODING, type EncodingName, resolveEncodingName } from '../core/tokenizer';
import { ConfigSection, EMBEDDING_SOURCES, type EmbeddingSourceKind, type NumericSettingKey, NumericSettings, Settings, settingId } from './constants';
import { Disposable } from './util/dispose';

/** A numeric setting that was out of range (or not a number) and the value used instead. */
export interface ClampedSetting {
  /** The full id, `tokenLens.embedding.dimension`. */
  readonly id: string;
  readonly found: unknown;
  readonly used: number;
  readonly range: IntegerRange;
}

/** Token Lens settings, typed and inside their ranges, with an event when any of them changes. */
export class Configuration extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.ConfigurationChangeEvent>());
  readonly onDidChange = this.changed.event;

  /** `onClamped` hears of every out-of-range value each time it is read. */
  constructor(private readonly onClamped: (clamped: ClampedSetting) => void = () => undefined) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(ConfigSection)) this.changed.fire(event);
      }),
    );
  }

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(ConfigSection);
  }

  get encoding(): EncodingName {
    return resolveEncodingName(this.section.get<string>(Settings.encoding, DEFAULT_ENCODING)) ?? DEFAULT_ENCODING;
  }

  get highlightByDefault(): boolean {
    return this.section.get<boolean>(Settings.highlightEnabled, true);
  }

  get whitespaceMarkers(): boolean {
    return this.section.get<boolean>(Settings.whitespaceMarkers, true);
  }

  get allowSpecialTokens(): boolean {
    return this.section.get<boolean>(Settings.allowSpecialTokens, false);
  }

  get contextWindow(): ContextWindow {
    return contextWindow(this.contextWindowId);
  }

  get maxDocumentSize(): number {
    return this.integer(Settings.maxDocumentSize);
  }

  /** Tokens the panel shows at most (the first ones of the document or selection). */
  get panelMaxTokens(): number {
    return this.integer(Settings.panelMaxTokens);
  }

  get embedding(): EmbeddingSettings {
    const section = this.section;
    // A weights path is read from user settings only, never from a workspace (it opens a file).
    const weightsPath = section.inspect<string>(Settings.embeddingWeightsPath)?.globalValue ?? '';
    return {
      source: oneOf(section.get<string>(Settings.embeddingSource), EMBEDDING_SOURCES, 'initial'),
      model: oneOf(section.get<string>(Settings.embeddingModel), EMBEDDING_MODELS, EMBEDDING_DEFAULTS.model),
      dimension: this.integer(Settings.embeddingDimension),
      contextLength: this.integer(Settings.embeddingContextLength),
      contextWindow: this.contextWindowId,
      positions: oneOf(section.get<string>(Settings.embeddingPositions), INITIAL_POSITION_KINDS, EMBEDDING_DEFAULTS.positions),
      seed: this.integer(Settings.embeddingSeed),
      weightsPath: weightsPath.trim(),
    };
  }

  /** Writes where the user would expect: the workspace if it overrides the setting, else the user settings. */
  async update(key: string, value: unknown): Promise<void> {
    const inspected = this.section.inspect(key);
    const target =
      inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
    await this.section.update(key, value, target);
  }

  private get contextWindowId(): string {
    const ids = CONTEXT_WINDOWS.map((window) => window.id);
    return oneOf(this.section.get<string>(Settings.contextWindow), ids, EMBEDDING_DEFAULTS.contextWindow);
  }

  /** The setting as a whole number inside its schema range, whatever a settings file says. */
  private integer(key: NumericSettingKey): number {
    const range = NumericSettings[key];
    const found = this.section.get<unknown>(key);
    const { value, changed } = clampInteger(found, range, range.default);
    if (changed) this.onClamped({ id: settingId(key), found, used: value, range });
    return value;
  }
}

/** The tokenLens.embedding.* settings: the choices core resolves into a shape, plus where the weights come from. */
export interface EmbeddingSettings extends EmbeddingChoice {
  readonly source: EmbeddingSourceKind;
  readonly weightsPath: string;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
