import * as vscode from 'vscode';
import { contextUsage } from '../../core/tokenizer/contextWindows';
import type { Configuration } from '../config';
import { Commands } from '../constants';
import type { DocumentTokens } from '../documents/documentTokens';
import type { TokenizerService } from '../tokenizerService';
import { formatDecimal, formatInteger } from '../util/format';
import { selectedText } from '../util/selection';

export interface TokenCountResult {
  readonly scope: 'selection' | 'document';
  readonly tokens: number;
  readonly characters: number;
  readonly encoding: string;
}

/** Counts the selection (or the whole document) and says how much of the model's context it fills. */
export function registerCountTokens(documents: DocumentTokens, tokenizer: TokenizerService, config: Configuration): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.countTokens, async (): Promise<TokenCountResult | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: open a text editor to count its tokens.'));
      return undefined;
    }
    const encoder = await tokenizer.load();
    if (!encoder) return undefined;
    const selection = selectedText(editor);
    let result: TokenCountResult | undefined;
    if (selection !== undefined) {
      result = { scope: 'selection', tokens: encoder.count(selection, tokenizer.options), characters: selection.length, encoding: encoder.name };
    } else {
      const state = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Counting tokens…'), cancellable: false },
        () => documents.whenComplete(editor.document),
      );
      const tokens = state && documents.count(state);
      if (state === undefined || tokens === undefined) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: this editor does not hold text that can be tokenized.'));
        return undefined;
      }
      result = { scope: 'document', tokens, characters: state.source.length, encoding: state.encoder.name };
    }
    const window = config.contextWindow;
    const message = vscode.l10n.t(
      '{0}: {1} tokens ({2}), {3} characters. That is {4}% of the {5} context window ({6} tokens).',
      result.scope === 'selection' ? vscode.l10n.t('Selection') : vscode.l10n.t('Document'),
      formatInteger(result.tokens),
      result.encoding,
      formatInteger(result.characters),
      formatDecimal(contextUsage(result.tokens, window), 1),
      window.model,
      formatInteger(window.tokens),
    );
    void vscode.window.showInformationMessage(message);
    return result;
  });
}
