/**
 * A tokenizer.json whose pre-tokenizer pattern no hand-written scanner covers runs in a worker
 * thread under a time limit: a catastrophic regular expression ends the command with one line
 * instead of hanging it, and a benign one gives the tokens of the tokenizer itself.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HfTokenizer } from '../../../src/core/hf';
import { byteLevelFile, fileBytes } from '../../support/hfFiles';
import { useTempDir } from '../hub/helpers';
import { assertOneLine, runCli } from './spawnCli';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false };
const split = (regex: string) => ({ type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false });

describe('CLI: untrusted pre-tokenizer patterns run under a time limit', function () {
  this.timeout(60_000);
  const temp = useTempDir();
  const write = (regex: string) => {
    const path = join(temp(), 'tokenizer.json');
    const bytes = fileBytes(byteLevelFile({ preTokenizer: { type: 'Sequence', pretokenizers: [split(regex), BYTE_LEVEL] } }));
    writeFileSync(path, bytes);
    return { path, tokenizer: HfTokenizer.fromJson(bytes, path) };
  };

  it('(a|aa)+$ on 64 "a"s and a "b" is stopped past the limit with one line naming the pattern', () => {
    const { path, tokenizer } = write('(a|aa)+$');
    assert.deepEqual(tokenizer.untrustedPatterns, ['(a|aa)+$']);
    for (const command of ['count', 'tokenize']) {
      const result = runCli([command, '--tokenizer', path], { input: `${'a'.repeat(64)}b`, env: { TOKEN_LENS_PATTERN_TIME_LIMIT: '1' }, timeoutMs: 30_000 });
      assertOneLine(result, 1, /^token-lens: .*tokenizer\.json: its pre-tokenizer pattern "\(a\|aa\)\+\$" took over 1 s on this text and was stopped/);
      assert.equal(result.stdout, '');
    }
  });

  it('TOKEN_LENS_PATTERN_TIME_LIMIT outside above 0 to 2,147,483 s (what a Node timer holds) is a one-line usage error; the largest still tokenizes', () => {
    const { path } = write("[A-Za-z]+|\\s+");
    for (const value of ['3000000', '2147484', '0', '-1', 'ten', '1e3']) {
      for (const command of ['count', 'tokenize']) {
        const result = runCli([command, '--tokenizer', path], { input: 'hello world', env: { TOKEN_LENS_PATTERN_TIME_LIMIT: value } });
        assertOneLine(result, 2, `TOKEN_LENS_PATTERN_TIME_LIMIT must be a number of seconds above 0 and at most 2,147,483 (about 24 days), got ${JSON.stringify(value)}`);
        assert.equal(result.stdout, '');
      }
    }
    const largest = runCli(['count', '--tokenizer', path], { input: 'hello world', env: { TOKEN_LENS_PATTERN_TIME_LIMIT: '2147483' } });
    const byDefault = runCli(['count', '--tokenizer', path], { input: 'hello world' });
    assert.deepEqual([largest.status, largest.stdout, largest.stderr], [0, byDefault.stdout, '']);
    assert.match(byDefault.stdout, /^[1-9][0-9]*\n$/);
  });

  it('a benign untrusted pattern gives the same tokens through the worker as in process', () => {
    const { path, tokenizer } = write("[A-Za-z]+|\\p{N}{1,2}| ?[^\\sA-Za-z\\p{N}]+|\\s+");
    assert.equal(tokenizer.untrustedPatterns.length, 1);
    const text = `Hello world 12345, naïve café — ${'x'.repeat(3000)} end.\n`.repeat(40);
    const result = runCli(['tokenize', '--tokenizer', path, '--json'], { input: text });
    assert.equal(result.status, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { tokens: { id: number; start: number; end: number }[] };
    const spans = tokenizer.tokenize(text);
    assert.deepEqual(parsed.tokens.map((token) => token.id), Array.from(spans.ids.subarray(0, spans.count)));
    assert.deepEqual(parsed.tokens.map((token) => token.end), Array.from(spans.ends.subarray(0, spans.count)));
    assert.equal(runCli(['count', '--tokenizer', path], { input: text }).stdout, `${spans.count}\n`);
  });
});
