import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InitialWeights, MODEL_PRESETS, MODEL_PRESET_IDS, presetInitialWeights, presetMatrices } from '../../../src/core/embeddings';
import { Encoder } from '../../../src/core/tokenizer';

const rankFile = join(__dirname, '..', '..', '..', '..', 'dist', 'ranks', 'r50k_base.tlr');

describe('model presets', () => {
  it('GPT-2 small: d 768, context 1024, r50k_base', () => {
    assert.deepEqual(presetMatrices(MODEL_PRESETS.gpt2), [
      { label: 'word embedding', rows: 50257, columns: 768, weights: 38_597_376, trainable: true },
      { label: 'position embedding', rows: 1024, columns: 768, weights: 786_432, trainable: true },
    ]);
  });

  it('GPT-2 XL: d 1600', () => {
    const [word, position] = presetMatrices(MODEL_PRESETS['gpt2-xl']);
    assert.equal(word.weights, 80_411_200);
    assert.equal(position.weights, 1_638_400);
  });

  it('GPT-3 175B: 50257 × 12288 = 617,558,016 word weights, 2048 positions', () => {
    const [word, position] = presetMatrices(MODEL_PRESETS.gpt3);
    assert.equal(word.weights, 617_558_016);
    assert.deepEqual([position.rows, position.columns], [2048, 12288]);
  });

  it('every preset has one row per id of its encoding', () => {
    const encoder = Encoder.fromRankFile(readFileSync(rankFile), rankFile);
    for (const id of MODEL_PRESET_IDS) {
      const preset = MODEL_PRESETS[id];
      assert.equal(preset.encoding, 'r50k_base');
      assert.equal(preset.vocabularySize, encoder.vocabularySize, id);
    }
  });

  it('builds initial weights of the preset shape', async () => {
    const source = new InitialWeights(presetInitialWeights(MODEL_PRESETS.gpt3, 3));
    assert.equal((await source.wordVector(50256)).length, 12288);
    assert.equal(await source.positionVector(2048), undefined);
    assert.equal(source.seed, 3);
  });
});
