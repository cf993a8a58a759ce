/** `token-lens project`, run as a user would: `node dist/cli.js` (build first with `node esbuild.js`). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors } from '../../../src/core/embeddings';

const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const TEXT = 'the cat sat on the mat, the end';

interface Point {
  id: number;
  position: number;
  x: number;
  y: number;
}

function run(args: string[], input = TEXT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: string[], input = TEXT): { method: string; vectors: string; explained_variance?: number[]; points: Point[] } {
  const result = run([...args, '--json'], input);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

function assertUsage(args: string[], fragment: string): void {
  const result = run(args);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  assert.ok(result.stderr.startsWith('token-lens: ') && result.stderr.includes(fragment), result.stderr);
}

describe('CLI: project', function () {
  this.timeout(30_000);

  it('prints PCA of the input vectors by default, with the explained variance and one point per token', () => {
    const output = json(['project', '--dim', '32']);
    assert.deepEqual(Object.keys(output), ['method', 'vectors', 'explained_variance', 'points']);
    assert.equal(output.method, 'pca');
    assert.equal(output.vectors, 'input');
    assert.equal(output.explained_variance?.length, 2);
    assert.ok(output.explained_variance.every((share) => share > 0 && share <= 1));
    assert.deepEqual(output.points.map((point) => point.position), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const point of output.points) {
      assert.deepEqual(Object.keys(point), ['id', 'position', 'x', 'y']);
      assert.ok(Math.abs(point.x) <= 1 && Math.abs(point.y) <= 1);
    }
    assert.equal(Math.max(...output.points.flatMap((point) => [Math.abs(point.x), Math.abs(point.y)])), 1, 'normalised to [-1, 1]');
  });

  it('puts a repeated token on one point as a word vector and on two once positions are added', () => {
    const word = json(['project', '--dim', '32', '--vectors', 'word']).points;
    const input = json(['project', '--dim', '32', '--vectors', 'input']).points;
    const first = word.findIndex((point, i) => word.some((other, j) => j > i && other.id === point.id));
    const second = word.findIndex((point, j) => j > first && point.id === word[first].id);
    assert.ok(first >= 0 && second > first, 'a token repeats (" the")');
    assert.deepEqual([word[first].x, word[first].y], [word[second].x, word[second].y]);
    assert.notDeepEqual([input[first].x, input[first].y], [input[second].x, input[second].y]);
    assert.equal(json(['project', '--dim', '32', '--vectors', 'pos']).vectors, 'pos');
  });

  it('runs UMAP and t-SNE, deterministically per seed, without explained variance', () => {
    for (const method of ['umap', 'tsne']) {
      const a = json(['project', '--dim', '16', '--method', method, '--seed', '4']);
      const b = json(['project', '--dim', '16', '--method', method, '--seed', '4']);
      assert.equal(a.method, method);
      assert.equal(a.explained_variance, undefined);
      assert.deepEqual(a, b);
      assert.equal(a.points.length, 9);
    }
  });

  it('prints a readable table without --json', () => {
    const result = run(['project', '--dim', '16', '--vectors', 'word']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^vectors {3}word/m);
    assert.match(result.stdout, /^method {4}PCA, explained variance x [\d.]+ %, y [\d.]+ %$/m);
    assert.match(result.stdout, /^\s+1\s+\d+\s+" cat"\s+[+-]\d\.\d{4}\s+[+-]\d\.\d{4}$/m);
  });

  it('reads a weights file, where --seed seeds only the projection', () => {
    const folder = mkdtempSync(join(tmpdir(), 'token-lens-project-'));
    try {
      const rows = 50257;
      const words = new Float32Array(rows * 4).map((_, i) => Math.sin(i * 0.37));
      const file = join(folder, 'tiny.safetensors');
      writeFileSync(file, encodeSafetensors([
        { name: 'wte.weight', shape: [rows, 4], data: words },
        { name: 'wpe.weight', shape: [16, 4], data: new Float32Array(64).map((_, i) => Math.cos(i)) },
      ]));
      const output = json(['project', '--weights', file, '--method', 'tsne', '--seed', '2']);
      assert.equal(output.points.length, 9);
      const tooLong = run(['project', '--weights', file], 'word '.repeat(40));
      assert.equal(tooLong.status, 0, tooLong.stderr);
      assert.match(tooLong.stdout, /note {6}\d+ of \d+ tokens have no position vector/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors with one line', () => {
    assertUsage(['project', '--vectors', 'letters'], '--vectors must be one of word, pos, input, got "letters"');
    assertUsage(['project', '--method', 'kmeans'], '--method must be one of pca, umap, tsne, got "kmeans"');
    assertUsage(['project', '--vectors', 'pos', '--positions', 'none'], '--vectors pos needs a position table');
    assertUsage(['project', '--seed', 'x'], '--seed must be a decimal integer from 0 to 9,007,199,254,740,991, got "x"');
    assertUsage(['project', 'a', 'b'], 'too many arguments');
  });

  it('refuses a projection over the rows × d budget with one line naming both and the budget', () => {
    // 5,001 tokens × d = 65,536 took 1.63 GB before the budget; the refusal comes before the vectors exist.
    const result = run(['project', '--dim', '65536'], ' a'.repeat(5_001));
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^token-lens: 5,001 tokens × 65,536 dimensions = .* over the projection budget of 134,217,728 values/);
  });
});
