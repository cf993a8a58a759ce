import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { Random } from '../support/random';
import { generateText } from '../support/textGenerator';
import { closeAllEditors, openText, resetSettings, tokenLens, waitFor } from './support';

describe('editing keeps tokens exact', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('random edits keep decorations and the status bar count equal to a fresh tokenization', async function () {
    this.timeout(120_000);
    const api = await tokenLens();
    const random = new Random(42);
    let initial = '';
    while (initial.length < 20_000) initial += `${generateText(random, 10)}\n`;
    const editor = await openText(initial);
    const encoder = ourEncoder('o200k_base');
    for (let round = 0; round < 30; round++) {
      const document = editor.document;
      const length = document.getText().length;
      const start = random.int(length);
      const end = Math.min(length, start + (random.next() < 0.5 ? 0 : random.int(20)));
      const insert = random.pick(['x', ' ', '\n', '\r\n', 'strawberry', '你好', '😀', "'ll", '', generateText(random, 3)]);
      // Multi-cursor edits arrive as one change event with several changes.
      await editor.edit((builder) => {
        builder.replace(new vscode.Range(document.positionAt(start), document.positionAt(end)), insert);
        if (round % 5 === 0) builder.insert(document.positionAt(0), '# ');
      });
      const text = document.getText();
      const expected = encoder.tokenize(text);
      const count = expected.count.toLocaleString('en-US');
      await waitFor(`status bar ${count} after round ${round}`, () => api.statusBar.text() === `$(symbol-key) ${count} tokens`, () => api.statusBar.text());
      const snapshot = await waitFor('decorations of this version', () => {
        const current = api.highlighter.snapshot(document);
        return current?.version === document.version && current;
      });
      // Decorations cover the visible part; each must be a token of the fresh tokenization, at its place.
      const drawn = snapshot.tokens.map((token) => `${token.start}:${token.end}:${token.id}`);
      const fresh = new Set(Array.from({ length: expected.count }, (_, i) => `${expected.starts[i]}:${expected.ends[i]}:${expected.ids[i]}`));
      assert.ok(drawn.length > 10, `round ${round}: ${drawn.length} decorated tokens`);
      for (const token of drawn) assert.ok(fresh.has(token), `round ${round}: decorated token ${token} is not in a fresh tokenization`);
    }
  });

  it('a CRLF document tokenizes exactly', async () => {
    const api = await tokenLens();
    const text = 'line one\r\n  line two\r\n\r\n\tline three\r\n'.repeat(50);
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    const count = await api.documents.count(document);
    assert.equal(count, ourEncoder('o200k_base').count(document.getText()));
  });
});
