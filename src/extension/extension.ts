import * as vscode from 'vscode';
import { registerCopyTokenIds } from './commands/copyTokenIds';
import { registerCountTokens } from './commands/countTokens';
import { registerSelectEncoding } from './commands/selectEncoding';
import { registerToggleHighlighting } from './commands/toggleHighlighting';
import { Configuration } from './config';
import { DocumentTokens } from './documents/documentTokens';
import { Highlighter } from './highlight/highlighter';
import { TokenHoverProvider } from './hover/tokenHover';
import { SelectionCounter } from './status/selectionCounter';
import { StatusBar } from './status/statusBar';
import { TokenizerService } from './tokenizerService';
import type { TokenLensApi } from './api';

/** Wiring only: every service is built here and owned by the extension context. Nothing heavy runs now. */
export function activate(context: vscode.ExtensionContext): TokenLensApi {
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const config = own(new Configuration());
  const tokenizer = own(new TokenizerService(context.extensionUri, config));
  const documents = own(new DocumentTokens(tokenizer, config));
  const highlighter = own(new Highlighter(documents, config));
  const selections = own(new SelectionCounter(tokenizer));
  const statusBar = own(new StatusBar(documents, tokenizer, config, selections));
  own(vscode.languages.registerHoverProvider({ pattern: '**' }, new TokenHoverProvider(documents, tokenizer)));
  own(registerToggleHighlighting(highlighter));
  own(registerSelectEncoding(config));
  own(registerCountTokens(documents, tokenizer, config));
  own(registerCopyTokenIds(documents, tokenizer));
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
  };
}

export function deactivate(): void {}
