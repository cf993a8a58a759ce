/** The built-in trained space in the editor, and what the hover and the panel say the vectors are. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NeighborIndex, encodeSafetensors } from '../../src/core/embeddings';
import { BUILTIN_TABLE, TrainedEmbeddings, encodeTrainedSafetensors, openTrainedTable } from '../../src/core/training';
import type { TokenLensApi } from '../../src/extension/api';
import type { TokensMessage } from '../../src/protocol';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, extensionId, hoverText, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

/** "+0.0123, -0.0311, +0.0042" as the hover prints the first values of a vector. */
function firstValues(vector: Float32Array, count = 3): string {
  return Array.from(vector.subarray(0, count), (value) => (value >= 0 ? '+' : '') + value.toFixed(4)).join(', ');
}

/** The hover's text without its heat-strip images (so a failure prints what matters). */
async function hoverWords(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  return (await hoverText(document, position)).replace(/\(data:image[^)]*\)/g, '(…)');
}

/** The latest tokens message once `accept` likes it. */
function tokensWhere(api: TokenLensApi, what: string, accept: (message: TokensMessage) => boolean): Promise<TokensMessage> {
  return waitFor(what, () => {
    const message = api.panel.lastSent('tokens');
    return message && accept(message) ? message : undefined;
  }, () => api.panel.lastSent('tokens')?.source);
}

const TEXT = 'We met on Monday and again on Tuesday.';
const MONDAY = TEXT.indexOf('Monday');

