/**
 * Every user-visible string goes through `vscode.l10n.t` (STYLE.md): no words written as literals where
 * VS Code shows them. The webview has no literals to check: it shows only strings the host sends
 * (`PanelStringKey`, src/extension/panel/panelStrings.ts).
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../support/encoders';
import { l10nBypasses } from '../../support/l10nSinks';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

const sinks = (source: string) => l10nBypasses(source).map(({ sink, text }) => `${sink}: ${text}`);

describe('l10n: user-visible strings', () => {
  it('finds words that reach a message, progress title, status bar item, QuickPick, hover or shown document without l10n', () => {
    const source = [
      "vscode.window.showInformationMessage('Copied ' + count + ' ids');",
      "void vscode.window.showWarningMessage(`Too large: ${size}`, 'Open Settings');",
      "vscode.window.showErrorMessage(failed ? 'Failed' : vscode.l10n.t('Done'));",
      "vscode.window.withProgress({ location, title: 'Exporting' }, task);",
      "item.text = `$(symbol-key) ${count} tokens`;",
      "this.item.tooltip = new vscode.MarkdownString('**Token Lens**');",
      "const pick = { label: 'Initial weights', description: vscode.l10n.t('random'), detail: `d = ${d}` };",
      "markdown.appendMarkdown(['| dim | word |', '|---|---|'].join('\\n'));",
      "provider.show(text, `embedding of token ${id}`);",
    ].join('\n');
    assert.deepEqual(sinks(source), [
      'showInformationMessage: Copied ',
      'showInformationMessage:  ids',
      'showWarningMessage: Too large: ',
      'showWarningMessage: Open Settings',
      'showErrorMessage: Failed',
      'title: Exporting',
      '.text =:  tokens',
      'MarkdownString: **Token Lens**',
      'label: Initial weights',
      'appendMarkdown: | dim | word |',
      'show: embedding of token ',
    ]);
  });

  it('accepts l10n.t, codicons, numbers, symbols and identifiers that are not words', () => {
    const source = [
      "vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} ids', count));",
      "item.text = `$(sync~spin) ${vscode.l10n.t('{0}% tokenized', percent)}`;",
      "item.tooltip = new vscode.MarkdownString(lines.join('\\n\\n'));",
      "const pick = { label: encoder.name, description: `d = ${formatInteger(d)} · ${l10n.t('context {0}', n)}` };",
      "markdown.appendMarkdown(`**${vscode.l10n.t('Embedding')}** · ${label}  \\n`);",
      "const ids = { command: 'tokenLens.countTokens', id: 'tokenLens.status' };",
    ].join('\n');
    assert.deepEqual(sinks(source), []);
  });

  it('src/extension shows no words that bypass vscode.l10n.t', () => {
    const found = sourceFiles(join(projectRoot, 'src', 'extension')).flatMap((file) =>
      l10nBypasses(readFileSync(file, 'utf8'), file).map(({ line, sink, text }) => `${relative(projectRoot, file)}:${line} ${sink} ${JSON.stringify(text)}`),
    );
    assert.deepEqual(found, []);
  });
});
