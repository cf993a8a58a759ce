import * as assert from 'node:assert/strict';
import { addVectors, cosineSimilarity, dot, float32ForJson, float32ToString, l2Norm } from '../../../src/core/embeddings';

/** Float32 values across many magnitudes, from a fixed linear congruential sequence. */
function awkwardFloats(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const exponent = (state % 40) - 20;
    out[i] = ((state / 2 ** 32) * 2 - 1) * 2 ** exponent;
  }
  return out;
}

describe('vector math', () => {
  it('adds element-wise with exactly one float32 rounding per element', () => {
    const a = awkwardFloats(10000, 1);
    const b = awkwardFloats(10000, 2);
    const sum = addVectors(a, b);
    assert.ok(sum instanceof Float32Array);
    for (let i = 0; i < a.length; i++) assert.equal(sum[i], Math.fround(a[i] + b[i]), `element ${i}`);
    // A case where float64 and float32 sums differ: the result must be the float32 one.
    const tiny = addVectors(new Float32Array([1]), new Float32Array([2 ** -30]));
    assert.equal(tiny[0], 1);
  });

  it('refuses vectors of different lengths', () => {
    assert.throws(() => addVectors(new Float32Array(3), new Float32Array(4)), /lengths 3 and 4/);
    assert.throws(() => dot([1], [1, 2]), /lengths 1 and 2/);
  });

  it('computes L2 norms, dot products and cosines', () => {
    assert.equal(l2Norm([3, 4]), 5);
    assert.equal(l2Norm([]), 0);
    assert.equal(dot([1, 2, 3], [4, 5, 6]), 32);
    assert.equal(cosineSimilarity([1, 0], [0, 2]), 0);
    assert.ok(Math.abs(cosineSimilarity([1, 1], [2, 2]) - 1) < 1e-15);
    assert.ok(Math.abs(cosineSimilarity([1, 1], [-3, -3]) + 1) < 1e-15);
    assert.equal(cosineSimilarity([0, 0], [1, 1]), 0);
  });

  it('prints float32 values in the fewest digits that read back exactly', () => {
    assert.equal(float32ToString(0.02), '0.02');
    assert.equal(float32ToString(Math.fround(0.1)), '0.1');
    assert.equal(float32ToString(1 / 3), '0.33333334');
    assert.equal(float32ToString(-0), '0');
    assert.equal(float32ToString(1e-45), '1e-45');
    for (const value of awkwardFloats(5000, 3)) {
      const text = float32ToString(value);
      assert.equal(Math.fround(Number(text)), value, `${value} printed as ${text}`);
      assert.equal(Math.fround(float32ForJson(value)), value);
    }
  });
});
