/** Short inputs are tokenized with quick compiles (src/cli/quickCompiles.ts); long ones, stdin and folders keep V8's defaults. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHORT_INPUT_BYTES, isShortInput } from '../../../src/cli/quickCompiles';
import { referenceIds } from '../../support/encoders';
import { runCli } from './spawnCli';

/** How many inlining decisions V8's optimising compiler traced in a run's output. */
const inliningsTraced = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('Considering ')).length;

describe('CLI: quick compiles for short inputs', function () {
  this.timeout(60_000);
  let temp: string;
  before(() => (temp = mkdtempSync(join(tmpdir(), 'token-lens-quick-'))));
  after(() => rmSync(temp, { recursive: true, force: true }));

  /** A file of `size` bytes (a hole: no data written) in the temporary folder. */
  const sized = (name: string, size: number) => {
    const path = join(temp, name);
    writeFileSync(path, '');
    truncateSync(path, size);
    return path;
  };

  it('calls files adding up to at most SHORT_INPUT_BYTES short, and nothing else', () => {
    const half = sized('half', SHORT_INPUT_BYTES / 2);
    const limit = sized('limit', SHORT_INPUT_BYTES);
    assert.equal(isShortInput([half]), true);
    assert.equal(isShortInput([half, half]), true);
    assert.equal(isShortInput([limit]), true);
    assert.equal(isShortInput([sized('over', SHORT_INPUT_BYTES + 1)]), false);
    assert.equal(isShortInput([limit, half]), false, 'two files past the limit together');
    assert.equal(isShortInput([]), false, 'stdin');
    assert.equal(isShortInput(['-']), false, 'stdin');
    const folder = join(temp, 'folder');
    mkdirSync(folder, { recursive: true });
    assert.equal(isShortInput([folder]), false);
    assert.equal(isShortInput([half, join(temp, 'missing')]), false);
    assert.equal(isShortInput([join(half, 'below a file')]), false, 'ENOTDIR is no error here: the command words it');
  });

  it('count and tokenize optimise a short file without inlining, and still count it exactly', () => {
    const text = '混合文本 with prose, code() and 数字 12345.\n'.repeat(500);
    const file = join(temp, 'short.txt');
    writeFileSync(file, text);
    const count = runCli(['count', file], { nodeArgs: ['--trace-turbo-inlining'] });
    assert.equal(count.status, 0, count.stderr);
    assert.equal(inliningsTraced(count.stdout), 0, 'no inlining traced');
    assert.equal(count.stdout.trim().split('\n').at(-1), String(referenceIds('o200k_base', text).length));
    const tokenize = runCli(['tokenize', file, '--json'], { nodeArgs: ['--trace-turbo-inlining'] });
    assert.equal(tokenize.status, 0, tokenize.stderr);
    assert.equal(inliningsTraced(tokenize.stdout), 0, 'no inlining traced');
  });

  it('count keeps inlining for a file past SHORT_INPUT_BYTES', () => {
    const line = 'Prose, code() and 数字 12345 over and over.\n';
    const file = join(temp, 'long.txt');
    writeFileSync(file, line.repeat(Math.ceil((SHORT_INPUT_BYTES + 1) / Buffer.byteLength(line))));
    const count = runCli(['count', file], { nodeArgs: ['--trace-turbo-inlining'] });
    assert.equal(count.status, 0, count.stderr);
    assert.ok(inliningsTraced(count.stdout) > 0, 'inlining traced');
  });
});
