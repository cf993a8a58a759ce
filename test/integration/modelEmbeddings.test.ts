/**
 * An open model's own input embeddings in the hover: with a model folder (tokenizer.json +
 * model.safetensors) or the same files on the mock Hub selected, hovering a word shows that
 * model's rows, read in the worker (lazily by Range requests for the Hub), with no learned
 * position vector for a rotary (Llama-style) model; past the window its config.json gives, nothing.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { HfTokenizer } from '../../src/core/hf';
import { encodeSafetensors } from '../../src/core/embeddings/safetensors/writer';
import { l2Norm } from '../../src/core/embeddings';
import { projectRoot } from '../support/encoders';
import { MockHub } from '../support/mockHub';
import { hoverText, modelFolderPerTest, openText, setSetting, tokenLens, waitFor } from './support';

const tokenizerFile = join(projectRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models', 'tokenizer.json');
const DIM = 8;
const text = 'The strawberry field is red.\n';

/** Row `id` of the test matrix: distinct per row, so a wrong row or another source shows. */
function row(id: number): Float32Array {
  return Float32Array.from({ length: DIM }, (_, j) => Math.sin(id * 0.731 + j * 1.37) * 0.05 + (j === 0 ? id / 1e6 : 0));
}

/** A Llama-style weights file: model.embed_tokens.weight, one row per id, and a layer the hover never needs. */
function weightsFile(rows: number): Uint8Array {
  const values = new Float32Array(rows * DIM);
  for (let id = 0; id < rows; id++) values.set(row(id), id * DIM);
  return encodeSafetensors([
    { name: 'model.embed_tokens.weight', shape: [rows, DIM], data: values },
    { name: 'model.layers.0.mlp.up_proj.weight', shape: [256, 256], data: new Float32Array(256 * 256).fill(0.5) },
  ]);
}

/** The hover's line for a vector, as the hover prints it: the first values and the norm. */
function vectorLine(vector: Float32Array): string {
  const values = Array.from(vector.subarray(0, 3), (value) => (value >= 0 ? '+' : '') + value.toFixed(4));
  return `[${values.join(', ')}, …] ‖${l2Norm(vector).toFixed(3)}‖`;
}

