/** The status bar says when highlighting is off (or partial) and why: toggled off, the setting, a binary document, the size limit. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

const text = 'Tokenization: "strawberry" → str|aw|berry. 你好，世界！\n'.repeat(40);
const count = () => ourEncoder('o200k_base').count(text).toLocaleString('en-US');

describe('status bar: why highlighting is off', () => {
  afterEach(async () => {
    const api = await tokenLens();
    if (!api.highlighter.enabled()) await vscode.commands.executeCommand('tokenLens.toggleHighlighting');
    await resetSettings();
    await closeAllEditors();
  });

  it('says highlighting was turned off with Toggle Token Highlighting, and no longer once it is on again', async () => {
    const api = await tokenLens();
    await openText(text);
    await waitFor('count shown', () => api.statusBar.text() === `$(symbol-key) ${count()} tokens`, () => api.statusBar.text());
    assert.doesNotMatch(api.statusBar.tooltip(), /Highlighting is off/);
    await vscode.commands.executeCommand('tokenLens.toggleHighlighting');
    await waitFor(
      'highlighting off in the status bar',
      () => api.statusBar.text() === `$(eye-closed) ${count()} tokens` && /Highlighting is off: turned off with Toggle Token Highlighting/.test(api.statusBar.tooltip()),
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
    await vscode.commands.executeCommand('tokenLens.toggleHighlighting');
    await waitFor('highlighting on again', () => api.statusBar.text() === `$(symbol-key) ${count()} tokens` && !/Highlighting is off/.test(api.statusBar.tooltip()), () => [api.statusBar.text(), api.statusBar.tooltip()]);
  });

  it('says highlighting is off because of the tokenLens.highlight.enabled setting', async () => {
    const api = await tokenLens();
    await openText(text);
    await setSetting('highlight.enabled', false);
    await waitFor(
      'the setting named in the status bar',
      () => api.statusBar.text() === `$(eye-closed) ${count()} tokens` && /Highlighting is off: `tokenLens\.highlight\.enabled` is false/.test(api.statusBar.tooltip()),
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
  });

  it('says a binary document is not tokenized, and why', async () => {
    const api = await tokenLens();
    // VS Code refuses to open a binary file as text; an untitled document can still hold such text.
    const binary = await vscode.workspace.openTextDocument({ content: '\0\x01\x02binary\0data' });
    await vscode.window.showTextDocument(binary);
    await waitFor(
      'binary named in the status bar',
      () => api.statusBar.visible() && api.statusBar.text() === '$(eye-closed) Not tokenized' && /Highlighting is off: this document looks binary/.test(api.statusBar.tooltip()),
      () => [api.statusBar.visible(), api.statusBar.text(), api.statusBar.tooltip()],
    );
    await closeAllEditors();
    await waitFor('hidden with no editor', () => !api.statusBar.visible());
  });

  it('says only the text in view is highlighted past tokenLens.maxDocumentSize', async () => {
    const api = await tokenLens();
    await setSetting('maxDocumentSize', 1000);
    await openText(text);
    await waitFor(
      'the size limit named in the status bar',
      () => api.statusBar.text() === `$(symbol-key) ${count()} tokens` && /Highlighting is partial: only the text in view, as the document is larger than `tokenLens\.maxDocumentSize` \(1,000 characters\)/.test(api.statusBar.tooltip()),
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
  });
});
