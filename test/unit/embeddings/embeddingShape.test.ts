/** One shape for the same choices: the CLI's options resolve like the extension's tokenLens.embedding.* settings. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EMBEDDING_DEFAULTS, resolveEmbeddingShape } from '../../../src/core/embeddings';

const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

function embedJson(args: string[], input = 'one two'): { dim: number; context: number | null; encoding: string; positions: string } {
  const result = spawnSync(process.execPath, [cli, 'embed', '--json', ...args], { input, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

function usageError(args: string[]): string {
  const result = spawnSync(process.execPath, [cli, 'embed', ...args], { input: 'x', encoding: 'utf8' });
  assert.equal(result.status, 2, `exit ${result.status}: ${result.stderr}`);
  return result.stderr.trim();
}

describe('embedding shape: the CLI resolves its options as the extension resolves its settings', function () {
  this.timeout(20_000);

  it('without shape options, the settings\' defaults: model auto, d = 768, GPT-4o\'s 128,000-token context', () => {
    const json = embedJson([]);
    assert.deepEqual([json.encoding, json.dim, json.context, json.positions], ['o200k_base', 768, 128_000, 'learned']);
  });

  it('--context-window names the model whose context auto uses', () => {
    assert.equal(embedJson(['--context-window', 'gpt-4']).context, 8192);
    const small = embedJson(['--model', 'auto', '--dim', '16', '--context-window', 'gpt-2']);
    assert.deepEqual([small.dim, small.context], [16, 1024]);
  });

  it('auto follows the encoding: r50k_base gets GPT-2 small\'s shape', () => {
    const json = embedJson(['--encoding', 'r50k_base']);
    assert.deepEqual([json.dim, json.context], [768, 1024]);
  });

  it('--model custom takes --dim and --context (defaults 768 and 1,024, as the settings)', () => {
    const defaults = embedJson(['--model', 'custom']);
    assert.deepEqual([defaults.dim, defaults.context], [768, 1024]);
    const given = embedJson(['--model', 'custom', '--dim', '8', '--context', '3']);
    assert.deepEqual([given.dim, given.context], [8, 3]);
  });

  it('options the chosen model does not use are usage errors naming the model', () => {
    assert.match(usageError(['--model', 'auto', '--context', '8']), /--context applies to --model custom/);
    assert.match(usageError(['--context', '8']), /--context applies to --model custom/);
    assert.match(usageError(['--dim', '8', '--encoding', 'r50k_base']), /--model auto takes GPT-2 small \(124M\)'s shape for r50k_base; --dim applies to --model custom/);
    assert.match(usageError(['--model', 'gpt2', '--dim', '8']), /--model sets --dim and --context/);
    assert.match(usageError(['--model', 'custom', '--context-window', 'gpt-4']), /--context-window applies to --model auto/);
    assert.match(usageError(['--context-window', 'no-such-model']), /unknown context window "no-such-model"; expected one of .*gpt-2, .*gpt-4o/);
    assert.match(usageError(['--model', 'gpt9']), /unknown model "gpt9"; expected one of auto, gpt2, .*custom/);
  });

  it('limits d and the context to the settings\' ranges', () => {
    assert.match(usageError(['--dim', '65537']), /--dim must be a decimal integer from 2 to 65,536/);
    assert.match(usageError(['--dim', '1']), /--dim must be a decimal integer from 2 to 65,536/);
    assert.match(usageError(['--context', '10000001']), /--context must be a decimal integer from 1 to 10,000,000/);
  });

  it('resolveEmbeddingShape: auto takes the window\'s context, or GPT-2 small for r50k_base; custom and presets as chosen', () => {
    const o200k = { name: 'o200k_base', vocabularySize: 200_019 };
    const auto = resolveEmbeddingShape(o200k, { ...EMBEDDING_DEFAULTS, dimension: 64, contextWindow: 'gpt-4.1', seed: 3 });
    assert.deepEqual({ ...auto, basis: auto.basis.kind }, { vocabularySize: 200_019, dimension: 64, contextLength: 1_047_576, positions: 'learned', seed: 3, basis: 'window' });
    const gpt2 = resolveEmbeddingShape({ name: 'r50k_base', vocabularySize: 50_257 }, { ...EMBEDDING_DEFAULTS, dimension: 64 });
    assert.deepEqual([gpt2.dimension, gpt2.contextLength, gpt2.basis.kind], [768, 1024, 'preset']);
    const custom = resolveEmbeddingShape(o200k, { ...EMBEDDING_DEFAULTS, model: 'custom', dimension: 8, contextLength: 5, positions: 'none' });
    assert.deepEqual([custom.dimension, custom.contextLength, custom.positions, custom.basis.kind], [8, 5, 'none', 'custom']);
    const gpt3 = resolveEmbeddingShape(o200k, { ...EMBEDDING_DEFAULTS, model: 'gpt3', dimension: 8 });
    assert.deepEqual([gpt3.vocabularySize, gpt3.dimension, gpt3.contextLength], [200_019, 12_288, 2048]);
  });
});
