import * as vscode from 'vscode';
import { contextWindow, type ContextWindow } from '../core/tokenizer/contextWindows';
import { DEFAULT_ENCODING, type EncodingName, resolveEncodingName } from '../core/tokenizer';
import { ConfigSection, Settings } from './constants';
import { Disposable } from './util/dispose';

/** Token Lens settings, typed, with an event when any of them changes. */
export class Configuration extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.ConfigurationChangeEvent>());
  readonly onDidChange = this.changed.event;

  constructor() {
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
    return contextWindow(this.section.get<string>(Settings.contextWindow, 'gpt-4o'));
  }

  get maxDocumentSize(): number {
    const value = this.section.get<number>(Settings.maxDocumentSize, 10_000_000);
    return Number.isFinite(value) && value > 0 ? value : 10_000_000;
  }

  /** Tokens the panel shows at most (the first ones of the document or selection). */
  get panelMaxTokens(): number {
    const value = this.section.get<number>(Settings.panelMaxTokens, 2000);
    return Number.isSafeInteger(value) && value >= 1 ? Math.min(value, 10_000) : 2000;
  }

  get embedding(): EmbeddingSettings {
    const section = this.section;
    // A weights path is read from user settings only, never from a workspace (it opens a file).
    const weightsPath = section.inspect<string>(Settings.embeddingWeightsPath)?.globalValue ?? '';
    return {
      source: section.get<string>(Settings.embeddingSource) === 'file' ? 'file' : 'initial',
      model: section.get<string>(Settings.embeddingModel, 'auto'),
      dimension: positiveInteger(section.get<number>(Settings.embeddingDimension), 768),
      contextLength: positiveInteger(section.get<number>(Settings.embeddingContextLength), 1024),
      positions: oneOf(section.get<string>(Settings.embeddingPositions), ['learned', 'sinusoidal', 'none'] as const, 'learned'),
      seed: Math.max(0, positiveInteger(section.get<number>(Settings.embeddingSeed), 0)),
      weightsPath: weightsPath.trim(),
      contextWindow: this.contextWindow,
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
}

export interface EmbeddingSettings {
  readonly source: 'initial' | 'file';
  /** A model preset id, "custom", or "auto" (follow the encoding and the context window). */
  readonly model: string;
  readonly dimension: number;
  readonly contextLength: number;
  readonly positions: 'learned' | 'sinusoidal' | 'none';
  readonly seed: number;
  readonly weightsPath: string;
  /** The model whose context `auto` shapes use (tokenLens.contextWindow). */
  readonly contextWindow: ContextWindow;
}

function positiveInteger(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fallback;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
