import * as vscode from 'vscode';
import { StringSource } from '../../core/incremental/restart';
import { TokenizedDocument } from '../../core/incremental/tokenizedDocument';
import type { EncodeOptions } from '../../core/tokenizer';
import type { TextTokenizer } from '../../core/tokenizer/textTokenizer';
import { Commands } from '../constants';
import type { DocumentTokens } from '../documents/documentTokens';
import type { TokenizerService } from '../tokenizerService';
import { formatInteger } from '../util/format';
import { selectedText } from '../util/selection';
import { STEP_CHARS, inSlices } from '../util/slices';

/** Copies the token ids of the selection (or of the document when nothing is selected) as a JSON array. */
/** The ids of `text`, encoded in slices under a cancellable progress notification; undefined once cancelled. */
async function encodeInSlices(encoder: TextTokenizer, options: EncodeOptions, text: string): Promise<number[] | undefined> {
  const source = new StringSource(text);
  const tokens = new TokenizedDocument(encoder, options, text.length);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tokenizing the selection…'), cancellable: true },
    async (_progress, cancellation) => {
      const done = await inSlices(() => tokens.advance(source, STEP_CHARS), () => cancellation.isCancellationRequested);
      return done ? tokens.snapshot().idList() : undefined;
    },
  );
}

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
      const encoded = await encodeInSlices(encoder, tokenizer.options, selection);
      if (!encoded) return undefined;
      ids = encoded;
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
