import * as vscode from 'vscode';
import type { TokenLensApi } from './api';
import { registerCompareTokenizers } from './commands/compareTokenizers';
import { registerCopyTokenIds } from './commands/copyTokenIds';
import { registerCountTokens } from './commands/countTokens';
import { registerExportWorkspaceCounts } from './commands/exportWorkspaceCounts';
import { registerRefreshWorkspaceCounts } from './commands/refreshWorkspaceCounts';
import { registerSortWorkspaceCounts } from './commands/sortWorkspaceCounts';
import { registerExportEmbeddings } from './commands/exportEmbeddings';
import { registerOpenSample } from './commands/openSample';
import { registerSelectEmbeddingSource } from './commands/selectEmbeddingSource';
import { registerSelectEncoding } from './commands/selectEncoding';
import { registerSelectTokenizer } from './commands/selectTokenizer';
import { registerShowPanel } from './commands/showPanel';
import { registerShowEmbeddingDetails } from './commands/showEmbeddingDetails';
import { registerToggleHighlighting } from './commands/toggleHighlighting';
import { ChatViews } from './chat/chatViews';
import { registerTrainEmbeddings } from './commands/trainEmbeddings';
import { Configuration } from './config';
import { WorkspaceViewId } from './constants';
import { DocumentTokens } from './documents/documentTokens';
import { builtinTablePath } from './embeddings/builtinSource';
import { EmbeddingHoverSection } from './embeddings/embeddingHover';
import { EmbeddingService } from './embeddings/embeddingService';
import { ChatFramingHighlighter } from './highlight/chatFraming';
import { Highlighter } from './highlight/highlighter';
import { TokenHoverProvider } from './hover/tokenHover';
import { TokenLensPanel } from './panel/tokenLensPanel';
import { SettingWarnings } from './settingWarnings';
import { SelectionCounter } from './status/selectionCounter';
import { StatusBar } from './status/statusBar';
import { TokenizerService } from './tokenizerService';
import { WorkspaceTraining } from './training/workspaceTraining';
import { WorkerClient } from './worker/workerClient';
import { CountDecorations } from './workspace/countDecorations';
import { TokenTreeProvider } from './workspace/tokenTree';
import { WorkspaceCounts } from './workspace/workspaceCounts';

/** Wiring only: every service is built here and owned by the extension context. Nothing heavy runs now. */
export function activate(context: vscode.ExtensionContext): TokenLensApi {
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const settingWarnings = own(new SettingWarnings());
  const config = own(
    new Configuration(
      (clamped) => settingWarnings.report(clamped),
      (message) => settingWarnings.once('settings', message, () => vscode.l10n.t('Setting not used as written: {0}', message)),
    ),
  );
  const worker = own(new WorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath));
  const hubCache = vscode.Uri.joinPath(context.globalStorageUri, 'hub').fsPath;
  const tokenizer = own(new TokenizerService(context.extensionUri, config, context.globalState, worker, { cacheDir: hubCache, secrets: context.secrets }));
  const documents = own(new DocumentTokens(tokenizer, config));
  const embeddings = own(new EmbeddingService(config, tokenizer, worker, settingWarnings, builtinTablePath(context.extensionUri)));
  const highlighter = own(new Highlighter(documents, config));
  const selections = own(new SelectionCounter(tokenizer));
  const chats = new ChatViews(tokenizer);
  const statusBar = own(new StatusBar(documents, tokenizer, config, selections, chats));
  const chatFraming = own(new ChatFramingHighlighter(chats, () => highlighter.enabled, highlighter.onDidChangeEnabled, tokenizer.onDidChange));
  const hover = new TokenHoverProvider(documents, tokenizer, [new EmbeddingHoverSection(embeddings, tokenizer)]);
  own(vscode.languages.registerHoverProvider({ pattern: '**' }, hover));
  own(registerToggleHighlighting(highlighter));
  own(registerSelectEncoding(config, tokenizer));
  own(registerSelectTokenizer(tokenizer));
  own(registerCompareTokenizers(tokenizer, config));
  own(registerCountTokens(documents, selections, tokenizer, config));
  own(registerCopyTokenIds(documents, tokenizer));
  own(registerSelectEmbeddingSource(config));
  own(registerShowEmbeddingDetails(documents, embeddings));
  own(registerExportEmbeddings(documents, embeddings));
  const workspaceCounts = own(new WorkspaceCounts(tokenizer, config, WorkspaceViewId));
  const tokenTree = own(new TokenTreeProvider(workspaceCounts, config));
  const treeView = own(vscode.window.createTreeView(WorkspaceViewId, { treeDataProvider: tokenTree, showCollapseAll: true }));
  own(treeView.onDidChangeVisibility((event) => workspaceCounts.setWanted(event.visible)));
  workspaceCounts.setWanted(treeView.visible);
  const countDecorations = own(new CountDecorations(workspaceCounts));
  own(vscode.window.registerFileDecorationProvider(countDecorations));
  own(registerExportWorkspaceCounts(workspaceCounts, tokenizer));
  own(registerRefreshWorkspaceCounts(workspaceCounts));
  own(registerSortWorkspaceCounts(tokenTree));
  const training = own(new WorkspaceTraining(worker, config, context.extensionUri, context.globalStorageUri));
  const panel = own(new TokenLensPanel({ extensionUri: context.extensionUri, documents, embeddings, tokenizer, config, worker, training, chats }));
  own(registerShowPanel(panel));
  own(registerTrainEmbeddings(training));
  own(registerOpenSample(context.extensionUri));

  // Tokens past the embedding source's context window are drawn dimmed.
  const followContext = () =>
    embeddings.current().then(
      (active) => highlighter.setContextLimit(active.source.shape.contextLength),
      () => highlighter.setContextLimit(undefined),
    );
  own(embeddings.onDidChange(followContext));
  own(tokenizer.onDidChange(followContext));

  return {
    highlighter: { enabled: () => highlighter.enabled, snapshot: (document) => highlighter.snapshot(document), chatFraming: (document) => chatFraming.framing(document) },
    statusBar: {
      text: () => (statusBar.visible ? statusBar.text : undefined),
      tooltip: () => (statusBar.visible ? statusBar.tooltip : ''),
      visible: () => statusBar.visible,
      background: () => (statusBar.visible ? statusBar.background : undefined),
    },
    tokenizer: { encodingName: () => tokenizer.encodingName, ready: async () => (await tokenizer.load())?.name },
    documents: {
      count: async (document) => {
        const state = await documents.whenComplete(document);
        return state ? documents.count(state) : undefined;
      },
    },
    embeddings: {
      describe: async () => {
        const active = await embeddings.current();
        return { label: active.label, learned: active.source.learned, provenance: active.source.provenance, shape: active.source.shape, matrices: active.source.matrices };
      },
      workerStats: () => worker.request({ type: 'stats' }),
      warnings: () => settingWarnings.said('weights'),
    },
    panel: panel.api,
    training: { running: () => training.isRunning, messages: () => training.messages, cancel: () => training.cancel() },
    settings: { warnings: () => settingWarnings.said('settings') },
    workspace: { rows: () => tokenTree.rows(), scans: () => workspaceCounts.scans, fileTooltip: (uri) => countDecorations.tooltip(uri) },
  };
}

export function deactivate(): void {}
