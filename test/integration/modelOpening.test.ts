/**
 * Opening a model in the real extension: while it loads the status bar says so and the tokenizer
 * before keeps highlighting; a model that cannot be opened leaves that tokenizer in use.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HfTokenizer } from '../../src/core/hf';
import { join } from 'node:path';
import { ourEncoder, projectRoot } from '../support/encoders';
import { MockHub } from '../support/mockHub';
import { modelFolderPerTest, openText, setSetting, tokenLens, waitFor } from './support';

const text = 'The strawberry question: how many r letters are in strawberry?\n'.repeat(10);

describe('opening a model in the editor', function () {
  this.timeout(60_000);
  const emptyFolder = modelFolderPerTest();

  it('while a model downloads, the status bar says it is opening it and the tokenizer before keeps highlighting; a folder without tokenizer.json then leaves the model in use', async () => {
    const api = await tokenLens();
    const hub = new MockHub();
    await hub.start();
    let release = () => {};
    try {
      await vscode.commands.executeCommand('tokenLens.selectTokenizer', 'o200k_base');
      const bytes = new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(join(projectRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models', 'tokenizer.json'))));
      hub.addRepo('acme/small', { 'tokenizer.json': bytes });
      await setSetting('hub.endpoint', hub.endpoint);
      const editor = await openText(text);
      const o200k = ourEncoder('o200k_base').encode(text);
      const highlightedBy = (firstId: number) => {
        const snapshot = api.highlighter.snapshot(editor.document);
        return snapshot?.version === editor.document.version && snapshot.tokens[0]?.id === firstId;
      };
      await waitFor("o200k's count", () => api.statusBar.text() === `$(symbol-key) ${o200k.length} tokens`, () => api.statusBar.text());
      await waitFor("o200k's decorations", () => highlightedBy(o200k[0]));
      hub.hold = new Promise<void>((resolve) => (release = resolve));
      const opened = vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { hub: 'acme/small' });
      await waitFor('the status bar saying the model is opening', () => api.statusBar.text() === '$(sync~spin) acme/small', () => api.statusBar.text());
      assert.match(api.statusBar.tooltip(), /Opening the model hub:acme\/small…/);
      assert.ok(highlightedBy(o200k[0]), "o200k's decorations stay while the model downloads");
      hub.hold = undefined;
      release();
      assert.equal(await opened, 'acme/small');
      const model = HfTokenizer.fromJson(bytes, 'llama3');
      const count = model.count(text).toLocaleString('en-US');
      await waitFor("the model's count", () => api.statusBar.text() === `$(symbol-key) ${count} tokens`, () => api.statusBar.text());
      await waitFor("the model's decorations", () => highlightedBy(model.tokenize(text).ids[0]));
      // A folder without tokenizer.json: said, and the Hub model stays in use.
      assert.equal(await vscode.commands.executeCommand('tokenLens.selectTokenizer', { folder: emptyFolder() }), undefined);
      await waitFor("the model's count again", () => api.statusBar.text() === `$(symbol-key) ${count} tokens`, () => api.statusBar.text());
      assert.ok(highlightedBy(model.tokenize(text).ids[0]), "the model's decorations stay");
    } finally {
      release();
      await setSetting('hub.endpoint', undefined);
      await vscode.commands.executeCommand('tokenLens.selectTokenizer', 'o200k_base');
      await hub.stop();
    }
  });
});
