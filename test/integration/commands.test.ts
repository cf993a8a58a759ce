import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, tokenLens, waitFor } from './support';

interface CountResult {
  scope: string;
  tokens: number;
  characters: number;
  encoding: string;
  contextWindow: { model: string; tokens: number };
}

/** The configured model's window, which the OpenAI encodings' counts are measured against (GPT-4o by default). */
const GPT_4O = { model: 'GPT-4o', tokens: 128_000 };

describe('commands', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('are all contributed in the Token Lens category', async () => {
    await tokenLens();
    const extension = vscode.extensions.getExtension('token-lens.token-lens');
    const commands: { command: string; category: string; title: string }[] = extension?.packageJSON.contributes.commands;
    assert.ok(commands.length >= 4);
    for (const command of commands) assert.equal(command.category, 'Token Lens', command.command);
    const registered = await vscode.commands.getCommands(true);
    for (const command of commands) assert.ok(registered.includes(command.command), `${command.command} is registered`);
  });

  it('Count Tokens counts the document, or the selection when there is one', async () => {
    await tokenLens();
    const text = 'Hello, world! How many tokens is this sentence?';
    const editor = await openText(text);
    const whole = await vscode.commands.executeCommand<CountResult>('tokenLens.countTokens');
    assert.deepEqual(whole, { scope: 'document', tokens: ourEncoder('o200k_base').count(text), characters: text.length, encoding: 'o200k_base', contextWindow: GPT_4O });
    editor.selection = new vscode.Selection(0, 0, 0, 13);
    const part = await vscode.commands.executeCommand<CountResult>('tokenLens.countTokens');
    assert.deepEqual(part, { scope: 'selection', tokens: ourEncoder('o200k_base').count('Hello, world!'), characters: 13, encoding: 'o200k_base', contextWindow: GPT_4O });
  });

  it('Count Tokens counts a selection over 100,000 characters exactly, in slices that let other work run between them', async () => {
    await tokenLens();
    const text = 'The quick brown fox jumps over the lazy dog; 你好，世界！ 12345\n'.repeat(20_000);
    const editor = await openText(text, 'plaintext');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount - 1, 0);
    const selected = editor.document.getText(editor.selection);
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const counted = await vscode.commands.executeCommand<CountResult>('tokenLens.countTokens');
    ticking = false;
    assert.deepEqual(counted, { scope: 'selection', tokens: ourEncoder('o200k_base').count(selected), characters: selected.length, encoding: 'o200k_base', contextWindow: GPT_4O });
    // Counted at once, the whole selection would hold the extension host through one long turn (one or two ticks).
    assert.ok(ticks >= 5, `other work ran ${ticks} times while counting`);
  });

  it('Copy Token Ids copies the selection as a JSON array', async () => {
    await tokenLens();
    const editor = await openText('copy these tokens please');
    editor.selection = new vscode.Selection(0, 5, 0, 18);
    const ids = await vscode.commands.executeCommand<number[]>('tokenLens.copyTokenIds');
    const expected = ourEncoder('o200k_base').encode('these tokens ');
    assert.deepEqual(ids, expected);
    assert.equal(await vscode.env.clipboard.readText(), JSON.stringify(expected));
  });

  it('Select Encoding changes the setting', async () => {
    const api = await tokenLens();
    await openText('some text');
    assert.equal(await vscode.commands.executeCommand('tokenLens.selectEncoding', 'p50k_base'), 'p50k_base');
    assert.equal(vscode.workspace.getConfiguration('tokenLens').get('encoding'), 'p50k_base');
    await waitFor('p50k loaded', async () => (await api.tokenizer.ready()) === 'p50k_base');
  });

  it('Select Tokenizer opens with the tokenizer in use focused, so Enter keeps it', async () => {
    const api = await tokenLens();
    await openText('some text');
    assert.equal(await vscode.commands.executeCommand('tokenLens.selectTokenizer', 'cl100k_base'), 'cl100k_base');
    const shown = vscode.commands.executeCommand<string | undefined>('tokenLens.selectTokenizer');
    const picker = await waitFor('the picker', () => api.selectTokenizer.picker());
    assert.deepEqual(picker.activeItems.map((item) => item.label), ['cl100k_base']);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await shown, 'cl100k_base');
    assert.equal(vscode.workspace.getConfiguration('tokenLens').get('encoding'), 'cl100k_base');
  });

  it('Copy Token Ids copies the ids of a selection over 1,000,000 characters, encoded in slices', async () => {
    await tokenLens();
    const text = 'Tokens, tokens everywhere: 你好，世界！ <b>bold</b>\n'.repeat(25_000);
    const editor = await openText(text, 'plaintext');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount - 1, 0);
    const selected = editor.document.getText(editor.selection);
    assert.ok(selected.length > 1_000_000);
    const ids = await vscode.commands.executeCommand<number[]>('tokenLens.copyTokenIds');
    assert.deepEqual(ids, ourEncoder('o200k_base').encode(selected));
    assert.equal(await vscode.env.clipboard.readText(), JSON.stringify(ids));
  });

  it('never edits the document', async () => {
    await tokenLens();
    const editor = await openText('<|endoftext|> stays as it is');
    const version = editor.document.version;
    for (const command of ['tokenLens.countTokens', 'tokenLens.copyTokenIds', 'tokenLens.toggleHighlighting', 'tokenLens.toggleHighlighting']) {
      await vscode.commands.executeCommand(command);
    }
    assert.equal(editor.document.version, version);
    assert.equal(editor.document.isDirty, false);
    assert.equal(editor.document.getText(), '<|endoftext|> stays as it is');
  });
});
