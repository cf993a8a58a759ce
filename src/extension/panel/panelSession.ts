import * as vscode from 'vscode';
import { DEFAULT_VIEW, type FromWebview, type PanelSource, type ToWebview, type ViewSettings } from '../../protocol';
import { assertNever } from '../../core/assertNever';
import { hasPositionVectors } from '../../core/embeddings';
import { checkFromWebview } from '../../protocolCheck';
import type { ChatViews } from '../chat/chatViews';
import type { Configuration } from '../config';
import { SettingGroups, Settings, settingId } from '../constants';
import type { DocumentTokens } from '../documents/documentTokens';
import type { Log } from '../log';
import type { ActiveEmbeddings, EmbeddingService } from '../embeddings/embeddingService';
import { selectBuiltinSource } from '../embeddings/builtinSource';
import { provenanceText } from '../embeddings/provenance';
import { specKey } from '../embeddings/sourceSpec';
import type { TokenizerService } from '../tokenizerService';
import type { WorkspaceTraining } from '../training/workspaceTraining';
import { Disposable } from '../util/dispose';
import type { WorkerClient } from '../worker/workerClient';
import { type Scope, type ShownTokens, collectTokens, covers, highlightedIndices, tokenRange } from './panelContent';
import { savePlot } from './panelExport';
import { PanelFollower } from './panelFollower';
import { createNonce, panelHtml, panelWebviewOptions } from './panelHtml';
import { PanelNeighbors } from './panelNeighbors';
import { PanelProjector } from './panelProjector';
import { panelStrings } from './panelStrings';

export interface PanelServices {
  readonly extensionUri: vscode.Uri;
  readonly log: Log;
  readonly documents: DocumentTokens;
  readonly embeddings: EmbeddingService;
  readonly tokenizer: TokenizerService;
  readonly config: Configuration;
  readonly worker: WorkerClient;
  readonly training: WorkspaceTraining;
  /** Chat documents' framing, marked in the strip. */
  readonly chats: ChatViews;
}

/** Where the session reports traffic (read by tests through the extension's API). */
export interface PanelLog {
  sent(message: ToWebview): void;
  received(message: FromWebview): void;
  rejected(error: string): void;
}

/** Said once per panel when the webview drops a message (the panel then shows less than it should). */
const droppedWarning = () => vscode.l10n.t('The Token Lens panel could not show an update, and may be out of date. The Token Lens log has the details.');

/**
 * One open panel: its webview, what it shows, and the traffic with it. Nothing is sent before the
 * webview says `ready` (again after each reload, e.g. when it was hidden); every message that
 * arrives is checked first and dropped, with a log line, when malformed.
 */
