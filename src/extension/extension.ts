import * as vscode from 'vscode';
import { registerTokenTools } from './agent/tokenTools';
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
import { registerSelectTokenizer, tokenizerPicker } from './commands/selectTokenizer';
import { TEXT_SCHEMES } from './documents/documentSource';
import { HubTokenPrompt } from './commands/openHubModel';
import { registerShowPanel } from './commands/showPanel';
import { registerShowEmbeddingDetails } from './commands/showEmbeddingDetails';
import { registerToggleHighlighting } from './commands/toggleHighlighting';
import { ChatViews } from './chat/chatViews';
import { registerDesktopOnly } from './commands/desktopOnly';
import { registerTrainEmbeddings } from './commands/trainEmbeddings';
import { Configuration } from './config';
import { Commands, WorkspaceViewId } from './constants';
import { DocumentTokens } from './documents/documentTokens';
import { BUILTIN_TABLE_SEGMENTS } from './embeddings/builtinSource';
import { EmbeddingHoverSection } from './embeddings/embeddingHover';
import { EmbeddingService } from './embeddings/embeddingService';
import { ChatFramingHighlighter } from './highlight/chatFraming';
import { Highlighter } from './highlight/highlighter';
import { TokenHoverProvider } from './hover/tokenHover';
import { TokenLensPanel } from './panel/tokenLensPanel';
import { Log } from './log';
import { SettingWarnings } from './settingWarnings';
import { SelectionCounter } from './status/selectionCounter';
import { StatusBar } from './status/statusBar';
import { TokenizerService } from './tokenizerService';
import { WorkspaceTraining } from './training/workspaceTraining';
import type { HostPlatform } from './platform';
import { WorkerClient } from './worker/workerClient';
import { CountDecorations } from './workspace/countDecorations';
import { TokenTreeProvider } from './workspace/tokenTree';
import { WorkspaceCounts } from './workspace/workspaceCounts';

/**
 * Wiring only: every service is built here and owned by the extension context. Nothing heavy runs
 * now. The entry files (node.ts, web.ts) say what differs between the desktop and the web host.
 */
export function activateWith(context: vscode.ExtensionContext, platform: HostPlatform): TokenLensApi {
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const log = own(new Log());
  const settingWarnings = own(new SettingWarnings(log));
  const config = own(
    new Configuration(
      (clamped) => settingWarnings.report(clamped),
      (message) => settingWarnings.once('settings', message, () => vscode.l10n.t('Setting not used as written: {0}', message)),
    ),
  );
  const worker = own(new WorkerClient(platform.startWorker, platform.readFileForWorker));
  const hubCache = vscode.Uri.joinPath(context.globalStorageUri, 'hub').fsPath;
  const tokenizer = own(new TokenizerService(context.extensionUri, config, context.globalState, worker, { cacheDir: hubCache, secrets: context.secrets }, log));
  const documents = own(new DocumentTokens(tokenizer, config));
  const embeddings = own(new EmbeddingService(config, tokenizer, worker, settingWarnings, platform.extensionFile(...BUILTIN_TABLE_SEGMENTS), log));
  const highlighter = own(new Highlighter(documents, config));
  const selections = own(new SelectionCounter(tokenizer));
  const chats = own(new ChatViews(tokenizer, (request) => worker.request(request)));
  const statusBar = own(new StatusBar(documents, tokenizer, config, selections, chats, highlighter));
  const chatFraming = own(new ChatFramingHighlighter(chats, () => highlighter.enabled, highlighter.onDidChangeEnabled, tokenizer.onDidChange));
  const hover = new TokenHoverProvider(documents, tokenizer, [new EmbeddingHoverSection(embeddings, tokenizer)]);
  own(vscode.languages.registerHoverProvider(TEXT_SCHEMES.map((scheme) => ({ scheme })), hover));
  own(registerToggleHighlighting(highlighter, log));
  own(registerSelectEncoding(config, tokenizer));
  const hubTokenPrompt = new HubTokenPrompt();
  const openModels = platform.kind === 'node';
  own(registerSelectTokenizer(tokenizer, hubTokenPrompt, { openModels }));
  own(registerCompareTokenizers(tokenizer, config, log, { openModels }));
  own(registerCountTokens(documents, selections, tokenizer, config));
  own(registerCopyTokenIds(documents, tokenizer));
  own(registerSelectEmbeddingSource(config, tokenizer, { weightFiles: platform.kind === 'node' }));
  own(registerShowEmbeddingDetails(documents, embeddings, log));
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
  const training = own(new WorkspaceTraining(worker, config, context.extensionUri, context.globalStorageUri, log));
  const panel = own(new TokenLensPanel({ extensionUri: context.extensionUri, log, documents, embeddings, tokenizer, config, worker, training, chats }));
  own(registerShowPanel(panel));
  own(
    platform.kind === 'node'
      ? registerTrainEmbeddings(training)
      : registerDesktopOnly(Commands.trainEmbeddings, () => vscode.l10n.t('Training embeddings on a workspace folder')),
  );
  own(registerOpenSample(context.extensionUri));
  const agentTools = own(registerTokenTools(tokenizer, config, log));

  // Tokens past the model's context window (the embedding source's table, or a rotary model's own window) are drawn dimmed.
  const followContext = () =>
    embeddings.current().then(
      (active) => highlighter.setContextLimit(active.contextLimit),
      () => highlighter.setContextLimit(undefined),
    );
  own(embeddings.onDidChange(followContext));
  own(tokenizer.onDidChange(followContext));

  return {
    highlighter: { enabled: () => highlighter.enabled, snapshot: (document) => highlighter.snapshot(document), chatFraming: (document) => chatFraming.framing(document) },
    statusBar: {
      text: () => (statusBar.visible ? statusBar.text : undefined),
      tooltip: () => (statusBar.visible ? statusBar.tooltip : ''),
      tooltipCommands: () => statusBar.tooltipCommands,
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
    log: { entries: () => log.entries() },
    agentTools: { prepare: (name, input) => agentTools.prepare(name, input) },
    settings: { warnings: () => settingWarnings.said('settings') },
    selectTokenizer: { picker: () => tokenizerPicker.shown },
    hub: { tokenInput: () => hubTokenPrompt.input, downloadsShown: () => tokenizer.downloadsShown },
    workspace: { rows: () => tokenTree.rows(), scans: () => workspaceCounts.scans, fileTooltip: (uri) => countDecorations.tooltip(uri) },
  };
}
