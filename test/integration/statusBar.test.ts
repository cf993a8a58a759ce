import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ENCODING_NAMES } from '../../src/core/tokenizer';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

const text = 'Tokenization: "strawberry" → str|aw|berry. 你好，世界！👨‍👩‍👧‍👦\n'.repeat(40);

describe('status bar', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('shows the document count, and switching encoding changes it to the right value', async () => {
    const api = await tokenLens();
    await openText(text);
    for (const name of [...ENCODING_NAMES].reverse()) {
      await setSetting('encoding', name);
      const expected = ourEncoder(name).count(text).toLocaleString('en-US');
      // p50k and r50k give the same count here, so wait for the tooltip's encoding too.
      await waitFor(
        `${name} count ${expected}`,
        () => api.statusBar.text() === `$(symbol-key) ${expected} tokens` && api.statusBar.tooltip().includes(`\`${name}\``),
        () => [api.statusBar.text(), api.statusBar.tooltip()],
      );
    }
  });

  it('accepts gpt2 as the name of r50k_base', async () => {
    const api = await tokenLens();
    await openText(text);
    await setSetting('encoding', 'gpt2');
    const expected = ourEncoder('r50k_base').count(text).toLocaleString('en-US');
    await waitFor('r50k count', () => api.statusBar.text() === `$(symbol-key) ${expected} tokens`, () => api.statusBar.text());
  });

  it('shows "selection / document" with a selection', async () => {
    const api = await tokenLens();
    const editor = await openText(text);
    editor.selection = new vscode.Selection(0, 0, 0, 26);
    const selected = ourEncoder('o200k_base').count(editor.document.getText(editor.selection)).toLocaleString('en-US');
    const total = ourEncoder('o200k_base').count(text).toLocaleString('en-US');
    await waitFor('selection count', () => api.statusBar.text() === `$(symbol-key) ${selected} / ${total} tokens`, () => api.statusBar.text());
    assert.match(api.statusBar.tooltip(), /Selection: .* tokens, 26 characters/);
  });

  it('tooltip gives characters per token and context-window usage of the chosen model', async () => {
    const api = await tokenLens();
    await openText(text);
    await setSetting('contextWindow', 'gpt-2');
    await waitFor('GPT-2 tooltip', () => /GPT-2 context window: .* of 1,024 tokens/.test(api.statusBar.tooltip()));
    assert.match(api.statusBar.tooltip(), /characters per token/);
    assert.match(api.statusBar.tooltip(), /o200k_base/);
  });

  it('large documents are counted in the background and the tooltip says so', async () => {
    const api = await tokenLens();
    await setSetting('maxDocumentSize', 1000);
    const editor = await openText(text);
    const expected = ourEncoder('o200k_base').count(text).toLocaleString('en-US');
    await waitFor(
      'count of a large document',
      () => api.statusBar.text() === `$(symbol-key) ${expected} tokens` && /larger than `tokenLens.maxDocumentSize`/.test(api.statusBar.tooltip()),
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
    const snapshot = await waitFor('visible highlighting', () => api.highlighter.snapshot(editor.document));
    assert.ok(snapshot.tokens.length > 0);
  });

  it('shows the progress of a long first pass while it runs, then the count', async () => {
    const api = await tokenLens();
    // About 8 MB: a first pass of many 8 ms slices, each of which reports a change.
    const big = text.repeat(Math.ceil(8_000_000 / text.length));
    const expected = ourEncoder('o200k_base').count(big).toLocaleString('en-US');
    const shown = new Set<string>();
    await openText(big);
    await waitFor(
      'the count after the first pass',
      () => {
        shown.add(api.statusBar.text() ?? '');
        return api.statusBar.text() === `$(symbol-key) ${expected} tokens`;
      },
      () => [...shown],
      120_000,
    );
    const percents = [...shown].map((status) => Number(/(\d+)% tokenized/.exec(status)?.[1] ?? NaN)).filter((percent) => percent > 0 && percent < 100);
    assert.ok(percents.length > 0, `some progress between 0 and 100% was shown: ${[...shown].join(' | ')}`);
  });
});
