import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { DocumentTokens } from '../documents/documentTokens';
import type { TokenizerService } from '../tokenizerService';
import { formatInteger } from '../util/format';
import { selectedText } from '../util/selection';

/** Selections longer than this are not tokenized on the spot (it would hold up the extension host). */
const MAX_SELECTION = 1_000_000;

/** Copies the token ids of the selection (or of the document when nothing is selected) as a JSON array. */
export function registerCopyTokenIds(documents: DocumentTokens, tokenizer: TokenizerService): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.copyTokenIds, async (): Promise<number[] | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: open a text editor to copy its token ids.'));
      return undefined;
    }
    const encoder = await tokenizer.load();
    if (!encoder) return undefined;
    const selection = selectedText(editor);
    let ids: number[];
    if (selection !== undefined) {
      if (selection.length > MAX_SELECTION) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Token Lens: the selection has {0} characters; select at most {1} to copy its token ids.', formatInteger(selection.length), formatInteger(MAX_SELECTION)),
        );
        return undefined;
      }
      ids = encoder.encode(selection, tokenizer.options);
    } else {
      const state = await documents.whenComplete(editor.document);
      if (state?.kind !== 'tracked') {
        void vscode.window.showWarningMessage(
          state
            ? vscode.l10n.t('Token Lens: this document is too large to copy all its token ids; select a part of it.')
            : vscode.l10n.t('Token Lens: this editor does not hold text that can be tokenized.'),
        );
        return undefined;
      }
      ids = state.tokens.snapshot().idList();
    }
    await vscode.env.clipboard.writeText(JSON.stringify(ids));
    void vscode.window.showInformationMessage(
      selection === undefined
        ? vscode.l10n.t('Copied the {0} token ids of the document ({1}).', formatInteger(ids.length), encoder.name)
        : vscode.l10n.t('Copied the {0} token ids of the selection ({1}).', formatInteger(ids.length), encoder.name),
    );
    return ids;
  });
}
