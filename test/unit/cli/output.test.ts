/** Write errors on stdout end the CLI with one line and exit 1; a reader that stops early ends it quietly. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertOneLine, cliPath, runCli } from './spawnCli';

describe('CLI: output errors', function () {
  this.timeout(60_000);
  let folder: string;
  let small: string;
  let large: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'token-lens-output-'));
    small = join(folder, 'small.txt');
    writeFileSync(small, 'hello world');
    large = join(folder, 'large.txt');
    writeFileSync(large, 'the quick brown fox jumps over the lazy dog\n'.repeat(20_000));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const full = existsSync('/dev/full') ? it : it.skip;
  for (const args of [['count'], ['tokenize'], ['tokenize', '--json'], ['embed', '--dim', '4', '--json'], ['project', '--dim', '4']]) {
    full(`${args.join(' ')} > /dev/full: one line, exit 1, no stack trace`, () => {
      const fd = openSync('/dev/full', 'w');
      try {
        const result = runCli([args[0], small, ...args.slice(1)], { stdio: ['ignore', fd, 'pipe'] });
        assertOneLine(result, 1, 'cannot write to stdout: no space left on device');
      } finally {
        closeSync(fd);
      }
    });
  }

  it('stops quietly with exit 0 when the reader closes the pipe early (| head)', async () => {
    const child = spawn(process.execPath, [cliPath, 'tokenize', large], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    assert.deepEqual({ code, signal, stderr }, { code: 0, signal: null, stderr: '' });
  });

  full('ignores a stderr that cannot be written: the exit code still tells', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const result = runCli(['count', join(folder, 'missing.txt')], { stdio: ['ignore', 'pipe', fd] });
      assert.equal(result.status, 1);
    } finally {
      closeSync(fd);
    }
  });
});
