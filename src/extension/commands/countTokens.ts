import * as vscode from 'vscode';
import type { TextTokenizer } from '../../core/tokenizer';
import { budgetTargetOf, standInNote } from '../budgetTarget';
import type { Configuration } from '../config';
import { Commands } from '../constants';
import type { DocumentState, DocumentTokens } from '../documents/documentTokens';
import type { SelectionCount, SelectionCounter } from '../status/selectionCounter';
import type { TokenizerService } from '../tokenizerService';
import { formatDecimal, formatInteger } from '../util/format';
import { selectedText } from '../util/selection';

export interface TokenCountResult {
  readonly scope: 'selection' | 'document';
  readonly tokens: number;
  readonly characters: number;
  readonly encoding: string;
  /** The window the count is measured against (see budgetTargetOf); `note` as shown when it stands in for an open model's unknown one. */
  readonly contextWindow: { readonly model: string; readonly tokens: number; readonly note?: string };
}

/** A count and the tokenizer that made it (whose window it is measured against). */
interface Counted {
  readonly scope: TokenCountResult['scope'];
  readonly tokens: number;
  readonly characters: number;
  readonly encoder: TextTokenizer;
}

/** Counts the selection (or the whole document) and says how much of the model's context it fills. */
export function registerCountTokens(
  documents: DocumentTokens,
  selections: SelectionCounter,
  tokenizer: TokenizerService,
  config: Configuration,
): vscode.Disposable {
  const fromSelection = (counted: SelectionCount | undefined): Counted | undefined => {
    const encoder = tokenizer.encoder;
    return counted?.count === undefined || encoder === undefined ? undefined : { scope: 'selection', tokens: counted.count, characters: counted.characters, encoder };
  };
  const fromDocument = (state: DocumentState | undefined): Counted | undefined => {
    const tokens = state && documents.count(state);
    return state === undefined || tokens === undefined ? undefined : { scope: 'document', tokens, characters: state.source.length, encoder: state.encoder };
  };

  /** The count when it is already known (small selections, documents counted in the background), without waiting. */
  const known = (editor: vscode.TextEditor): Counted | undefined =>
    selectedText(editor) !== undefined ? fromSelection(selections.countFor(editor)) : fromDocument(documents.get(editor.document));

  /** The selection on its own, else the whole document, both counted in slices; 'cancelled' once cancelled. */
  async function count(editor: vscode.TextEditor, cancellation: vscode.CancellationToken): Promise<Counted | 'cancelled' | undefined> {
    const result =
      selectedText(editor) !== undefined
        ? fromSelection(await selections.whenCounted(editor, cancellation))
        : fromDocument(await documents.whenComplete(editor.document, cancellation));
    return cancellation.isCancellationRequested ? 'cancelled' : result;
  }

  return vscode.commands.registerCommand(Commands.countTokens, async (): Promise<TokenCountResult | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: open a text editor to count its tokens.'));
      return undefined;
    }
    const encoder = await tokenizer.load();
    if (!encoder) return undefined;
    const counted =
      known(editor) ??
      (await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Counting tokens…'), cancellable: true },
        (_progress, cancellation) => count(editor, cancellation),
      ));
    if (counted === 'cancelled') return undefined;
    if (counted === undefined) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: this editor does not hold text that can be tokenized.'));
      return undefined;
    }
    const { scope, tokens, characters } = counted;
    const encoding = counted.encoder.name;
    const target = budgetTargetOf(counted.encoder, config);
    const message = vscode.l10n.t(
      '{0}: {1} tokens ({2}), {3} characters. That is {4}% of the {5} context window ({6} tokens).',
      scope === 'selection' ? vscode.l10n.t('Selection') : vscode.l10n.t('Document'),
      formatInteger(tokens),
      encoding,
      formatInteger(characters),
      formatDecimal((100 * tokens) / target.contextWindow, 1),
      target.label,
      formatInteger(target.contextWindow),
    );
    // A notification shows its text as it is: no Markdown.
    const note = standInNote(target, 'plain');
    void vscode.window.showInformationMessage(note ? `${message} ${note}` : message);
    return { scope, tokens, characters, encoding, contextWindow: { model: target.label, tokens: target.contextWindow, ...(note && { note }) } };
  });
}
