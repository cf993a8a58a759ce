/** `token-lens count` and `tokenize` as processes, on the examples and on awkward input. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminalText } from '../../../src/cli/tokenize';
import { ENCODING_NAMES } from '../../../src/core/tokenizer';
import { projectRoot, referenceIds } from '../../support/encoders';

const cli = join(projectRoot, 'dist', 'cli.js');
const run = (args: string[], input?: string | Uint8Array) => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });

interface TokenizeJson {
  encoding: string;
  count: number;
  tokens: { id: number; start: number; end: number; text: string }[];
}

describe('token-lens count and tokenize', function () {
  this.timeout(60_000);
  const examples = readdirSync(join(projectRoot, 'examples')).map((name) => join(projectRoot, 'examples', name));
  let temp: string;
  before(() => (temp = mkdtempSync(join(tmpdir(), 'token-lens-cli-'))));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('has examples to check', () => assert.ok(examples.length >= 5));

  for (const name of ENCODING_NAMES) {
    it(`${name}: exactly js-tiktoken's ids on every example, spans covering the text`, () => {
      for (const file of examples) {
        const text = readFileSync(file, 'utf8');
        const expected = referenceIds(name, text);
        const count = run(['count', file, '--encoding', name]);
        assert.equal(count.status, 0, count.stderr);
        assert.equal(count.stdout, `${expected.length}\n`);
        const result = run(['tokenize', file, '--encoding', name, '--json']);
        assert.equal(result.status, 0, result.stderr);
        const json: TokenizeJson = JSON.parse(result.stdout);
        assert.equal(json.encoding, name);
        assert.equal(json.count, expected.length);
        assert.deepEqual(json.tokens.map((token) => token.id), expected, file);
        checkSpans(text, json);
      }
    });
  }

  it('spans follow the whole-character rule on CJK, ZWJ emoji, combining marks, CRLF, tabs, NBSP and special-token text', () => {
    const text = '中文分词 👨‍👩‍👧‍👦 e\u0301 line\r\n\tTab\u00a0nbsp <|endoftext|>';
    for (const name of ENCODING_NAMES) {
      const json: TokenizeJson = JSON.parse(run(['tokenize', '-', '--json', '--encoding', name], text).stdout);
      assert.deepEqual(json.tokens.map((token) => token.id), referenceIds(name, text), name);
      checkSpans(text, json);
    }
    const special: TokenizeJson = JSON.parse(run(['tokenize', '--json', '--allow-special'], text).stdout);
    assert.ok(special.tokens.some((token) => token.id === 199999 && token.text === '<|endoftext|>'));
  });

  it('reads stdin, replaces invalid UTF-8 with U+FFFD and warns', () => {
    const result = run(['tokenize', '--json'], new Uint8Array([0x68, 0x69, 0xff, 0x21]));
    assert.equal(result.status, 0);
    assert.match(result.stderr, /^token-lens: warning: stdin: 1 invalid UTF-8 sequence replaced with U\+FFFD\n$/);
    assert.equal(JSON.parse(result.stdout).tokens.map((token: { text: string }) => token.text).join(''), 'hi\ufffd!');
  });

  it('exit codes: 2 for usage errors, 1 for unreadable input, each with one line on stderr', () => {
    const plain = join(temp, 'plain.txt');
    writeFileSync(plain, 'x');
    const cases: [string[], number, RegExp][] = [
      [['count', '--encoding', 'nope'], 2, /unknown encoding "nope"; expected one of o200k_base/],
      [['count', '--bogus'], 2, /Unknown option '--bogus'/],
      [['tokenize', 'a', 'b'], 2, /too many arguments/],
      [['frobnicate'], 2, /unknown command "frobnicate"/],
      [['count', join(temp, 'missing.txt')], 1, /cannot read .*missing\.txt: no such file/],
      [['tokenize', temp], 1, /cannot read .*: is a directory/],
      [['count', join(plain, 'below')], 1, /^token-lens: cannot read .*plain\.txt\/below: a part of the path is not a directory\n$/],
      [['tokenize', join(plain, 'below')], 1, /^token-lens: cannot read .*plain\.txt\/below: a part of the path is not a directory\n$/],
    ];
    for (const [args, status, message] of cases) {
      const result = run(args, '');
      assert.equal(result.status, status, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
    }
  });

  it('without --json and not in a terminal, prints one token per line', () => {
    const file = join(temp, 'small.txt');
    writeFileSync(file, 'strawberry');
    const result = run(['tokenize', file, '--encoding', 'cl100k_base']);
    assert.equal(result.stdout, '496\t0\t3\t"str"\n675\t3\t5\t"aw"\n15717\t5\t10\t"berry"\n');
  });

  it('in a terminal, a carriage return in its own token (r50k_base on "a\\r\\nb", a lone \\r) and other control characters are shown as symbols, never sent raw', function () {
    const shown = terminalText('x\r', 'C') + terminalText('\ny\rz\x1b[2J\x07\x7f\tw\r\n', 'C');
    assert.equal(shown, 'x␍\x1b[0m↵\nCy␍z␛[2J␇␡\tw\x1b[0m␍↵\nC');
    // A real terminal (util-linux script's pseudo-terminal), whose own line discipline turns each \n into \r\n.
    if (process.platform !== 'linux' || spawnSync('script', ['--version']).status !== 0) this.skip();
    const file = join(temp, 'returns.txt');
    writeFileSync(file, 'a\r\nb\rc\r');
    const result = spawnSync('script', ['-qec', `'${process.execPath}' '${cli}' tokenize '${file}' --encoding r50k_base`, '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(result.status, 0, result.stderr);
    const visible = result.stdout.replaceAll('\r\n', '\n');
    assert.ok(!visible.includes('\r'), JSON.stringify(result.stdout));
    assert.equal(visible.replace(/\x1b\[[0-9;]*m/g, ''), 'a␍↵\nb␍c␍\n');
  });
});

/** Ordered, covering, each span the whole characters of its bytes, `text` the slice. */
function checkSpans(text: string, json: TokenizeJson): void {
  let covered = 0;
  for (const token of json.tokens) {
    assert.equal(token.text, text.slice(token.start, token.end));
    assert.ok(token.start <= covered, `gap before ${token.start}`);
    assert.ok(token.end >= covered);
    covered = token.end;
  }
  assert.equal(covered, text.length);
}
