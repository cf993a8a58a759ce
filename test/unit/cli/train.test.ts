/** `token-lens train`, run as a user would: `node dist/cli.js` (build first with `node esbuild.js`). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '../../../src/core/projection/random';

const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Two topics that never share a sentence: colours and animals. */
function corpusText(seed: number): string {
  const random = new SeededRandom(seed);
  const topics = [
    [' red', ' green', ' blue', ' yellow', ' purple'],
    [' cat', ' dog', ' horse', ' sheep', ' goat'],
  ];
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const topic = topics[i % 2];
    lines.push(Array.from({ length: 12 }, () => topic[random.nextInt(topic.length)]).join(' and') + '.');
  }
  return lines.join('\n');
}

describe('CLI: train', function () {
  this.timeout(120_000);
  let dir: string;
  let corpus: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'token-lens-train-'));
    corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, corpusText(1));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a file that neighbors and embed --weights open, reporting progress lines, final loss and tokens/s on stderr', () => {
    const out = join(dir, 'trained.safetensors');
    const result = run(['train', corpus, '--out', out, '--dim', '16', '--epochs', '3', '--seed', '2', '--subsample', '0']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.match(lines[0], /^training on 1 file, [\d,]+ characters: corpus\.txt: [\d,]+ o200k_base tokens, \d+ distinct$/);
    assert.ok(lines.slice(1, -1).every((line) => /^\s*\d+ %  epoch [1-3]\/3  loss \d+\.\d{4}/.test(line)), result.stderr);
    assert.ok(!result.stderr.includes('\r'), 'no bar redraws when stderr is a pipe');
    assert.match(lines.at(-1) as string, /^done: final loss \d+\.\d{4}, [\d,]+ tokens\/s, [\d.]+ s; wrote .*trained\.safetensors \(\d+ of 200,019 rows trained, d = 16\)$/);

    const neighbours = run(['neighbors', ' cat', '--weights', out, '--k', '4', '--json']);
    assert.equal(neighbours.status, 0, neighbours.stderr);
    const found: string[] = JSON.parse(neighbours.stdout).neighbors.map((row: { token: string }) => row.token);
    assert.ok(found.filter((token) => [' dog', ' horse', ' sheep', ' goat'].includes(token)).length >= 3, found.join('|'));
    const embed = run(['embed', '--weights', out]);
    assert.equal(embed.status, 0, embed.stderr);
  });

  it('writes identical bytes for the same corpus and seed', () => {
    const outputs = ['a', 'b'].map((name) => {
      const out = join(dir, `${name}.safetensors`);
      assert.equal(run(['train', corpus, '--out', out, '--dim', '8', '--epochs', '1', '--f16']).status, 0);
      return readFileSync(out);
    });
    assert.ok(outputs[0].equals(outputs[1]));
  });

  it('exits 1 with one line for an unreadable corpus, writing nothing', () => {
    const out = join(dir, 'never.safetensors');
    const result = run(['train', corpus, join(dir, 'missing.txt'), '--out', out]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `token-lens: cannot read ${join(dir, 'missing.txt')}: no such file\n`);
    assert.ok(!existsSync(out));
    const folder = run(['train', dir, '--out', out]);
    assert.equal(folder.stderr, `token-lens: cannot read ${dir}: is a directory\n`);
  });

  it('exits 1 with one line for an unwritable --out, before training', () => {
    const missing = join(dir, 'no-such-folder', 'x.safetensors');
    const result = run(['train', corpus, '--out', missing]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `token-lens: cannot write ${missing}: no such file\n`);
    mkdirSync(join(dir, 'taken.safetensors'));
    const onFolder = run(['train', corpus, '--out', join(dir, 'taken.safetensors')]);
    assert.equal(onFolder.stderr, `token-lens: cannot write ${join(dir, 'taken.safetensors')}: is a directory\n`);
  });

  it('an empty --out is a usage error (exit 2, one line) before the corpus is read or trained on', () => {
    const result = run(['train', join(dir, 'missing.txt'), '--out', '']);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^token-lens: expected --out PATH\.safetensors, got an empty path; usage: token-lens train CORPUS\.\.\.[^\n]*\n$/);
  });

  it('--subsample takes decimal numbers from 0 below 1 only ("", " ", "0x0", "1" are usage errors), and "-" may be given once', () => {
    const out = join(dir, 'never.safetensors');
    for (const value of ['', ' ', '0x0', '1', 'NaN', '-0.1', '+0.1']) {
      const result = run(['train', corpus, '--out', out, '--subsample', value]);
      assert.equal(result.status, 2, `${JSON.stringify(value)}: ${result.stderr}`);
      assert.equal(result.stderr, `token-lens: --subsample must be a decimal number from 0 up to (not including) 1, got ${JSON.stringify(value)}\n`);
    }
    const twice = run(['train', '-', '-', '--out', out]);
    assert.deepEqual([twice.status, twice.stderr], [2, 'token-lens: stdin ("-") can be read only once\n']);
    assert.ok(!existsSync(out));
    assert.equal(run(['train', corpus, '--out', out, '--dim', '4', '--epochs', '1', '--subsample', '1e-4']).status, 0);
  });

  it('exits 2 with the usage for a missing --out or corpus', () => {
    assert.match(run(['train', corpus]).stderr, /^token-lens: expected --out PATH\.safetensors; usage: token-lens train CORPUS\.\.\./);
    assert.match(run(['train', '--out', 'x.safetensors']).stderr, /^token-lens: expected at least one CORPUS file/);
    assert.equal(run(['train', corpus, '--out', 'x', '--dim', '0']).status, 2);
  });

  it('exits 1 with one line, writing nothing, when no token has a neighbour to learn from (one token, or all but one subsampled away)', () => {
    const out = join(dir, 'never.safetensors');
    const single = join(dir, 'single.txt');
    writeFileSync(single, 'hello');
    const one = run(['train', single, '--out', out, '--dim', '4', '--subsample', '0']);
    assert.equal(one.status, 1, one.stderr);
    assert.match(one.stderr, /\ntoken-lens: \S*single\.txt: expected two tokens within --window of each other in one file to learn from, found none in 1 token; nothing written\n$/);
    assert.ok(!existsSync(out));
    // Two tokens, each half the corpus: the default --subsample drops nearly every one, so the message suggests turning it off.
    writeFileSync(single, 'hello world');
    const pair = run(['train', single, '--out', out, '--dim', '4', '--epochs', '1']);
    assert.equal(pair.status, 1, pair.stderr);
    assert.match(pair.stderr, /found none in 2 tokens \(try --subsample 0\); nothing written\n$/);
    assert.ok(!existsSync(out));
  });
});
