import * as vscode from 'vscode';
import type { TokenLensApi } from './api';
import { registerCopyTokenIds } from './commands/copyTokenIds';
import { registerCountTokens } from './commands/countTokens';
import { registerExportEmbeddings } from './commands/exportEmbeddings';
import { registerSelectEmbeddingSource } from './commands/selectEmbeddingSource';
import { registerSelectEncoding } from './commands/selectEncoding';
import { registerShowPanel } from './commands/showPanel';
import { registerShowEmbeddingDetails } from './commands/showEmbeddingDetails';
import { registerToggleHighlighting } from './commands/toggleHighlighting';
import { registerTrainEmbeddings } from './commands/trainEmbeddings';
import { Configuration } from './config';
import { DocumentTokens } from './documents/documentTokens';
import { builtinTablePath } from './embeddings/builtinSource';
import { EmbeddingHoverSection } from './embeddings/embeddingHover';
import { EmbeddingService } from './embeddings/embeddingService';
import { Highlighter } from './highlight/highlighter';
import { TokenHoverProvider } from './hover/tokenHover';
import { TokenLensPanel } from './panel/tokenLensPanel';
import { SettingWarnings } from './settingWarnings';
import { SelectionCounter } from './status/selectionCounter';
import { StatusBar } from './status/statusBar';
import { TokenizerService } from './tokenizerService';
import { WorkspaceTraining } from './training/workspaceTraining';
import { WorkerClient } from './worker/workerClient';

/** Wiring only: every service is built here and owned by the extension context. Nothing heavy runs now. */
export function activate(context: vscode.ExtensionContext): TokenLensApi {
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const settingWarnings = own(new SettingWarnings());
  const config = own(new Configuration((clamped) => settingWarnings.report(clamped)));
  const worker = own(new WorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath));
  const tokenizer = own(new TokenizerService(context.extensionUri, config));
  const documents = own(new DocumentTokens(tokenizer, config));
  const embeddings = own(new EmbeddingService(config, tokenizer, worker, settingWarnings, builtinTablePath(context.extensionUri)));
  const highlighter = own(new Highlighter(documents, config));
  const selections = own(new SelectionCounter(tokenizer));
  const statusBar = own(new StatusBar(documents, tokenizer, config, selections));
  const hover = new TokenHoverProvider(documents, tokenizer, [new EmbeddingHoverSection(embeddings, tokenizer)]);
  own(vscode.languages.registerHoverProvider({ pattern: '**' }, hover));
  own(registerToggleHighlighting(highlighter));
  own(registerSelectEncoding(config));
  own(registerCountTokens(documents, tokenizer, config));
  own(registerCopyTokenIds(documents, tokenizer));
  own(registerSelectEmbeddingSource(config));
  own(registerShowEmbeddingDetails(documents, embeddings));
  own(registerExportEmbeddings(documents, embeddings));
  const training = own(new WorkspaceTraining(worker, config, context.extensionUri, context.globalStorageUri));
  const panel = own(new TokenLensPanel({ extensionUri: context.extensionUri, documents, embeddings, tokenizer, config, worker, training }));
  own(registerShowPanel(panel));
  own(registerTrainEmbeddings(training));

  // Tokens past the embedding source's context window are drawn dimmed.
  const followContext = () =>
    embeddings.current().then(
      (active) => highlighter.setContextLimit(active.source.shape.contextLength),
      () => highlighter.setContextLimit(undefined),
    );
  own(embeddings.onDidChange(followContext));
  own(tokenizer.onDidChange(followContext));

  return {
    highlighter: { enabled: () => highlighter.enabled, snapshot: (document) => highlighter.snapshot(document) },
    statusBar: {
      text: () => (statusBar.visible ? statusBar.text : undefined),
      tooltip: () => (statusBar.visible ? statusBar.tooltip : ''),
      visible: () => statusBar.visible,
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
  };
}

export function deactivate(): void {}
