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
