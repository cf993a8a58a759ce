import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, hoverText, openText, resetSettings, setSetting, tokenLens } from './support';

describe('hover', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('shows the tokens of the word under the cursor with their ids and positions', async () => {
    await tokenLens();
    await setSetting('encoding', 'cl100k_base');
    const text = 'strawberry fields';
    const editor = await openText(text);
    const hover = await hoverText(editor.document, new vscode.Position(0, 4));
    const ids = ourEncoder('cl100k_base').encode('strawberry');
    assert.deepEqual(ids.length, 3, 'cl100k splits strawberry in three');
    for (const id of ids) assert.match(hover, new RegExp(`\\*\\*${id}\\*\\*`));
    assert.match(hover, /`str`/);
    assert.match(hover, /`aw`/);
    assert.match(hover, /`berry`/);
    assert.match(hover, /▶ `aw`/, 'the token under the cursor is marked');
    assert.match(hover, /3 tokens at positions 0–2/, 'the positions of the three tokens');
  });

  it('shows the right id for the token at a position', async () => {
    await tokenLens();
    const text = 'The quick brown fox; jumps over 12345 lazy dogs.';
    const editor = await openText(text);
    const tokens = ourEncoder('o200k_base').tokenize(text);
    for (let i = 0; i < tokens.count; i += 3) {
      const position = editor.document.positionAt(tokens.starts[i]);
      const hover = await hoverText(editor.document, position);
      assert.match(hover, new RegExp(`\\*\\*${tokens.ids[i]}\\*\\*`), `token ${i} at ${tokens.starts[i]}`);
    }
  });

  it('shows whitespace visibly and token text literally, never as markup', async () => {
    await tokenLens();
    const text = 'a\t<img src=x onerror=alert(1)> `code` **bold**';
    const editor = await openText(text);
    const hover = await hoverText(editor.document, new vscode.Position(0, 5));
    assert.match(hover, /`<img`|`·<img`|<img/);
    const spaces = await hoverText(editor.document, new vscode.Position(0, 1));
    assert.match(spaces, /→/, 'the tab is shown as →');
  });

  it('groups tokens that split a character and shows their bytes', async () => {
    await tokenLens();
    await setSetting('encoding', 'r50k_base');
    const text = 'I like 🍓';
    const editor = await openText(text);
    const hover = await hoverText(editor.document, editor.document.positionAt(text.indexOf('🍓')));
    assert.match(hover, /split characters/);
    // 🍓 is F0 9F 8D 93; r50k cuts it as " " + F0 9F | 8D | 93.
    assert.match(hover, /ids: (▶ )?`⟨20 f0 9f⟩` \*\*12520\*\*/);
    assert.match(hover, /`⟨8d⟩` \*\*235\*\*/);
    assert.match(hover, /`⟨93⟩` \*\*241\*\*/);
    assert.match(hover, /is bytes `20 f0 9f \| 8d \| 93`/);
  });

  it('special-token text does not throw, with and without special tokens allowed', async () => {
    await tokenLens();
    const text = '<|endoftext|><|endofprompt|>';
    const editor = await openText(text);
    const plain = await hoverText(editor.document, new vscode.Position(0, 3));
    assert.match(plain, /ids: .*\*\*\d+\*\*/, 'the pieces of the special-token text as ordinary tokens, with their ids');
    await setSetting('allowSpecialTokens', true);
    const special = await hoverText(editor.document, new vscode.Position(0, 3));
    assert.match(special, /special token \*\*199999\*\*/);
  });
});