describe('trained space', function () {
  this.timeout(120_000);
  let api: TokenLensApi;
  let temp: string;
  let table: TrainedEmbeddings;

  before(async () => {
    api = await tokenLens();
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-trained-'));
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const file = path.join(extension.extensionPath, 'media', 'embeddings', BUILTIN_TABLE.file);
    table = await openTrainedTable(fs.readFileSync(file), file, BUILTIN_TABLE.name);
  });
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('"trained (built-in)": the hover shows the table\'s row for the token, says it is trained in miniature, and lists its nearest tokens', async () => {
    await setSetting('embedding.source', 'builtin');
    const editor = await openText(TEXT);
    const monday = ourEncoder('o200k_base').encode(' Monday');
    assert.equal(monday.length, 1, '" Monday" is one o200k_base token');
    assert.ok(table.trainedIndex(monday[0]) >= 0, 'the built-in table trained " Monday"');
    const expectedNeighbors = await (await NeighborIndex.build(table)).nearest(monday[0], 8);
    const first = new TextDecoder().decode(ourEncoder('o200k_base').tokenBytes(expectedNeighbors[0].id));
    const hover = await waitFor('the hover with nearest tokens', async () => {
      const text = await hoverWords(editor.document, editor.document.positionAt(MONDAY + 2));
      return text.includes('Nearest tokens (cosine similarity)') && text;
    }, undefined, 60_000);
    assert.ok(hover.includes(firstValues(await table.wordVector(monday[0]))), `the built-in row of " Monday" in ${hover}`);
    assert.match(hover, /trained \(built-in\) · o200k_base, d = 64/);
    assert.match(hover, /trained in miniature \(built in\)/);
    assert.match(hover, /No position vectors/);
    assert.ok(hover.includes(first.replace(/ /g, '·')), `the nearest token ${JSON.stringify(first)} in ${hover}`);
    assert.equal((await api.embeddings.describe()).provenance, 'miniature');
  });

  it('"trained (built-in)" under another encoding says the table is for o200k_base and shows no vectors', async () => {
    await setSetting('encoding', 'cl100k_base');
    await setSetting('embedding.source', 'builtin');
    const editor = await openText(TEXT);
    const hover = await waitFor('a hover under cl100k_base', async () => {
      const text = await hoverWords(editor.document, editor.document.positionAt(MONDAY + 2));
      return text.includes('cl100k_base') && text;
    });
    assert.match(hover, /the built-in trained space is for o200k_base token ids and the encoding is cl100k_base/);
    assert.doesNotMatch(hover, /word vector/);
  });

  it('the hover says whether vectors are untrained, trained in miniature (a file this trainer wrote), or pretrained', async () => {
    const editor = await openText(TEXT);
    const at = editor.document.positionAt(MONDAY + 2);
    assert.match(await hoverWords(editor.document, at), /\*\*Embedding\*\* · initial weights .* · untrained {2}\n/);

    const vocabularySize = ourEncoder('o200k_base').vocabularySize;
    const pretrained = path.join(temp, 'model.safetensors');
    fs.writeFileSync(pretrained, encodeSafetensors([{ name: 'wte.weight', shape: [vocabularySize, 2], data: new Float32Array(vocabularySize * 2).fill(0.5) }]));
    await setSetting('embedding.weightsPath', pretrained);
    await setSetting('embedding.source', 'file');
    await waitFor('the pretrained label', async () => /model\.safetensors · pretrained {2}\n/.test(await hoverWords(editor.document, at)));

    const mine = new TrainedEmbeddings({ name: 'mine', vocabularySize, dimension: 2, seed: 0, ids: Int32Array.of(5), rows: Float32Array.of(1, 0) });
    const corpus = '2 files, 80 characters: notes.md, ideas.txt';
    const miniature = path.join(temp, 'mine.safetensors');
    fs.writeFileSync(miniature, encodeTrainedSafetensors(mine, { encoding: 'o200k_base', corpus, tokensTrained: 20, finalLoss: 2, window: 5, negatives: 5, epochs: 1 }));
    await setSetting('embedding.weightsPath', miniature);
    const hover = await waitFor('the miniature label', async () => {
      const text = await hoverWords(editor.document, at);
      return text.includes('mine.safetensors') && text;
    });
    assert.match(hover, /mine\.safetensors · trained in miniature on 2 files, 80 characters: notes\.md, ideas\.txt/);
  });

  it('the panel says the vectors are untrained and its offer switches to the built-in space', async () => {
    await setSetting('encoding', 'cl100k_base');
    await openText(TEXT);
    await vscode.commands.executeCommand('tokenLens.showPanel');
    await waitFor('the webview to say ready', () => api.panel.ready());
    const untrained = await tokensWhere(api, 'tokens with initial weights', (m) => m.characters === TEXT.length && m.source?.provenance === 'untrained');
    assert.match(untrained.source?.about ?? '', /Untrained: random initial weights/);

    await api.panel.receive({ type: 'useTrained' });
    const trained = await tokensWhere(api, 'tokens with the built-in space', (m) => m.source?.provenance === 'miniature');
    assert.equal(vscode.workspace.getConfiguration('tokenLens').get('embedding.source'), 'builtin');
    assert.equal(trained.encoding, 'o200k_base', 'the offer also selects the encoding the table is for');
    assert.match(trained.source?.label ?? '', /trained \(built-in\)/);
    assert.match(trained.source?.about ?? '', /Trained in miniature/);
    assert.equal(trained.source?.dimension, BUILTIN_TABLE.training.dimension);

    const monday = trained.tokens.find((token) => token.text === '·Monday');
    assert.ok(monday, 'the panel shows " Monday"');
    const expected = await (await NeighborIndex.build(table)).nearest(monday.id, 10);
    const answer = await waitFor('the nearest tokens in the panel', async () => {
      await api.panel.receive({ type: 'hover', generation: trained.generation, index: monday.index });
      const neighbors = api.panel.lastSent('neighbors');
      return neighbors && neighbors.index === monday.index && neighbors.neighbors.length > 0 && neighbors;
    }, () => api.panel.lastSent('neighbors'), 60_000);
    assert.deepEqual(answer.neighbors.slice(0, 3).map((neighbor) => neighbor.id), expected.slice(0, 3).map((neighbor) => neighbor.id));
  });
});
