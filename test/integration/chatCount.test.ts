/** A chat request in the editor: counted as the API bills it, its framing in its own colour. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const oracle = require('gpt-tokenizer/cjs/model/gpt-4o') as { countChatCompletionTokens: (request: unknown) => number };

const request = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', name: 'ada', content: 'Count me: 東京 🙂 <|endoftext|>' },
    { role: 'assistant', content: 'Done.' },
  ],
};

const format = (value: number) => value.toLocaleString('en-US');

describe('chat-aware counting in the editor', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('a request body shows the chat count ("N tokens: M content + K framing") and its framing highlighted', async () => {
    const api = await tokenLens();
    const editor = await openText(JSON.stringify(request, null, 2), 'json');
    const total = oracle.countChatCompletionTokens(request);
    const content = request.messages.reduce((sum, message) => sum + ourEncoder('o200k_base').count(message.content), 0);
    await waitFor(
      'chat count in the status bar',
      () => api.statusBar.text() === `$(comment-discussion) ${format(total)} chat tokens` && api.statusBar.tooltip().includes(`${format(total)} tokens: ${format(content)} content + ${format(total - content)} framing`),
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
    const framing = await waitFor('framing highlighted', () => api.highlighter.chatFraming(editor.document), () => 'none');
    const text = editor.document.getText();
    const inFraming = (offset: number) => framing.some((range) => range.start <= offset && offset < range.end);
    for (const role of ['"system"', '"user"', '"assistant"', '"ada"']) assert.ok(inFraming(text.indexOf(role) + 1), `${role} is framing: ${JSON.stringify(framing)}`);
    for (const message of request.messages) assert.ok(!inFraming(text.indexOf(message.content)), `${message.content} is content`);
  });

  it('an edit that makes it no longer a chat turns the count plain and takes the framing colour away', async () => {
    const api = await tokenLens();
    const editor = await openText(JSON.stringify(request), 'json');
    await waitFor('framing highlighted', () => api.highlighter.chatFraming(editor.document)?.length);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '['));
    const plain = ourEncoder('o200k_base').count(editor.document.getText());
    await waitFor('plain count', () => api.statusBar.text() === `$(symbol-key) ${format(plain)} tokens`, () => api.statusBar.text());
    await waitFor('no framing', () => api.highlighter.chatFraming(editor.document) === undefined);
  });

  it('turning highlighting off takes the framing colour away', async () => {
    const api = await tokenLens();
    const editor = await openText(JSON.stringify(request), 'json');
    await waitFor('framing highlighted', () => api.highlighter.chatFraming(editor.document)?.length);
    await setSetting('highlight.enabled', false);
    await waitFor('no framing', () => api.highlighter.chatFraming(editor.document) === undefined);
  });

  it("the panel's strip receives the request's framing tokens marked, and its message text unmarked", async () => {
    const api = await tokenLens();
    const editor = await openText(JSON.stringify(request, null, 2), 'json');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const text = editor.document.getText();
    await vscode.commands.executeCommand('tokenLens.showPanel');
    const message = await waitFor(
      'the tokens of the whole request in the panel',
      () => {
        const sent = api.panel.lastSent('tokens');
        return sent?.scope === 'document' && sent.characters === text.length && sent.tokens.length === sent.total ? sent : undefined;
      },
      () => api.panel.lastSent('tokens')?.characters,
    );
    const marked = message.tokens.filter((token) => token.framing).map((token) => token.text);
    for (const label of ['system', 'user', 'assistant', 'ada']) assert.ok(marked.some((piece) => piece.includes(label)), `${label} is marked: ${JSON.stringify(marked)}`);
    const unmarked = message.tokens.filter((token) => !token.framing).map((token) => token.text).join('');
    for (const word of ['terse', '東京', 'Done']) assert.ok(unmarked.includes(word), `${word} is content: ${JSON.stringify(marked)}`);
  });
});