/** The F32 tensors of a safetensors file the export wrote, by name. */
function readTensors(bytes: Buffer): Record<string, Float32Array> {
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype: string; data_offsets: [number, number] }>;
  const body = 8 + headerLength;
  return Object.fromEntries(
    Object.entries(header)
      .filter(([name, info]) => name !== '__metadata__' && info.dtype === 'F32')
      .map(([name, { data_offsets: [start, end] }]) => [name, new Float32Array(bytes.buffer.slice(bytes.byteOffset + body + start, bytes.byteOffset + body + end))]),
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe("open models' embeddings in the hover", function () {
  this.timeout(60_000);
  const modelFolder = modelFolderPerTest();
  let llama: HfTokenizer;
  let weights: Uint8Array;

  before(() => {
    llama = HfTokenizer.fromJson(new Uint8Array(readFileSync(tokenizerFile)), 'llama3');
    weights = weightsFile(llama.vocabularySize);
  });

  /** Hovers "strawberry" and checks that the token under the cursor shows its row of the file as word and input vector. */
  async function assertHoverShowsRows(editor: vscode.TextEditor, source: RegExp): Promise<string> {
    const at = text.indexOf('strawberry');
    const tokens = llama.tokenize(text);
    const ids = Array.from({ length: tokens.count }, (_, i) => i).filter((i) => tokens.starts[i] <= at + 1 && tokens.ends[i] > at + 1).map((i) => tokens.ids[i]);
    assert.equal(ids.length, 1, 'one token under the cursor');
    let shown = '';
    const hover = await waitFor(
      'the hover with the model\'s rows',
      async () => {
        shown = await hoverText(editor.document, editor.document.positionAt(at + 1));
        return source.test(shown) && shown;
      },
      () => shown,
    );
    for (const id of ids) {
      const line = vectorLine(row(id));
      assert.match(hover, new RegExp(`word +${escape(line)}`), `word row ${id} of the file`);
      assert.match(hover, new RegExp(`input +${escape(line)}`), `input = word row ${id} (rotary: nothing added)`);
    }
    assert.doesNotMatch(hover, /\nposition +\[/, 'no position vector line');
    assert.match(hover, /no learned position vector/);
    assert.match(hover, new RegExp(`word embedding ${llama.vocabularySize.toLocaleString('en-US')} × ${DIM}`));
    return hover;
  }

  it("a model folder with model.safetensors: the hover shows the file's word rows, and the input vector is the word vector", async () => {
    const folder = modelFolder();
    await tokenLens();
    copyFileSync(tokenizerFile, join(folder, 'tokenizer.json'));
    writeFileSync(join(folder, 'model.safetensors'), weights);
    const editor = await openText(text);
    assert.ok(await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder }));
    await assertHoverShowsRows(editor, new RegExp(`${escape(folder.split(/[\\/]/).pop() ?? folder)} · model\\.safetensors`));
  });

  it("a rotary model with its own window (config.json): the tokens past it are dimmed, and the hover and the details give them no input vector", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    copyFileSync(tokenizerFile, join(folder, 'tokenizer.json'));
    writeFileSync(join(folder, 'model.safetensors'), weights);
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ max_position_embeddings: 8 }));
    const long = text.repeat(3);
    const editor = await openText(long);
    const name = await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder });
    // Inside the window, as before: the word vector is the input, with no position table.
    const inside = await assertHoverShowsRows(editor, /model\.safetensors/);
    assert.doesNotMatch(inside, /outside/);
    assert.equal((await api.embeddings.describe()).shape.contextLength, undefined, 'rotary: no position table');
    const count = llama.count(long);
    await waitFor('the tokens past 8 dimmed', () => api.highlighter.snapshot(editor.document)?.outsideContext === count - 8, () => api.highlighter.snapshot(editor.document));
    const last = editor.document.positionAt(long.lastIndexOf('red'));
    const hover = await hoverText(editor.document, last);
    assert.match(hover, new RegExp(`outside ${escape(name)}’s 8-token context window: the model never sees this token\\.`));
    assert.doesNotMatch(hover, /there is no position vector|no learned position vector|Positions are rotary/, 'nothing said of a position vector it never had');
    assert.doesNotMatch(hover, /\ninput +\[/, 'no input vector: the model never reads it');
    await vscode.commands.executeCommand('tokenLens.showEmbeddingDetails', editor.document.uri, last);
    const details = await waitFor('the details document', () => vscode.window.visibleTextEditors.find((each) => each.document.uri.scheme === 'token-lens-embedding'));
    const shown = details.document.getText();
    assert.match(shown, /Positions are rotary: nothing is added to the word vector/);
    assert.match(shown, /outside the context window: the model never sees this token\./);
    assert.doesNotMatch(shown, /word vector \+ position vector|‖input‖/);
  });

  it("Export Embeddings takes the hover's window: past a rotary model's config.json window, the input rows are zeros, not the word vector", async () => {
    const folder = modelFolder();
    await tokenLens();
    copyFileSync(tokenizerFile, join(folder, 'tokenizer.json'));
    writeFileSync(join(folder, 'model.safetensors'), weights);
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ max_position_embeddings: 8 }));
    const long = text.repeat(3);
    await openText(long);
    await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder });
    const out = join(folder, 'export');
    mkdirSync(out);
    const exported = await vscode.commands.executeCommand<{ tokens: number; outsideContext: number }>('tokenLens.exportEmbeddings', vscode.Uri.file(out));
    const ids = llama.encode(long);
    assert.deepEqual(exported && [exported.tokens, exported.outsideContext], [ids.length, ids.length - 8]);
    const tensors = readTensors(readFileSync(join(out, 'embeddings.safetensors')));
    const tsv = readFileSync(join(out, 'vectors.tsv'), 'utf8').trimEnd().split('\n');
    ids.forEach((id, i) => {
      const expected = i < 8 ? Array.from(row(id)) : Array<number>(DIM).fill(0);
      assert.deepEqual(Array.from(tensors.word.subarray(i * DIM, (i + 1) * DIM)), Array.from(row(id)), `token ${i}: the word row, inside the window or not`);
      assert.deepEqual(Array.from(tensors.input.subarray(i * DIM, (i + 1) * DIM)), expected, `token ${i}: input row`);
      assert.deepEqual(tsv[i].split('\t').map((value) => Math.fround(Number(value))), expected, `token ${i}: vectors.tsv`);
    });
  });

  it('a Hub model: the hover shows its rows, read by Range requests without downloading the weights', async () => {
    await tokenLens();
    const hub = new MockHub();
    await hub.start();
    try {
      hub.addRepo('acme/llama3-rows', { 'tokenizer.json': new Uint8Array(readFileSync(tokenizerFile)), 'model.safetensors': weights });
      await setSetting('hub.endpoint', hub.endpoint);
      const editor = await openText(text);
      assert.equal(await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { hub: 'acme/llama3-rows' }), 'acme/llama3-rows');
      const hover = await assertHoverShowsRows(editor, /acme\/llama3-rows · model\.safetensors/);
      // Nearest tokens would need every row: the hover says so instead of fetching the whole table.
      assert.match(hover, /Nearest tokens unavailable: .*whole word table .*MB/);
      const weightRequests = hub.requests.filter((request) => request.path.endsWith('/model.safetensors'));
      assert.ok(weightRequests.length > 0, 'the weights came from the mock Hub');
      assert.ok(weightRequests.every((request) => request.range !== undefined), 'only Range requests for the weights');
      const fetched = weightRequests.reduce((sum, request) => sum + request.bodyBytes, 0);
      assert.ok(fetched < weights.length / 10, `fetched ${fetched} of ${weights.length} bytes`);
    } finally {
      await setSetting('hub.endpoint', undefined);
      await hub.stop();
    }
  });
});
