import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { encodeSafetensors } from '../../src/core/embeddings';
import type { TokenLensApi } from '../../src/extension/api';
import type { TokensMessage } from '../../src/protocol';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

/** The latest tokens message once `accept` likes it. */
function tokensWhere(api: TokenLensApi, what: string, accept: (message: TokensMessage) => boolean): Promise<TokensMessage> {
  return waitFor(what, () => {
    const message = api.panel.lastSent('tokens');
    return message && accept(message) ? message : undefined;
  }, () => api.panel.lastSent('tokens'));
}

describe('panel: live', function () {
  this.timeout(90_000);
  let api: TokenLensApi;
  let temp: string;

  before(async () => {
    api = await tokenLens();
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-panel-'));
  });

  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  async function openWithPanel(text: string): Promise<{ editor: vscode.TextEditor; message: TokensMessage }> {
    const editor = await openText(text);
    await vscode.commands.executeCommand('tokenLens.showPanel');
    await waitFor('the webview to say ready', () => api.panel.ready());
    const message = await tokensWhere(api, 'the document', (m) => m.characters === text.length);
    return { editor, message };
  }

  it('highlights what the editor selects inside the tokens shown, and follows encoding and source changes', async () => {
    const text = 'Tokens are not words, and words are not letters.';
    const { editor, message } = await openWithPanel(text);
    const start = text.indexOf('words, and');
    editor.selection = new vscode.Selection(0, start, 0, start + 'words, and'.length);
    const highlight = await waitFor('the highlight', () => {
      const current = api.panel.lastSent('highlight');
      return current && !current.cursor && current.indices.length === 3 && current;
    }, () => api.panel.lastSent('highlight'));
    assert.deepEqual(highlight.indices.map((index) => message.tokens[index].text), ['·words', ',', '·and']);
    assert.equal(api.panel.lastSent('tokens')?.scope, 'document', 'a selection inside the tokens shown does not re-scope');

    await setSetting('encoding', 'r50k_base');
    const r50k = await tokensWhere(api, 'r50k_base tokens', (m) => m.encoding === 'r50k_base');
    assert.deepEqual(r50k.tokens.map((token) => token.id), ourEncoder('r50k_base').encode(text));

    await setSetting('embedding.model', 'custom');
    await setSetting('embedding.dimension', 16);
    const small = await tokensWhere(api, 'a 16-dimensional source', (m) => m.source?.dimension === 16);
    await waitFor('its projection', () => api.panel.lastSent('projection')?.generation === small.generation);
  });

  it('answers a hover: no neighbours for initial weights, the nearest tokens for trained ones', async () => {
    const first = await openWithPanel('my cat sleeps');
    await api.panel.receive({ type: 'hover', generation: first.message.generation, index: 1 });
    const none = api.panel.lastSent('neighbors');
    assert.equal(none?.neighbors.length, 0);
    assert.match(none?.note ?? '', /Random initial weights: no meaningful neighbours yet/);

    const encoder = ourEncoder('r50k_base');
    const rows = encoder.vocabularySize;
    const cat = encoder.encode(' cat')[0];
    const dog = encoder.encode(' dog')[0];
    const word = new Float32Array(rows * 4).map((_, i) => ((i * 7919) % 13) - 6);
    word.set([9, 9, 9, 9], cat * 4);
    word.set([9, 9, 9, 8.9], dog * 4);
    const file = path.join(temp, 'cats.safetensors');
    fs.writeFileSync(file, encodeSafetensors([{ name: 'wte.weight', shape: [rows, 4], data: word }]));
    await setSetting('encoding', 'r50k_base');
    await setSetting('embedding.weightsPath', file);
    await setSetting('embedding.source', 'file');
    const trained = await tokensWhere(api, 'tokens with the trained source', (m) => m.source?.learned === true && m.encoding === 'r50k_base');
    const catToken = trained.tokens.find((token) => token.id === cat);
    assert.ok(catToken);
    const neighbors = await waitFor('the nearest tokens', async () => {
      await api.panel.receive({ type: 'hover', generation: trained.generation, index: catToken.index });
      const answer = api.panel.lastSent('neighbors');
      return answer && answer.neighbors.length > 0 && answer;
    }, () => api.panel.lastSent('neighbors'), 30_000);
    assert.equal(neighbors.neighbors[0].id, dog);
    assert.equal(neighbors.neighbors[0].text, '·dog');
  });

  it('cancels a running projection when asked', async () => {
    await setSetting('panel.maxTokens', 3000);
    const text = Array.from({ length: 1500 }, (_, i) => `w${(i * 37) % 1009}`).join(' ');
    const { message } = await openWithPanel(text);
    void api.panel.receive({ type: 'view', view: { kind: 'input', method: 'tsne' } }); // resolves when the projection ends
    await waitFor('t-SNE to report progress', () => {
      const progress = api.panel.lastSent('progress');
      return progress?.generation === message.generation && progress.view.method === 'tsne' && progress.fraction > 0;
    });
    await api.panel.receive({ type: 'cancel' });
    const failed = await waitFor('the cancellation', () => {
      const current = api.panel.lastSent('projectionFailed');
      return current?.generation === message.generation && current.view.method === 'tsne' && current;
    });
    assert.equal(failed.cancelled, true);
  });
});
