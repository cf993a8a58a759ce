/** Numeric options are decimal integers in a stated range; nothing else gets through. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors } from '../../../src/core/embeddings';
import { assertOneLine, runCli } from './spawnCli';

describe('CLI: numeric options', function () {
  this.timeout(60_000);

  it('rejects empty, hexadecimal, padded, signed, fractional and exponent forms, naming the option and its range', () => {
    const cases: [string, string, string][] = [
      ['seed', '', '--seed must be a decimal integer from 0 to 9,007,199,254,740,991, got ""'],
      ['dim', '0x10', '--dim must be a decimal integer from 2 to 65,536, got "0x10"'],
      ['dim', ' 5', '--dim must be a decimal integer from 2 to 65,536, got " 5"'],
      ['dim', '+5', '--dim must be a decimal integer from 2 to 65,536, got "+5"'],
      ['dim', '1e3', '--dim must be a decimal integer from 2 to 65,536, got "1e3"'],
      ['dim', '65537', '--dim must be a decimal integer from 2 to 65,536, got "65537"'],
      ['context', '0', '--context must be a decimal integer from 1 to 10,000,000, got "0"'],
      ['seed', '9007199254740992', '--seed must be a decimal integer from 0 to 9,007,199,254,740,991, got "9007199254740992"'],
    ];
    for (const [option, value, message] of cases) {
      assertOneLine(runCli(['embed', `--${option}=${value}`], { input: 'x' }), 2, message);
    }
  });

  it('takes a negative number after an option as its value and says the whole range, not a cut-off hint', () => {
    assertOneLine(runCli(['embed', '--dim', '-1'], { input: 'x' }), 2, '--dim must be a decimal integer from 2 to 65,536, got "-1"');
    assertOneLine(runCli(['project', '--seed', '-3'], { input: 'x' }), 2, '--seed must be a decimal integer from 0 to 9,007,199,254,740,991, got "-3"');
  });

  it('still accepts plain decimal integers, leading zeros included', () => {
    const result = runCli(['embed', '--json', '--model', 'custom', '--dim', '016', '--seed', '0', '--context', '04'], { input: 'x' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual([JSON.parse(result.stdout).dim, JSON.parse(result.stdout).context], [16, 4]);
  });

  describe('neighbors --k', () => {
    let folder: string;
    let file: string;
    before(() => {
      folder = mkdtempSync(join(tmpdir(), 'token-lens-numbers-'));
      file = join(folder, 'gpt2.safetensors');
      const rows = 50257;
      writeFileSync(file, encodeSafetensors([{ name: 'wte.weight', shape: [rows, 2], data: new Float32Array(rows * 2).map((_, i) => Math.sin(i + 1)) }]));
    });
    after(() => rmSync(folder, { recursive: true, force: true }));

    it('rejects a k that is not a decimal integer', () => {
      assertOneLine(runCli(['neighbors', 'hello', '--weights', file, '--k', '1.5']), 2, '--k must be a decimal integer from 1 to 1,000,000, got "1.5"');
      assertOneLine(runCli(['neighbors', 'hello', '--weights', file, '--k', '']), 2, '--k must be a decimal integer from 1 to 1,000,000, got ""');
    });

    it('--json reports the k actually used when the vocabulary has fewer other rows', () => {
      const result = runCli(['neighbors', 'hello', '--weights', file, '--k', '60000', '--json']);
      assert.equal(result.status, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.neighbors.length, 50256);
      assert.equal(json.k, 50256);
    });
  });
});
