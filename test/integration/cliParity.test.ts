/** The CLI and the extension compute the same vectors for the same settings (one core function resolves the shape). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { projectRoot } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens } from './support';

/** The CLI option of each setting: the same name, the same meaning. */
const FLAGS: Record<string, string> = {
  encoding: '--encoding',
  contextWindow: '--context-window',
  'embedding.model': '--model',
  'embedding.dimension': '--dim',
  'embedding.contextLength': '--context',
  'embedding.positions': '--positions',
  'embedding.seed': '--seed',
};

interface CliToken {
  id: number;
  position: number;
  word: number[];
  pos: number[] | null;
  input: number[] | null;
  outside_context: boolean;
}

/** The F32 and I32 tensors of a safetensors file the export wrote. */
function readTensors(file: string): Record<string, Float32Array | Int32Array> {
  const bytes = fs.readFileSync(file);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype: string; data_offsets: [number, number] }>;
  const tensors: Record<string, Float32Array | Int32Array> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [start, end] = info.data_offsets;
    const data = bytes.buffer.slice(bytes.byteOffset + 8 + headerLength + start, bytes.byteOffset + 8 + headerLength + end);
    tensors[name] = info.dtype === 'I32' ? new Int32Array(data) : new Float32Array(data);
  }
  return tensors;
}

const LONG = Array.from({ length: 1100 }, (_, i) => `w${i % 97}`).join(' ');

const CASES: { title: string; settings: Record<string, string | number>; text: string }[] = [
  { title: 'the default settings (auto: d 768 and GPT-4o\'s context)', settings: {}, text: 'Hello strawberry world, one two three.' },
  { title: 'auto with d = 16 and GPT-4\'s window, past 1,024 tokens', settings: { 'embedding.dimension': 16, contextWindow: 'gpt-4' }, text: LONG },
  {
    title: 'custom, sinusoidal, seed 7, cl100k_base, past a 5-token context',
    settings: { encoding: 'cl100k_base', 'embedding.model': 'custom', 'embedding.dimension': 12, 'embedding.contextLength': 5, 'embedding.positions': 'sinusoidal', 'embedding.seed': 7 },
    text: 'one two three four five six seven eight',
  },
];

describe('CLI and extension agree', function () {
  this.timeout(120_000);
  let temp: string;
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-parity-'));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  CASES.forEach(({ title, settings, text }, n) => {
    it(`same word, position and input vectors, exactly: ${title}`, async () => {
      const api = await tokenLens();
      for (const [key, value] of Object.entries(settings)) await setSetting(key, value);
      const editor = await openText(text, 'plaintext');
      const described = await api.embeddings.describe();
      const folder = path.join(temp, `case${n}`);
      fs.mkdirSync(folder);
      const exported = await vscode.commands.executeCommand<{ tokens: number }>('tokenLens.exportEmbeddings', vscode.Uri.file(folder));
      assert.ok(exported, 'the export ran');
      const ours = readTensors(path.join(folder, 'embeddings.safetensors'));

      const input = path.join(folder, 'input.txt');
      fs.writeFileSync(input, editor.document.getText());
      // The CLI is not in the .vsix: the source tree's build is the same code.
      const cli = path.join(projectRoot, 'dist', 'cli.js');
      const args = Object.entries(settings).flatMap(([key, value]) => [FLAGS[key], String(value)]);
      const run = spawnSync(process.execPath, [cli, 'embed', input, '--json', ...args], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      assert.equal(run.status, 0, run.stderr);
      const theirs = JSON.parse(run.stdout) as { dim: number; context: number | null; tokens: CliToken[] };

      assert.deepEqual([theirs.dim, theirs.context], [described.shape.dimension, described.shape.contextLength], 'the same shape');
      assert.equal(theirs.tokens.length, exported.tokens);
      const d = theirs.dim;
      const row = (matrix: Float32Array | Int32Array, i: number) => Array.from(matrix.subarray(i * d, (i + 1) * d));
      const f32 = (vector: number[] | null) => (vector ? vector.map(Math.fround) : Array<number>(d).fill(0));
      let withPosition = 0;
      theirs.tokens.forEach((token, i) => {
        assert.equal(token.id, ours.token_ids[i], `token ${i}: id`);
        assert.equal(token.position, ours.positions[i], `token ${i}: position`);
        assert.deepEqual(f32(token.word), row(ours.word, i), `token ${i}: word vector`);
        assert.deepEqual(f32(token.pos), row(ours.position, i), `token ${i}: position vector`);
        // The export writes the word vector as the input where nothing is added, and zeros (null here) past the context.
        assert.deepEqual(token.input || token.outside_context ? f32(token.input) : f32(token.word), row(ours.input, i), `token ${i}: input vector`);
        if (token.pos) withPosition++;
      });
      assert.ok(withPosition > 0, 'some tokens have position vectors');
    });
  });
});
