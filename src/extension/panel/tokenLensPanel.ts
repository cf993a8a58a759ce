import * as vscode from 'vscode';
import type { FromWebview, ToWebview, ViewSettings } from '../../protocol';
import { PanelViewType } from '../constants';
import { Disposable } from '../util/dispose';
import { type PanelLog, type PanelServices, PanelSession } from './panelSession';

type Sent = { [K in ToWebview['type']]?: Extract<ToWebview, { type: K }> };
type Received = { [K in FromWebview['type']]?: Extract<FromWebview, { type: K }> };

/** The last message of each type in each direction, and what was rejected. */
class PanelTraffic implements PanelLog {
  readonly lastSent: Sent = {};
  readonly lastReceived: Received = {};
  readonly rejections: string[] = [];

  sent(message: ToWebview): void {
    (this.lastSent as Record<string, ToWebview>)[message.type] = message;
  }

  received(message: FromWebview): void {
    (this.lastReceived as Record<string, FromWebview>)[message.type] = message;
  }

  rejected(error: string): void {
    this.rejections.push(error);
    this.rejections.splice(0, Math.max(0, this.rejections.length - 50));
  }
}

/** What the extension's API shows of the panel (for tests). */
export interface PanelApi {
  /** A panel is open and on screen. */
  visible(): boolean;
  /** Its webview has said `ready` since it was last (re)loaded. */
  ready(): boolean;
  view(): ViewSettings | undefined;
  lastSent<K extends ToWebview['type']>(type: K): Extract<ToWebview, { type: K }> | undefined;
  lastReceived<K extends FromWebview['type']>(type: K): Extract<FromWebview, { type: K }> | undefined;
  /** Why recent messages from the webview were dropped. */
  rejected(): readonly string[];
  /** Handles `message` exactly as one from the webview (checked first). */
  receive(message: unknown): Promise<void>;
  /** Posts `message` to the webview as it is, unchecked: the webview's own check is what is tested. */
  sendUnchecked(message: unknown): Promise<boolean>;
}

/**
 * The one Token Lens panel: created by the command, or restored after a window reload by the
 * serializer (the webview's own state says what it showed). Asking again reveals it.
 */
export class TokenLensPanel extends Disposable {
  private session: PanelSession | undefined;
  private readonly traffic = new PanelTraffic();

  constructor(private readonly services: PanelServices) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(PanelViewType, {
        deserializeWebviewPanel: async (panel) => {
          this.adopt(panel);
        },
      }),
    );
    this._register({ dispose: () => this.session?.panel.dispose() });
  }

  /** Opens the panel beside the editor, or reveals it and shows the active editor's selection. */
  show(): void {
    const editor = vscode.window.activeTextEditor;
    if (this.session) {
      this.session.panel.reveal(undefined, true);
      this.session.follow(editor);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PanelViewType, vscode.l10n.t('Token Lens'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.session?.panel.dispose();
    const session = new PanelSession(panel, this.services, this.traffic, () => {
      if (this.session === session) this.session = undefined;
    });
    this.session = session;
  }

  readonly api: PanelApi = {
    visible: () => this.session?.panel.visible ?? false,
    ready: () => this.session?.isReady ?? false,
    view: () => this.session?.view,
    lastSent: (type) => this.traffic.lastSent[type],
    lastReceived: (type) => this.traffic.lastReceived[type],
    rejected: () => [...this.traffic.rejections],
    receive: async (message) => {
      if (!this.session) throw new Error('the Token Lens panel is not open');
      await this.session.receive(message);
    },
    sendUnchecked: async (message) => {
      if (!this.session) throw new Error('the Token Lens panel is not open');
      return this.session.panel.webview.postMessage(message);
    },
  };
}
