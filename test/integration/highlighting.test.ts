import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenLensApi } from '../../src/extension/api';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

/** The current decorations of the document's latest version, once drawn. */
function decorated(api: TokenLensApi, document: vscode.TextDocument) {
  const snapshot = api.highlighter.snapshot(document);
  return snapshot && snapshot.version === document.version && snapshot.tokens.length > 0 && snapshot;
}

const prompt = 'How many r\'s are in "strawberry"?\nCount them\n\n    one by one:\tr, r, r.\n';

describe('token highlighting', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('decorates every visible token with alternating palette colours', async () => {
    const api = await tokenLens();
    const editor = await openText(prompt);
    const snapshot = await waitFor('decorations', () => decorated(api, editor.document));
    const expected = ourEncoder('o200k_base').tokenize(prompt);
    assert.deepEqual(
      snapshot.tokens.map((token) => [token.id, token.start, token.end]),
      Array.from({ length: expected.count }, (_, i) => [expected.ids[i], expected.starts[i], expected.ends[i]]),
    );
    for (let i = 1; i < snapshot.tokens.length; i++) {
      assert.notEqual(snapshot.tokens[i].style, snapshot.tokens[i - 1].style, `tokens ${i - 1} and ${i} share a colour`);
    }
    assert.ok(new Set(snapshot.tokens.map((token) => token.style)).size >= 6, 'at least 6 palette colours in use');
    assert.ok(snapshot.spaceMarkers > 0, 'whitespace-only tokens are marked');
    assert.ok(snapshot.lineBreakMarkers > 0, 'line breaks in whitespace-only tokens are marked');
  });

  it('toggling removes and restores the decorations', async () => {
    const api = await tokenLens();
    const editor = await openText(prompt);
    await waitFor('decorations', () => decorated(api, editor.document));
    assert.equal(await vscode.commands.executeCommand('tokenLens.toggleHighlighting'), false);
    await waitFor('decorations removed', () => api.highlighter.snapshot(editor.document) === undefined);
    assert.equal(api.highlighter.enabled(), false);
    assert.equal(await vscode.commands.executeCommand('tokenLens.toggleHighlighting'), true);
    const snapshot = await waitFor('decorations restored', () => decorated(api, editor.document));
    assert.ok(snapshot.tokens.length > 10);
  });

  it('follows the highlight.enabled setting', async () => {
    const api = await tokenLens();
    const editor = await openText(prompt);
    await waitFor('decorations', () => decorated(api, editor.document));
    await setSetting('highlight.enabled', false);
    await waitFor('decorations removed', () => api.highlighter.snapshot(editor.document) === undefined);
    await setSetting('highlight.enabled', true);
    await waitFor('decorations restored', () => decorated(api, editor.document));
  });

  it('turning whitespace markers off removes them', async () => {
    const api = await tokenLens();
    const editor = await openText(prompt);
    await waitFor('markers', () => (api.highlighter.snapshot(editor.document)?.spaceMarkers ?? 0) > 0);
    await setSetting('highlight.whitespaceMarkers', false);
    await waitFor('no markers', () => {
      const snapshot = api.highlighter.snapshot(editor.document);
      return snapshot !== undefined && snapshot.spaceMarkers === 0 && snapshot.lineBreakMarkers === 0;
    });
  });

  it('special-token text is ordinary text by default and a highlighted special token when allowed', async () => {
    const api = await tokenLens();
    const text = 'end of document <|endoftext|> and <|endofprompt|>';
    const editor = await openText(text);
    const plain = await waitFor('decorations', () => decorated(api, editor.document));
    assert.ok(plain.tokens.every((token) => token.style !== 'special'));
    assert.deepEqual(plain.tokens.map((token) => token.id), ourEncoder('o200k_base').encode(text));
    await setSetting('allowSpecialTokens', true);
    const special = await waitFor('special tokens', () => {
      const snapshot = api.highlighter.snapshot(editor.document);
      return snapshot?.tokens.some((token) => token.style === 'special') && snapshot;
    });
    const specials = special.tokens.filter((token) => token.style === 'special');
    assert.deepEqual(specials.map((token) => token.id), [199999, 200018]);
    assert.deepEqual(specials.map((token) => text.slice(token.start, token.end)), ['<|endoftext|>', '<|endofprompt|>']);
  });
});
