/** "Compare Tokenizers…": the document under 2–4 tokenizers, counts exact, differing boundaries counted, shown in a webview. */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { HfTokenizer } from '../../src/core/hf';
import { compareTokenizations } from '../../src/core/tokenizer/compare';
import { compareHtml } from '../../src/extension/compare/compareHtml';
import { ourEncoder, projectRoot } from '../support/encoders';
import { closeAllEditors, openText, tokenLens, waitFor } from './support';

const text = 'def f(x):\n        return x  *  2   # doubled\n你好，世界！ strawberry\n';

interface Compared {
  name: string;
  count: number;
  differing: number;
  contextWindow: { model: string; tokens: number };
}

const compareTabOpen = () =>
  vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('tokenLens.compare')));

describe('compare tokenizers', function () {
  this.timeout(60_000);
  afterEach(closeAllEditors);

  it('compares two encodings on the document: exact counts, the differing tokens counted, in a webview', async () => {
    await tokenLens();
    await openText(text);
    const result = await vscode.commands.executeCommand<Compared[]>('tokenLens.compareTokenizers', ['cl100k_base', 'r50k_base']);
    const expected = compareTokenizations(text.length, [
      { name: 'cl100k_base', spans: ourEncoder('cl100k_base').tokenize(text) },
      { name: 'r50k_base', spans: ourEncoder('r50k_base').tokenize(text) },
    ]);
    const gpt4o = { model: 'GPT-4o', tokens: 128_000 };
    assert.deepEqual(result, expected.map(({ name, count, differing }) => ({ name, count, differing, contextWindow: gpt4o })));
    assert.ok(result.every((each) => each.differing > 0), 'the two split the indentation differently');
    await waitFor('the compare view', compareTabOpen);
  });

  it('cuts a long text before an emoji, not inside it: the counts are those of the first 19,999 units', async () => {
    await tokenLens();
    const head = `${'a '.repeat(9999)}a`;
    await openText(`${head}😀 and more`);
    const result = await vscode.commands.executeCommand<Compared[]>('tokenLens.compareTokenizers', ['cl100k_base', 'r50k_base']);
    assert.equal(head.length, 19_999);
    assert.deepEqual(result.map((each) => each.count), [ourEncoder('cl100k_base').count(head), ourEncoder('r50k_base').count(head)]);
  });

  it('shows bidi overrides, zero-width characters and NUL as marks, so the strips read in token order', () => {
    // U+202E would reverse every token after it on the line; U+200B and NUL would be cells with nothing in them.
    const hostile = 'ab\u202Ecd ef\u200Bgh\u0000ij <img src=x onerror=alert(1)>\nnext';
    const tokenizations = compareTokenizations(hostile.length, [
      { name: 'cl100k_base', spans: ourEncoder('cl100k_base').tokenize(hostile) },
      { name: 'r50k_base', spans: ourEncoder('r50k_base').tokenize(hostile) },
    ]);
    const html = compareHtml({ source: { name: 'hostile.md', selection: false }, text: hostile, tokenizations, contextWindows: [0, 1].map(() => ({ model: 'GPT-4o', tokens: 128_000 })) }, 'nonce', 'en');
    const strips = [...html.matchAll(/<div class="strip">(.*?)<\/div>/gs)].map((match) => match[1].replace(/<[^>]*>/g, ''));
    assert.equal(strips.length, 2);
    for (const strip of strips) {
      assert.doesNotMatch(strip, /[\u202E\u200B\u0000]/u, 'no invisible or reordering character reaches the page');
      assert.equal(strip, 'ab\\u{202E}cd·ef\\u{200B}gh\\u{0}ij·&#60;img·src=x·onerror=alert(1)&#62;↵\nnext');
    }
  });

  it('compares an encoding with an open model from a folder, and refuses a single tokenizer', async () => {
    await tokenLens();
    const folder = mkdtempSync(join(tmpdir(), 'token-lens-compare-'));
    try {
      copyFileSync(join(projectRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models', 'tokenizer.json'), join(folder, 'tokenizer.json'));
      await openText(text);
      const result = await vscode.commands.executeCommand<Compared[]>('tokenLens.compareTokenizers', ['o200k_base', folder]);
      const llama = HfTokenizer.fromJson(new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(join(folder, 'tokenizer.json')))), 'llama3');
      assert.deepEqual(result.map((each) => each.count), [ourEncoder('o200k_base').count(text), llama.count(text)]);
      assert.equal(result[1].name, folder.split(/[\\/]/).pop());
      assert.equal(await vscode.commands.executeCommand('tokenLens.compareTokenizers', ['o200k_base']), undefined);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
