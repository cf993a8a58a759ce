/** The `embed` and `neighbors` commands, run as a user would: `node dist/cli.js` (build first with `node esbuild.js`). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors } from '../../../src/core/embeddings';
import { patternMatrix } from './helpers';

const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const GPT2_ROWS = 50257;
const HELLO = 31373; // "hello" in r50k_base

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], input = ''): Run {
  const result = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exit code 1 or 2 with exactly one `token-lens: …` line on stderr. */
function assertFails(result: Run, status: number, fragment: string | RegExp): void {
  assert.equal(result.status, status, `exit ${result.status}, stderr: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /^token-lens: /);
  if (typeof fragment === 'string') assert.ok(lines[0].includes(fragment), lines[0]);
  else assert.match(lines[0], fragment);
}

describe('CLI: embed and neighbors', function () {
  this.timeout(20000);
  let folder: string;
  let gpt2File: string;
  let words: Float32Array;
  let positions: Float32Array;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'token-lens-cli-'));
    // A GPT-2-shaped vocabulary with d = 4: row HELLO points along x, rows 100, 200, 300 at 10°, 20°, 30° from it,
    // every other row lies in the y–z–w space (cosine 0 with x).
    words = patternMatrix(GPT2_ROWS, 4, 1e-3);
    for (let id = 0; id < GPT2_ROWS; id++) words[id * 4] = 0;
    words.set([2, 0, 0, 0], HELLO * 4);
    [100, 200, 300].forEach((id, i) => {
      const angle = ((i + 1) * 10 * Math.PI) / 180;
      words.set([Math.cos(angle), Math.sin(angle), 0, 0], id * 4);
    });
    positions = patternMatrix(8, 4, 0.5);
    gpt2File = join(folder, 'gpt2.safetensors');
    writeFileSync(gpt2File, encodeSafetensors([
      { name: 'transformer.wte.weight', shape: [GPT2_ROWS, 4], data: words },
      { name: 'transformer.wpe.weight', shape: [8, 4], data: positions },
    ]));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  describe('embed', () => {
    it('prints the JSON shape with defaults: o200k_base, init weights, d 768, learned positions', () => {
      const result = run(['embed', '--json'], 'Hello world');
      assert.equal(result.status, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.encoding, 'o200k_base');
      assert.equal(json.dim, 768);
      assert.match(json.source, /initial weights/);
      assert.equal(json.tokens.length, 2);
      for (const [index, token] of json.tokens.entries()) {
        assert.deepEqual(Object.keys(token), ['id', 'position', 'word', 'pos', 'input', 'outside_context']);
        assert.equal(token.position, index);
        assert.equal(token.word.length, 768);
        assert.equal(token.outside_context, false);
        token.input.forEach((v: number, i: number) => assert.equal(Math.fround(v), Math.fround(Math.fround(token.word[i]) + Math.fround(token.pos[i]))));
      }
    });

    it('is deterministic per seed', () => {
      const a = JSON.parse(run(['embed', '--json', '--seed', '5', '--dim', '8'], 'x').stdout);
      const b = JSON.parse(run(['embed', '--json', '--seed', '5', '--dim', '8'], 'x').stdout);
      const c = JSON.parse(run(['embed', '--json', '--seed', '6', '--dim', '8'], 'x').stdout);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a.tokens[0].word, c.tokens[0].word);
    });

    it('gives null pos and input outside the context and without positions', () => {
      const outside = JSON.parse(run(['embed', '--json', '--model', 'custom', '--context', '2', '--dim', '4', '--encoding', 'r50k_base'], 'a b c d').stdout);
      assert.deepEqual(outside.tokens.map((t: { outside_context: boolean }) => t.outside_context), [false, false, true, true]);
      assert.equal(outside.tokens[2].pos, null);
      assert.equal(outside.tokens[2].input, null);
      const none = JSON.parse(run(['embed', '--json', '--positions', 'none', '--dim', '4'], 'a b').stdout);
      assert.equal(none.tokens[0].pos, null);
      assert.equal(none.tokens[0].outside_context, false);
    });

    it('reads rows from a weights file, picking r50k_base from its 50257 rows', () => {
      const result = run(['embed', '--json', '--weights', gpt2File], 'hello hello');
      assert.equal(result.status, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.encoding, 'r50k_base');
      assert.equal(json.source, gpt2File);
      assert.equal(json.dim, 4);
      assert.equal(json.tokens[0].id, HELLO);
      assert.deepEqual(json.tokens[0].word, [2, 0, 0, 0]);
      const second = json.tokens[1];
      const expectedWord = Array.from(words.subarray(second.id * 4, second.id * 4 + 4));
      assert.deepEqual(second.word.map(Math.fround), expectedWord);
      assert.deepEqual(second.pos.map(Math.fround), Array.from(positions.subarray(4, 8)));
    });

    it('prints a readable table without --json', () => {
      const result = run(['embed', '--model', 'custom', '--dim', '6', '--encoding', 'r50k_base'], 'Hello');
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /word embedding 50257 × 6 = 301,542 weights/);
      assert.match(result.stdout, /15496\s+"Hello"/);
    });

    it('exits 2 on usage errors with one line', () => {
      assertFails(run(['embed', '--positions', 'rope'], 'x'), 2, '--positions must be one of learned, sinusoidal, none, got "rope"');
      assertFails(run(['embed', '--dim', '0'], 'x'), 2, '--dim must be a decimal integer from 2 to 65,536, got "0"');
      assertFails(run(['embed', '--bogus'], 'x'), 2, 'usage: token-lens embed');
      assertFails(run(['embed', '--weights', gpt2File, '--dim', '8'], 'x'), 2, '--dim applies to --weights init only');
      assertFails(run(['embed', '--encoding', 'nope'], 'x'), 2, 'unknown encoding "nope"');
    });

    it('exits 1 on unreadable or malformed weights, naming the file', () => {
      assertFails(run(['embed', '--weights', join(folder, 'missing.safetensors')], 'x'), 1, 'no such file');
      const broken = join(folder, 'broken.safetensors');
      writeFileSync(broken, new Uint8Array([1, 2, 3]));
      assertFails(run(['embed', '--weights', broken], 'x'), 1, `${broken}: expected a safetensors file`);
      assertFails(run(['embed', '--weights', gpt2File, '--encoding', 'cl100k_base'], 'x'), 1, /100277 ids of cl100k_base .* found 50257 rows/);
      const odd = join(folder, 'odd.safetensors');
      writeFileSync(odd, encodeSafetensors([{ name: 'wte.weight', shape: [1000, 2], data: new Float32Array(2000) }]));
      assertFails(run(['embed', '--weights', odd], 'x'), 1, 'pass --tokenizer');
    });
  });

  describe('neighbors', () => {
    it('lists the nearest tokens by cosine, as JSON', () => {
      const result = run(['neighbors', 'hello', '--weights', gpt2File, '--k', '3', '--json']);
      assert.equal(result.status, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.encoding, 'r50k_base');
      assert.deepEqual(json.query, { text: 'hello', id: HELLO, token: 'hello', tokens: 1 });
      assert.deepEqual(json.neighbors.map((n: { id: number }) => n.id), [100, 200, 300]);
      json.neighbors.forEach((n: { cosine: number; token: string }, i: number) => {
        assert.ok(Math.abs(n.cosine - Math.cos(((i + 1) * 10 * Math.PI) / 180)) < 1e-6);
        assert.equal(typeof n.token, 'string');
      });
    });

    it('uses the first token of a longer text and says so on stderr', () => {
      const result = run(['neighbors', 'hello world', '--weights', gpt2File, '--k', '1']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /^token-lens: note: "hello world" is 2 tokens .*; using the first\n$/);
      assert.match(result.stdout, /nearest to "hello" \(id 31373\)/);
      assert.match(result.stdout, /1\s+0\.9848\s+100\s/);
    });

    it('exits 2 without TOKEN_TEXT or --weights, or with init weights', () => {
      assertFails(run(['neighbors', '--weights', gpt2File]), 2, 'expected TOKEN_TEXT');
      assertFails(run(['neighbors', 'hello']), 2, 'expected --weights');
      assertFails(run(['neighbors', 'hello', '--weights', 'init']), 2, 'need trained weights');
      assertFails(run(['neighbors', 'hello', '--weights', gpt2File, '--k', '0']), 2, '--k must be a decimal integer from 1 to 1,000,000, got "0"');
    });

    it('exits 1 on a missing weights file', () => {
      assertFails(run(['neighbors', 'hello', '--weights', join(folder, 'nope.safetensors')]), 1, 'cannot read');
    });
  });
});