export class PanelSession extends Disposable {
  private ready = false;
  /** The user was told the webview dropped a message. */
  private toldOfDrop = false;
  private viewSettings: ViewSettings = DEFAULT_VIEW;
  private generation = 0;
  private shown: ShownTokens | undefined;
  private active: ActiveEmbeddings | undefined;
  /** What was last sent, so refreshes that change nothing send nothing. */
  private shownKey = '';
  private refreshes = 0;
  private readonly follower: PanelFollower;
  private readonly projector: PanelProjector;
  private readonly neighbors: PanelNeighbors;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: PanelServices,
    private readonly log: PanelLog,
    onDispose: () => void,
  ) {
    super();
    panel.webview.options = panelWebviewOptions(services.extensionUri);
    panel.webview.html = panelHtml(panel.webview, services.extensionUri, createNonce(), vscode.env.language);
    this._register({ dispose: onDispose });
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false; // the page is dropped; it says `ready` again when shown
      }),
    );
    this.projector = this._register(new PanelProjector(services.worker, (message) => this.post(message)));
    this.neighbors = new PanelNeighbors(services.embeddings, services.tokenizer);
    this.follower = this._register(
      new PanelFollower(services.documents, {
        refresh: (editor, scope) => void this.refresh(editor, scope),
        highlight: (editor) => this.highlight(editor),
        covers: (editor) => covers(this.shown, editor),
      }),
    );
    this._register(services.embeddings.onDidChange(() => this.follower.refreshNow()));
    this._register(services.chats.onDidChange(() => this.follower.refreshNow()));
    this._register(services.training.onDidUpdate((picture) => this.post(picture)));
    this._register(
      services.config.onDidChange((event) => {
        if (event.affectsConfiguration(settingId(SettingGroups.panel))) this.follower.refreshNow();
      }),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  get view(): ViewSettings {
    return this.viewSettings;
  }

  /** Shows what `editor` has selected (or all of it), as when the panel is first opened. */
  follow(editor: vscode.TextEditor | undefined): void {
    this.follower.follow(editor);
  }

  /** Handles a message from the webview (tests pass theirs through here too). */
  async receive(value: unknown): Promise<void> {
    const checked = checkFromWebview(value);
    if (!checked.ok) {
      this.log.rejected(checked.error);
      this.services.log.warn(`Panel: ignored a message from the webview: ${checked.error}`);
      return;
    }
    const message = checked.message;
    this.log.received(message);
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.viewSettings = message.view;
        this.shownKey = '';
        this.post({ type: 'init', locale: vscode.env.language, strings: panelStrings() });
        if (this.services.training.panelState) this.post(this.services.training.panelState);
        this.follower.refreshNow();
        return;
      case 'view':
        this.viewSettings = message.view;
        if (this.shown && this.active) await this.projector.project(this.generation, this.shown.tokens, this.active, this.viewSettings);
        return;
      case 'cancel':
        this.projector.cancel();
        return;
      case 'select':
        if (message.generation === this.generation) await this.select(message.index);
        return;
      case 'hover':
        if (message.generation === this.generation) await this.hover(message.index);
        return;
      case 'scope':
        this.follower.showDocument();
        return;
      case 'useTrained':
        await selectBuiltinSource(this.services.config);
        return;
      case 'export': {
        const name = `tokens-${this.viewSettings.kind}-${this.viewSettings.method}`;
        await savePlot(message, name);
        return;
      }
      case 'rejected':
        this.services.log.error(`Panel: the webview ignored a message from the extension: ${message.error}`);
        if (!this.toldOfDrop) {
          this.toldOfDrop = true;
          void vscode.window.showWarningMessage(droppedWarning());
        }
        return;
      default:
        return assertNever(message, 'panel message');
    }
  }

  private post(message: ToWebview): void {
    if (this.isDisposed || !this.ready) return;
    this.log.sent(message);
    void this.panel.webview.postMessage(message);
  }

  private async refresh(editor: vscode.TextEditor | undefined, scope: Scope): Promise<void> {
    const request = ++this.refreshes;
    if (!this.ready) return; // `ready` refreshes
    if (!editor) {
      this.showNothing('none', vscode.l10n.t('Open a text editor to see its tokens as the model sees them.'));
      return;
    }
    const framing = (document: vscode.TextDocument) => this.services.chats.get(document)?.count.framingParts;
    const shown = await collectTokens(this.services.documents, editor.document, scope, this.services.config.panelMaxTokens, framing);
    let active: ActiveEmbeddings | undefined;
    let sourceError: string | undefined;
    try {
      active = await this.services.embeddings.current();
    } catch (error) {
      sourceError = vscode.l10n.t('no embedding source: {0}', (error as Error).message);
    }
    if (request !== this.refreshes || this.isDisposed) return; // a newer refresh is on its way
    if ('reason' in shown) {
      this.showNothing(
        `${shown.reason}|${editor.document.uri}`,
        shown.reason === 'large'
          ? vscode.l10n.t('This document is longer than {0}: it is counted, not tracked token by token, so the panel cannot show it.', settingId(Settings.maxDocumentSize))
          : vscode.l10n.t('This editor does not hold text that can be tokenized.'),
      );
      return;
    }
    const key = [shown.document.uri, shown.version, shown.scope, shown.start, shown.end, shown.total, shown.encoding, active ? specKey(active.spec) : sourceError].join('|');
    this.shown = shown;
    this.active = active;
    if (key !== this.shownKey) {
      this.shownKey = key;
      const generation = ++this.generation;
      this.post({
        type: 'tokens',
        generation,
        documentName: vscode.workspace.asRelativePath(shown.document.uri),
        scope: shown.scope,
        encoding: shown.encoding,
        characters: shown.characters,
        total: shown.total,
        tokens: shown.panelTokens,
        source: active ? sourceInfo(active) : null,
        notice: sourceError ?? null,
      });
      if (active) void this.projector.project(generation, shown.tokens, active, this.viewSettings);
      else this.post({ type: 'projectionFailed', generation, view: this.viewSettings, cancelled: false, message: sourceError ?? '' });
    }
    this.highlight(editor);
  }

  private showNothing(key: string, notice: string): void {
    this.shown = undefined;
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.projector.cancel();
    const generation = ++this.generation;
    this.post({ type: 'tokens', generation, documentName: '', scope: 'document', encoding: this.services.tokenizer.encodingName, characters: 0, total: 0, tokens: [], source: null, notice });
  }

  private highlight(editor: vscode.TextEditor): void {
    if (!this.shown) return;
    const cursor = editor.selections.every((selection) => selection.isEmpty);
    this.post({ type: 'highlight', generation: this.generation, indices: highlightedIndices(this.shown, editor), cursor });
  }

  /** Selects the token in the editor (showing the editor again if it was closed). */
  private async select(index: number): Promise<void> {
    const shown = this.shown;
    const token = shown?.tokens.find((candidate) => candidate.index === index);
    if (!shown || !token) return;
    const range = tokenRange(shown.document, token);
    const followed = this.follower.editor;
    let editor =
      followed && followed.document === shown.document && vscode.window.visibleTextEditors.includes(followed)
        ? followed
        : vscode.window.visibleTextEditors.find((candidate) => candidate.document === shown.document);
    editor ??= await vscode.window.showTextDocument(shown.document, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async hover(index: number): Promise<void> {
    const generation = this.generation;
    const token = this.shown?.tokens.find((candidate) => candidate.index === index);
    if (!token) return;
    const answer = await this.neighbors.nearest(token.id);
    if (generation === this.generation) this.post({ type: 'neighbors', generation, index, ...answer });
  }
}

function sourceInfo(active: ActiveEmbeddings): PanelSource {
  const { source } = active;
  return {
    label: active.label,
    learned: source.learned,
    dimension: source.shape.dimension,
    contextLength: source.shape.contextLength ?? null,
    addsPositions: hasPositionVectors(source),
    matrices: source.matrices.map(({ label, rows, columns, weights, trainable }) => ({ label, rows, columns, weights, trainable })),
    provenance: source.provenance,
    about: provenanceText(active),
  };
}
