import * as vscode from 'vscode';
import { EMBEDDING_DEFAULTS, EMBEDDING_MODELS, type EmbeddingChoice, INITIAL_POSITION_KINDS } from '../core/embeddings/shape';
import { type IntegerRange, clampInteger } from '../core/integerRange';
import { type BudgetThresholds, DEFAULT_MODEL, DEFAULT_MODELS, type ModelInfo, type ModelTable, mergeModelOverrides, parseBudgetThresholds } from '../core/models';
import { DEFAULT_ENCODING, type EncodingName, resolveEncodingName } from '../core/tokenizer';
import { ConfigSection, EMBEDDING_SOURCES, type EmbeddingSourceKind, type NumericSettingKey, NumericSettings, type SettingKey, SettingGroups, Settings, settingId } from './constants';
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

  private merged: { readonly key: string; readonly table: ModelTable } | undefined;

  /** `onClamped` hears of every out-of-range value, `onInvalid` of every unusable one (a one-line message), each time it is read. */
  constructor(
    private readonly onClamped: (clamped: ClampedSetting) => void = () => undefined,
    private readonly onInvalid: (message: string) => void = () => undefined,
  ) {
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
    return resolveEncodingName(this.typed(Settings.encoding, DEFAULT_ENCODING)) ?? DEFAULT_ENCODING;
  }

  get highlightByDefault(): boolean {
    return this.typed(Settings.highlightEnabled, true);
  }

  get whitespaceMarkers(): boolean {
    return this.typed(Settings.whitespaceMarkers, true);
  }

  get allowSpecialTokens(): boolean {
    return this.typed(Settings.allowSpecialTokens, false);
  }

  /** The model the counts are measured against (context window, price, encoding): `tokenLens.contextWindow` in the merged table. */
  get model(): ModelInfo {
    const id = this.typed(Settings.contextWindow, DEFAULT_MODEL);
    const table = this.models;
    const model = table.find(id);
    if (model) return model;
    this.onInvalid(
      vscode.l10n.t(
        '{0}: unknown model {1}; expected a model of the table or of {2}. Using {3}.',
        settingId(Settings.contextWindow),
        JSON.stringify(id),
        settingId(Settings.models),
        DEFAULT_MODEL,
      ),
    );
    return table.resolve(DEFAULT_MODEL);
  }

  /** The built-in model table with `tokenLens.models` merged in; a bad entry is skipped and said. */
  get models(): ModelTable {
    const overrides = this.section.get<unknown>(Settings.models);
    const key = JSON.stringify(overrides) ?? '';
    if (this.merged?.key !== key) {
      const { table, errors } = mergeModelOverrides(DEFAULT_MODELS, overrides, settingId(Settings.models));
      this.merged = { key, table };
      for (const error of errors) this.onInvalid(error);
    }
    return this.merged.table;
  }

  /** Shares of the model's context window from which the status bar warns and errs. */
  get budgetThresholds(): BudgetThresholds {
    const section = this.section;
    const { thresholds, error } = parseBudgetThresholds(settingId(SettingGroups.budget), section.get<unknown>(Settings.budgetWarning), section.get<unknown>(Settings.budgetError));
    if (error) this.onInvalid(error);
    return thresholds;
  }

  get maxDocumentSize(): number {
    return this.integer(Settings.maxDocumentSize);
  }

  /** Bytes a file may have to be counted in the Explorer view. */
  get workspaceMaxFileSize(): number {
    return this.integer(Settings.workspaceMaxFileSize);
  }

  /** Tokens the panel shows at most (the first ones of the document or selection). */
  get panelMaxTokens(): number {
    return this.integer(Settings.panelMaxTokens);
  }

  get embedding(): EmbeddingSettings {
    const section = this.section;
    // A weights path is read from user settings only, never from a workspace (it opens a file).
    const weightsPath = this.userString(Settings.embeddingWeightsPath);
    return {
      source: oneOf(section.get<string>(Settings.embeddingSource), EMBEDDING_SOURCES, 'initial'),
      model: oneOf(section.get<string>(Settings.embeddingModel), EMBEDDING_MODELS, EMBEDDING_DEFAULTS.model),
      dimension: this.integer(Settings.embeddingDimension),
      contextLength: this.integer(Settings.embeddingContextLength),
      // Only the id: the window `auto` takes is the counts' (EmbeddingService asks budgetTargetOf, which knows the tokenizer).
      contextWindow: this.model.id,
      positions: oneOf(section.get<string>(Settings.embeddingPositions), INITIAL_POSITION_KINDS, EMBEDDING_DEFAULTS.positions),
      seed: this.integer(Settings.embeddingSeed),
      weightsPath,
    };
  }

  /** The Hub endpoint from user settings only: a workspace must not choose where the token is sent. */
  get hubEndpoint(): string {
    return this.userString(Settings.hubEndpoint);
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

  /**
   * A string or boolean setting, or `fallback` when a settings file gives it another type (null, a
   * number, a list: VS Code passes any JSON through), which is said.
   */
  private typed<T extends string | boolean>(key: SettingKey, fallback: T): T {
    const found = this.section.get<unknown>(key);
    if (found === undefined) return fallback;
    if (typeof found === typeof fallback) return found as T;
    this.onInvalid(vscode.l10n.t('{0}: expected a {1}, found {2}. Using {3}.', settingId(key), typeof fallback, JSON.stringify(found), JSON.stringify(fallback)));
    return fallback;
  }

  /** A string setting from user settings only (a workspace must not choose it), trimmed; '' when absent or not a string. */
  private userString(key: SettingKey): string {
    const found = this.section.inspect<unknown>(key)?.globalValue;
    if (found === undefined || typeof found === 'string') return (found ?? '').trim();
    this.onInvalid(vscode.l10n.t('{0}: expected a {1}, found {2}. Using {3}.', settingId(key), 'string', JSON.stringify(found), '""'));
    return '';
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
