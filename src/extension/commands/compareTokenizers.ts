import * as vscode from 'vscode';
import { cutText } from '../../core/text/cut';
import { ENCODINGS, ENCODING_NAMES } from '../../core/tokenizer';
import { compareTokenizations } from '../../core/tokenizer/compare';
import { budgetTargetOf, standInNote } from '../budgetTarget';
import { type CompareView, compareHtml } from '../compare/compareHtml';
import { LastTextEditor } from '../compare/lastTextEditor';
import type { Configuration } from '../config';
import { Commands, CompareViewType } from '../constants';
import { type Log, errorMessage } from '../log';
import { createNonce } from '../panel/panelHtml';
import { type TokenizerService, modelLabel } from '../tokenizerService';

/** The view tokenizes on the extension host's thread: a bounded text keeps that short. */
const MAX_COMPARE_CHARS = 20_000;
const MIN_TOKENIZERS = 2;
const MAX_TOKENIZERS = 4;

type ChoiceItem = vscode.QuickPickItem & { readonly choice: string };

/** Grouped as Select Tokenizer… groups them. The placeholder stays short: the "N Selected" badge covers the input's right end. */
async function pickTokenizers(tokenizer: TokenizerService, openModels: boolean): Promise<string[] | undefined> {
  const separator = (label: string): vscode.QuickPickItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const models = openModels ? tokenizer.recentModels : [];
  // A separator shows only above an item: with no model to list, the hint about models goes to the encodings' one.
  // Each item's models or path go below it (detail), leaving its line to the label and that hint.
  const openHint = vscode.l10n.t('open a model with Select Tokenizer… to list it');
  const items: (ChoiceItem | vscode.QuickPickItem)[] = [
    separator(openModels && models.length === 0 ? `${vscode.l10n.t('OpenAI encodings')} · ${openHint}` : vscode.l10n.t('OpenAI encodings')),
    ...ENCODING_NAMES.map((name) => ({ label: name, detail: ENCODINGS[name].description, choice: name })),
    ...(models.length > 0 ? [separator(`${vscode.l10n.t('Open models')} · ${openHint}`)] : []),
    ...models.map((path) => ({ label: `$(folder) ${modelLabel(path)}`, detail: path, choice: path })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Token Lens: Compare Tokenizers'),
    placeHolder: vscode.l10n.t('Choose {0} to {1} tokenizers', MIN_TOKENIZERS, MAX_TOKENIZERS),
    canPickMany: true,
  });
  return picked?.flatMap((item) => ('choice' in item ? [item.choice] : []));
}

/**
 * "Compare Tokenizers…": the selection (or the document) under 2–4 tokenizers side by side, each
 * with its count, characters per token and share of its context window, differing boundaries marked.
 * Given the tokenizers directly (tests), it returns what it shows.
 */
export function registerCompareTokenizers(tokenizer: TokenizerService, config: Configuration, log: Pick<Log, 'showError'>, { openModels }: { readonly openModels: boolean }): vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  const lastEditor = new LastTextEditor();
  const command = vscode.commands.registerCommand(Commands.compareTokenizers, async (given?: unknown) => {
    const editor = lastEditor.editor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a document to compare tokenizers on its text.'));
      return undefined;
    }
    const choices = Array.isArray(given) && given.every((each) => typeof each === 'string') ? (given as string[]) : await pickTokenizers(tokenizer, openModels);
    if (!choices) return undefined;
    if (choices.length < MIN_TOKENIZERS || choices.length > MAX_TOKENIZERS) {
      log.showError(vscode.l10n.t('Compare Tokenizers: expected {0} to {1} tokenizers, found {2}', MIN_TOKENIZERS, MAX_TOKENIZERS, choices.length));
      return undefined;
    }
    const selection = !editor.selection.isEmpty;
    const whole = selection ? editor.document.getText(editor.selection) : editor.document.getText();
    const text = cutText(whole, MAX_COMPARE_CHARS);
    let loaded;
    try {
      loaded = await Promise.all(choices.map((choice) => tokenizer.loadAny(choice)));
    } catch (error) {
      log.showError(vscode.l10n.t('Compare Tokenizers: {0}', errorMessage(error)), error);
      return undefined;
    }
    const tokenizations = compareTokenizations(
      text.length,
      loaded.map((each) => ({ name: each.name, spans: each.tokenize(text, tokenizer.options) })),
    );
    const view: CompareView = {
      source: { name: vscode.workspace.asRelativePath(editor.document.uri), selection },
      text,
      tokenizations,
      // Each column against its own tokenizer's window: an open model's when known, else the configured model's (the page shows text as it is).
      contextWindows: loaded.map((each) => {
        const target = budgetTargetOf(each, config);
        const note = standInNote(target, 'plain');
        return { model: target.label, tokens: target.contextWindow, ...(note && { note }) };
      }),
      cutAt: whole.length > text.length ? text.length : undefined,
    };
    if (panel) {
      // Where it is: run from the view itself, "beside" would move it into a new group.
      panel.reveal(undefined, true);
    } else {
      panel = vscode.window.createWebviewPanel(CompareViewType, vscode.l10n.t('Token Lens: Compare Tokenizers'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableForms: false,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      panel.onDidDispose(() => (panel = undefined));
    }
    panel.webview.html = compareHtml(view, createNonce(), vscode.env.language);
    return tokenizations.map(({ name, count, differing }, i) => ({ name, count, differing, contextWindow: view.contextWindows[i] }));
  });
  return vscode.Disposable.from(command, lastEditor, { dispose: () => panel?.dispose() });
}
