/** Weights holding NaN or ±Infinity: said once, never confused with "no vector", never a neighbour. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors } from '../../../src/core/embeddings';
import { runCli } from './spawnCli';

const ROWS = 50257; // GPT-2, so r50k_base is picked
const HELLO = 31373; // "hello"
const WORLD = 995; // " world"
const THE = 262; // " the"

describe('CLI: non-finite weights', function () {
  this.timeout(60_000);
  let folder: string;
  let file: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'token-lens-nonfinite-'));
    const words = new Float32Array(ROWS * 4).map((_, i) => (i % 4 === 0 ? 0 : Math.sin(i)));
    words.set([1, 0, 0, 0], HELLO * 4);
    // Were they finite, these would be hello's nearest rows.
    words.set([Number.NaN, 0, 0, 0], WORLD * 4);
    words.set([Number.POSITIVE_INFINITY, 0, 0, 0], 100 * 4);
    words.set([1, Number.NEGATIVE_INFINITY, 0, 0], 200 * 4);
    // All zeros, as a padding token's row often is: a neighbour at cosine 0, but no query.
    words.set([0, 0, 0, 0], THE * 4);
    const positions = new Float32Array(4 * 4).fill(0.5);
    positions.set([Number.POSITIVE_INFINITY, 0, 0, Number.NEGATIVE_INFINITY], 4);
    file = join(folder, 'poisoned.safetensors');
    writeFileSync(file, encodeSafetensors([
      { name: 'wte.weight', shape: [ROWS, 4], data: words },
      { name: 'wpe.weight', shape: [4, 4], data: positions },
    ]));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('embed --json writes non-finite values as "NaN", "Infinity", "-Infinity", keeping null for "no position vector"', () => {
    const result = runCli(['embed', '--json', '--weights', file], { input: 'hello world hello world hello' });
    assert.equal(result.status, 0, result.stderr);
    const tokens = JSON.parse(result.stdout).tokens;
    assert.deepEqual(tokens.map((token: { id: number }) => token.id), [HELLO, WORLD, 23748, WORLD, 23748]);
    assert.deepEqual(tokens[1].word, ['NaN', 0, 0, 0]);
    assert.deepEqual(tokens[1].pos, ['Infinity', 0, 0, '-Infinity']);
    assert.deepEqual(tokens[1].input, ['NaN', 0, 0, '-Infinity']);
    assert.equal(tokens[4].pos, null, 'position 4 is outside the 4-position context');
    assert.equal(tokens[4].outside_context, true);
  });

  it('embed warns once on stderr, naming the file and how many rows', () => {
    const result = runCli(['embed', '--weights', file], { input: 'hello world hello world' });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(lines[0].startsWith(`token-lens: warning: ${file}: 2 rows read hold NaN or ±Infinity`), lines[0]);
    assert.match(lines[0], /word row 995; position row 1/);
  });

  it('neighbors leaves the non-finite rows out, with cosines in [-1, 1], and says how many once', () => {
    const result = runCli(['neighbors', 'hello', '--weights', file, '--k', '60000', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const neighbors: { id: number; cosine: number }[] = JSON.parse(result.stdout).neighbors;
    assert.equal(neighbors.length, ROWS - 1 - 3);
    for (const id of [WORLD, 100, 200]) assert.ok(!neighbors.some((n) => n.id === id), `row ${id} left out`);
    assert.ok(neighbors.every((n) => n.cosine >= -1 && n.cosine <= 1));
    assert.equal(result.stderr, `token-lens: warning: ${file}: 3 of ${ROWS} word rows hold NaN or ±Infinity; left out of the neighbours\n`);
  });

  it('neighbors of a non-finite row is one clear error', () => {
    const result = runCli(['neighbors', ' world', '--weights', file]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `token-lens: ${file}: row ${WORLD} (" world") holds NaN or ±Infinity; it has no direction to compare\n`);
  });

  it('neighbors of a row of zeros is one clear error naming the file and the row; such a row is still a neighbour, at cosine 0', () => {
    const result = runCli(['neighbors', ' the', '--weights', file]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `token-lens: ${file}: row ${THE} (" the") is all zeros; it has no direction to compare\n`);
    const all = runCli(['neighbors', 'hello', '--weights', file, '--k', '60000', '--json']);
    const zero = (JSON.parse(all.stdout).neighbors as { id: number; cosine: number }[]).find((n) => n.id === THE);
    assert.equal(zero?.cosine, 0);
  });

  it('project refuses non-finite vectors with one line instead of a layout of NaN', () => {
    const result = runCli(['project', '--weights', file, '--json'], { input: 'hello world hello' });
    assert.equal(result.status, 1, result.stdout.slice(0, 200));
    assert.equal(result.stderr, `token-lens: ${file}: 1 of the 3 tokens' vectors hold NaN or ±Infinity; a projection needs finite vectors\n`);
  });
});
