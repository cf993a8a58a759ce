import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { InitialWeights, encodeSafetensors, sinusoidalPositionVector } from '../../src/core/embeddings';
import { WORKER_HEAP_MB } from '../../src/extension/worker/nodeThread';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, hoverText, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

/** "[+0.0123, -0.0311, …" as the hover prints the first values of a vector. */
function firstValues(vector: Float32Array, count = 3): string {
  return Array.from(vector.subarray(0, count), (value) => (value >= 0 ? '+' : '') + value.toFixed(4)).join(', ');
}

describe('embeddings in the editor', () => {
  let temp: string;
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-embeddings-'));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('the hover shows id, position and the word, position and input vectors of initial weights', async () => {
    await tokenLens();
    const text = 'Hello strawberry world';
    const editor = await openText(text);
    const hover = await hoverText(editor.document, new vscode.Position(0, 8));
    const tokens = ourEncoder('o200k_base').tokenize(text);
    const index = tokens.starts.findIndex((start, i) => start <= 8 && 8 < tokens.ends[i]);
    // The default shape follows the encoding: o200k_base gets d = 768 and GPT-4o's 128,000-token context.
    const weights = new InitialWeights({ vocabularySize: ourEncoder('o200k_base').vocabularySize, dimension: 768, contextLength: 128_000, seed: 0 });
    const word = await weights.wordVector(tokens.ids[index]);
    const position = (await weights.positionVector(index)) as Float32Array;
    const input = word.map((value, i) => value + position[i]);
    assert.match(hover, new RegExp(`id \\*\\*${tokens.ids[index]}\\*\\* · position ${index}`));
    assert.ok(hover.includes(`word embedding 200,019 × 768, row ${tokens.ids[index]} · position embedding 128,000 × 768, row ${index}`), 'the rows of both matrices');
    assert.ok(hover.includes(firstValues(word)), 'word vector values');
    assert.ok(hover.includes(firstValues(position)), 'position vector values');
    assert.ok(hover.includes(firstValues(input)), 'input vector values');
    assert.match(hover, /word !\[[^\]]*\]\([^)]*\) \+ position !\[[^\]]*\]\([^)]*\) = input !\[/, 'input = word + position, with their heat strips');
    assert.match(hover, /data:image\/svg\+xml;base64,/, 'heat strips of all dimensions');
    assert.match(hover, /d = 768, context 128,000 \(GPT-4o\)/);
  });

  it('follows the encoding: r50k_base gets GPT-2 small\'s shape and 1,024-token context', async () => {
    const api = await tokenLens();
    await setSetting('encoding', 'r50k_base');
    const described = await waitFor('GPT-2 shape', async () => {
      const current = await api.embeddings.describe();
      return current.shape.vocabularySize === 50257 && current;
    });
    assert.match(described.label, /GPT-2 small/);
    assert.deepEqual(described.shape, { vocabularySize: 50257, dimension: 768, contextLength: 1024 });
    await setSetting('encoding', undefined);
    await setSetting('contextWindow', 'gpt-3');
    const gpt3 = await waitFor('GPT-3 context', async () => {
      const current = await api.embeddings.describe();
      return current.shape.contextLength === 2048 && current;
    });
    assert.match(gpt3.label, /context 2,048 \(GPT-3\)/);
  });

  it("auto takes its context from tokenLens.models as the status bar does: a model of the user's own, and a built-in one whose window is overridden", async () => {
    const api = await tokenLens();
    await setSetting('models', { 'my-model': { label: 'My Model', encoding: 'o200k_base', contextWindow: 32_768 }, 'gpt-4o': { contextWindow: 4_096 } });
    await setSetting('contextWindow', 'my-model');
    const mine = await waitFor('the context of my-model', async () => {
      const current = await api.embeddings.describe();
      return current.shape.contextLength === 32_768 && current;
    }, async () => (await api.embeddings.describe()).label);
    assert.match(mine.label, /context 32,768 \(My Model\)/);
    await setSetting('contextWindow', 'gpt-4o');
    const overridden = await waitFor("gpt-4o's overridden window", async () => {
      const current = await api.embeddings.describe();
      return current.shape.contextLength === 4_096 && current;
    }, async () => (await api.embeddings.describe()).label);
    assert.match(overridden.label, /context 4,096 \(GPT-4o\)/);
    // Changing only the table changes the shape too.
    await setSetting('models', { 'gpt-4o': { contextWindow: 8_192 } });
    await waitFor('the window from the changed table', async () => (await api.embeddings.describe()).shape.contextLength === 8_192, async () => (await api.embeddings.describe()).label);
  });

  it('switching to sinusoidal positions changes the position vector in the hover', async () => {
    await tokenLens();
    const editor = await openText('one two three four five six');
    const at = new vscode.Position(0, 9);
    const before = await hoverText(editor.document, at);
    await setSetting('embedding.positions', 'sinusoidal');
    const after = await waitFor('sinusoidal hover', async () => {
      const hover = await hoverText(editor.document, at);
      return hover !== before && hover;
    });
    const expected = sinusoidalPositionVector(2, 768);
    assert.ok(after.includes(firstValues(expected)), `sin(2), cos(2), … in ${after}`);
  });

  it('marks tokens past the context window, in the editor and in the hover', async () => {
    const api = await tokenLens();
    await setSetting('embedding.model', 'custom');
    await setSetting('embedding.contextLength', 8);
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    const editor = await openText(text);
    const snapshot = await waitFor('dimmed tokens', () => {
      const current = api.highlighter.snapshot(editor.document);
      return current && current.outsideContext > 0 && current;
    });
    assert.equal(snapshot.outsideContext, ourEncoder('o200k_base').count(text) - 8);
    const hover = await hoverText(editor.document, new vscode.Position(0, text.length - 2));
    assert.match(hover, /outside .*8-token context/);
  });

  it('reads trained vectors from a .safetensors file and finds nearest tokens in the worker', async function () {
    this.timeout(60_000);
    const api = await tokenLens();
    const encoder = ourEncoder('r50k_base');
    const rows = encoder.vocabularySize;
    const dimension = 8;
    // Token ids of "cat" and "dog" get nearly the same row; every other row points elsewhere.
    const cat = encoder.encode(' cat')[0];
    const dog = encoder.encode(' dog')[0];
    const word = new Float32Array(rows * dimension);
    for (let id = 0; id < rows; id++) {
      word[id * dimension + (id % dimension)] = 1;
      word[id * dimension + ((id + 3) % dimension)] = (id % 7) / 7;
    }
    word.fill(0, cat * dimension, (cat + 1) * dimension);
    word.fill(0, dog * dimension, (dog + 1) * dimension);
    word.set([5, 5, 5, 5, -5, 0, 0, 1], cat * dimension);
    word.set([5, 5, 5, 5, -5, 0, 0, 1.1], dog * dimension);
    const position = new Float32Array(16 * dimension).map((_, i) => i / 100);
    const file = path.join(temp, 'tiny.safetensors');
    fs.writeFileSync(
      file,
      encodeSafetensors([
        { name: 'wte.weight', shape: [rows, dimension], data: word },
        { name: 'wpe.weight', shape: [16, dimension], data: position },
      ]),
    );
    await setSetting('encoding', 'r50k_base');
    await setSetting('embedding.weightsPath', file);
    await setSetting('embedding.source', 'file');
    const described = await api.embeddings.describe();
    assert.equal(described.label, 'tiny.safetensors');
    assert.equal(described.learned, true);
    assert.deepEqual(described.shape, { vocabularySize: rows, dimension, contextLength: 16 });
    const editor = await openText('my cat sleeps');
    const hover = await waitFor('nearest tokens', async () => {
      const text = await hoverText(editor.document, new vscode.Position(0, 4));
      return /Nearest tokens \(cosine similarity\)/.test(text) && text;
    });
    assert.ok(hover.includes('+5.0000, +5.0000, +5.0000'), 'the word row read from the file');
    assert.match(hover, /`·dog` 1\.00/, `dog is the nearest token to cat: ${hover}`);
  });

  it('moving to another source closes the old weights file in the worker and drops its index', async function () {
    this.timeout(60_000);
    const api = await tokenLens();
    const encoder = ourEncoder('r50k_base');
    const dimension = 4;
    const word = Float32Array.from({ length: encoder.vocabularySize * dimension }, (_, i) => Math.sin(i));
    const file = path.join(temp, 'moving.safetensors');
    fs.writeFileSync(file, encodeSafetensors([{ name: 'wte.weight', shape: [encoder.vocabularySize, dimension], data: word }]));
    await setSetting('encoding', 'r50k_base');
    await setSetting('embedding.weightsPath', file);
    await setSetting('embedding.source', 'file');
    const editor = await openText('my cat sleeps');
    await waitFor('nearest tokens', async () => /Nearest tokens \(cosine similarity\)/.test(await hoverText(editor.document, new vscode.Position(0, 4))));
    const holdsFile = (keys: readonly string[]) => keys.some((key) => key.includes('moving.safetensors'));
    const before = await api.embeddings.workerStats();
    assert.ok(holdsFile(before.sources) && holdsFile(before.indexes), JSON.stringify(before));
    assert.equal(before.openFiles, 1);
    await setSetting('embedding.source', 'initial');
    let seen = before;
    await waitFor(
      'the worker to let go of the file',
      async () => {
        seen = await api.embeddings.workerStats();
        return !holdsFile(seen.sources) && !holdsFile(seen.indexes) && seen.openFiles === 0;
      },
      () => seen,
    );
  });

  it('the worker runs with a bounded JavaScript heap', async () => {
    const api = await tokenLens();
    const { heapLimitMb } = await api.embeddings.workerStats();
    // resourceLimits sets the old generation; the young one adds a little. Unbounded, V8 allows several GB.
    assert.ok(heapLimitMb !== undefined && heapLimitMb >= WORKER_HEAP_MB && heapLimitMb <= WORKER_HEAP_MB + 128, `heap limit ${heapLimitMb} MB`);
  });

  it('a malformed weights file gives a clear message and the hover still works', async () => {
    await tokenLens();
    const file = path.join(temp, 'broken.safetensors');
    fs.writeFileSync(file, Buffer.from([0xff, 0xff, 0, 0, 0, 0, 0, 0, 1, 2, 3]));
    await setSetting('embedding.weightsPath', file);
    await setSetting('embedding.source', 'file');
    const editor = await openText('hello there');
    const hover = await hoverText(editor.document, new vscode.Position(0, 2));
    assert.match(hover, /id \*\*\d+\*\*/, 'the token part of the hover is intact');
    assert.match(hover, /Embedding\*\* · unavailable: .*broken\.safetensors/);
  });

  it('Show Embedding Details opens the full vectors of the token at the cursor', async () => {
    await tokenLens();
    const editor = await openText('alpha beta gamma');
    const shown = await vscode.commands.executeCommand<{ id: number; position: number; dimension: number }>(
      'tokenLens.showEmbeddingDetails',
      editor.document.uri,
      new vscode.Position(0, 7),
    );
    assert.deepEqual(shown, { id: ourEncoder('o200k_base').encode(' beta')[0], position: 1, dimension: 768 });
    const details = await waitFor('details document', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'token-lens-embedding'));
    const lines = details.document.getText().split('\n');
    assert.ok(lines.length > 768, 'one line per dimension');
    assert.match(details.document.getText(), /word embedding: 200,019 × 768 = 153,614,592 weights/);
    assert.match(details.document.getText(), /Untrained: random initial weights/, 'what the vectors are, in the sentence the hover has no room for');
  });

  it('Export Embeddings writes projector TSVs and a safetensors file', async () => {
    await tokenLens();
    const editor = await openText('export these few tokens');
    const folder = vscode.Uri.file(path.join(temp, 'export'));
    fs.mkdirSync(folder.fsPath, { recursive: true });
    const result = await vscode.commands.executeCommand<{ tokens: number; dimension: number }>('tokenLens.exportEmbeddings', folder);
    const count = ourEncoder('o200k_base').count(editor.document.getText());
    assert.deepEqual(result && { tokens: result.tokens, dimension: result.dimension }, { tokens: count, dimension: 768 });
    const vectors = fs.readFileSync(path.join(folder.fsPath, 'vectors.tsv'), 'utf8').trim().split('\n');
    const metadata = fs.readFileSync(path.join(folder.fsPath, 'metadata.tsv'), 'utf8').trim().split('\n');
    assert.equal(vectors.length, count);
    assert.equal(vectors[0].split('\t').length, 768);
    assert.equal(metadata[0], 'token\tid\tposition');
    assert.equal(metadata.length, count + 1);
    assert.ok(fs.statSync(path.join(folder.fsPath, 'embeddings.safetensors')).size > count * 768 * 4 * 3);
  });
});
