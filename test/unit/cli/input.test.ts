/** Input that is not a plain small file: FIFOs, devices, endless streams, huge inputs, characters cut between reads. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ourEncoder } from '../../support/encoders';
import { assertOneLine, runCli, runShell } from './spawnCli';

const posix = process.platform !== 'win32';

describe('CLI: input files and streams', function () {
  this.timeout(60_000);
  let folder: string;
  let fifo: string;
  before(function () {
    folder = mkdtempSync(join(tmpdir(), 'token-lens-input-'));
    fifo = join(folder, 'pipe');
    if (posix) execFileSync('mkfifo', [fifo]);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  (posix ? it : it.skip)('a FIFO as the weights file fails at once: "not a regular file", no hang', () => {
    assertOneLine(runCli(['embed', '--weights', fifo], { input: 'x', timeoutMs: 15_000 }), 1, `cannot read ${fifo}: not a regular file`);
    assertOneLine(runCli(['neighbors', 'x', '--weights', fifo], { timeoutMs: 15_000 }), 1, 'not a regular file');
  });

  (existsSync('/dev/zero') ? it : it.skip)('a device as the weights file is "not a regular file", not "a directory"', () => {
    assertOneLine(runCli(['embed', '--weights', '/dev/zero'], { input: 'x' }), 1, 'cannot read /dev/zero: not a regular file');
  });

  it('a directory as --weights is read as a model folder, and one without a model says what it lacks', () => {
    assertOneLine(runCli(['embed', '--weights', folder], { input: 'x' }), 1, `${folder}: expected a model folder with tokenizer.json or model.safetensors (or model.safetensors.index.json), found neither`);
  });

  (existsSync('/dev/zero') ? it : it.skip)('endless text (/dev/zero as FILE or piped) stops at --max-size with one line', () => {
    const message = /--max-size.*1048576 bytes/;
    assertOneLine(runCli(['count', '/dev/zero', '--max-size', '1M']), 1, message);
    assertOneLine(runCli(['tokenize', '--json', '--max-size', '1048576'], { stdio: ['pipe', 'pipe', 'pipe'], input: new Uint8Array(3 * 2 ** 20) }), 1, message);
    assertOneLine(runShell('cat /dev/zero | CLI count --max-size 1M'), 1, message);
  });

  (posix ? it : it.skip)('a directory as stdin is "is a directory", not empty text', () => {
    const fd = openSync(folder, 'r');
    try {
      assertOneLine(runCli(['count'], { stdio: [fd, 'pipe', 'pipe'] }), 1, 'cannot read stdin: is a directory');
    } finally {
      closeSync(fd);
    }
  });

  it('a missing file, a directory or stdin past --max-size at its first read leaves stdout empty: tokenize and embed, with --json and without', () => {
    const missing = join(folder, 'missing.txt');
    for (const command of [['tokenize'], ['embed', '--dim', '4']]) {
      for (const json of [['--json'], []]) {
        const args = [...command, ...json];
        const noFile = runCli([args[0], missing, ...args.slice(1)]);
        assertOneLine(noFile, 1, `cannot read ${missing}: no such file`);
        assert.equal(noFile.stdout, '', `${args.join(' ')} FILE`);
        const onFolder = runCli([args[0], folder, ...args.slice(1)]);
        assertOneLine(onFolder, 1, `cannot read ${folder}: is a directory`);
        assert.equal(onFolder.stdout, '', `${args.join(' ')} DIR`);
        const tooLong = runCli([...args, '--max-size', '4'], { input: 'hello world' });
        assertOneLine(tooLong, 1, 'stdin: more than --max-size 4 (4 bytes) of input');
        assert.equal(tooLong.stdout, '', `${args.join(' ')} < stdin`);
      }
    }
  });

  it('a regular file larger than --max-size is refused before it is read', () => {
    const file = join(folder, 'big.txt');
    writeFileSync(file, 'a'.repeat(5000));
    assertOneLine(runCli(['count', file, '--max-size', '4K']), 1, `${file} is larger than --max-size 4K (4096 bytes)`);
    assert.equal(runCli(['count', file, '--max-size', '5000']).stdout, `${ourEncoder('o200k_base').count('a'.repeat(5000))}\n`);
  });

  it('rejects a malformed --max-size, naming the forms it takes', () => {
    assertOneLine(runCli(['count', '--max-size', '1.5G'], { input: 'x' }), 2, '--max-size must be');
    assertOneLine(runCli(['count', '--max-size', '0'], { input: 'x' }), 2, '--max-size must be');
  });

  (posix ? it : it.skip)('a FIFO as text input is read like a pipe', () => {
    const result = runShell(`printf 'hello world' > '${fifo}' & CLI count '${fifo}'`);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${ourEncoder('o200k_base').count('hello world')}\n`);
  });

  it('characters cut between reads decode whole; invalid bytes far apart are counted once each', () => {
    // 3-byte and 4-byte characters over more than one read buffer (1 MiB from a file, 64 KiB from a pipe), an invalid byte at each end.
    const text = '中文分词 😀 '.repeat(60_000);
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(text), Buffer.from([0xc3])]);
    const file = join(folder, 'wide.txt');
    writeFileSync(file, bytes);
    const expected = `${ourEncoder('o200k_base').count(`\ufffd${text}\ufffd`)}\n`;
    for (const args of [['count', file], ['count']]) {
      const result = runCli(args, { input: args.length === 1 ? bytes : undefined });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, expected);
      assert.match(result.stderr, /^token-lens: warning: (stdin|.*wide\.txt): 2 invalid UTF-8 sequences replaced with U\+FFFD\n$/);
    }
  });

  it('tokenize --json streams its output: 2 MB of text (500,000 tokens) fits in a 48 MB JavaScript heap', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(45_000);
    const file = join(folder, 'two.txt');
    writeFileSync(file, text);
    const result = runCli(['tokenize', file, '--json'], { nodeArgs: ['--max-old-space-size=48'], timeoutMs: 50_000 });
    assert.equal(result.status, 0, result.stderr.slice(0, 400));
    const json = JSON.parse(result.stdout);
    assert.equal(json.count, json.tokens.length);
    assert.equal(json.count, ourEncoder('o200k_base').count(text));
    assert.equal(json.tokens.map((token: { text: string }) => token.text).join(''), text);
  });
});
