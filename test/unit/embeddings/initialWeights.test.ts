import * as assert from 'node:assert/strict';
import { InitialWeights, sinusoidalPositionVector } from '../../../src/core/embeddings';

const make = (overrides: Partial<ConstructorParameters<typeof InitialWeights>[0]> = {}) =>
  new InitialWeights({ vocabularySize: 50257, dimension: 768, contextLength: 1024, ...overrides });

describe('InitialWeights', () => {
  describe('determinism', () => {
    it('gives the same row for the same (seed, id), from any object and in any order', async () => {
      const a = make({ seed: 7 });
      const b = make({ seed: 7 });
      const late = await a.wordVector(40000);
      await a.wordVector(3);
      assert.deepEqual(await b.wordVector(40000), late);
      assert.deepEqual(await a.wordVector(40000), late);
    });

    it('keeps the scheme stable (golden values for seed 0)', async () => {
      const row = await make().wordVector(0);
      // Changing these means every user's "initial weights" change: do it on purpose or not at all.
      assert.deepEqual(Array.from(row.subarray(0, 4), (v) => v.toPrecision(6)), GOLDEN_ROW0);
    });

    it('differs between seeds, ids, and the word and position tables', async () => {
      const base = await make({ seed: 1 }).wordVector(5);
      assert.notDeepEqual(await make({ seed: 2 }).wordVector(5), base);
      assert.notDeepEqual(await make({ seed: 1 }).wordVector(6), base);
      assert.notDeepEqual(await make({ seed: 1 }).positionVector(5), base);
      assert.notDeepEqual(await make({ seed: 2 ** 32 + 1 }).wordVector(5), base, 'seeds above 2^32 must not wrap');
    });

    it('keeps the first columns when d grows (columns do not depend on d)', async () => {
      const narrow = await make({ dimension: 5 }).wordVector(123);
      const wide = await make({ dimension: 768 }).wordVector(123);
      assert.deepEqual(Array.from(narrow), Array.from(wide.subarray(0, 5)));
    });

    it('returns the same rows from wordRows as from wordVector', async () => {
      const source = make({ dimension: 16 });
      const block = await source.wordRows(100, 3);
      for (let i = 0; i < 3; i++) assert.deepEqual(block.subarray(i * 16, (i + 1) * 16), await source.wordVector(100 + i));
      const buffer = new Float32Array(64);
      assert.deepEqual(await source.wordRows(100, 3, buffer), block);
      assert.deepEqual(buffer.subarray(48), new Float32Array(16), 'nothing written past the rows');
      await assert.rejects(source.wordRows(0, 5, buffer), /expected a buffer of at least 80 values, found 64/);
    });
  });

  describe('distribution N(0, 0.02²)', () => {
    // 2000 rows × 768 = 1,536,000 samples. Bounds are about 6–8 standard errors: they fail for a wrong std or mean.
    const samples = (() => {
      const source = make();
      const values = new Float64Array(2000 * 768);
      for (let id = 0; id < 2000; id++) values.set(source.wordRow(id * 25), id * 768);
      return values;
    })();
    const n = samples.length;
    const mean = samples.reduce((s, v) => s + v, 0) / n;
    const variance = samples.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const std = Math.sqrt(variance);

    it('has mean 0', () => {
      assert.ok(Math.abs(mean) < 6 * (0.02 / Math.sqrt(n)), `mean ${mean}`);
    });

    it('has standard deviation 0.02', () => {
      assert.ok(Math.abs(std / 0.02 - 1) < 0.005, `std ${std}`);
    });

    it('is normal: 68.27% within 1σ, 95.45% within 2σ, kurtosis 3', () => {
      const within = (k: number) => {
        let count = 0;
        for (const v of samples) if (Math.abs(v) < k * 0.02) count++;
        return count / n;
      };
      assert.ok(Math.abs(within(1) - 0.6827) < 0.003, `within 1σ: ${within(1)}`);
      assert.ok(Math.abs(within(2) - 0.9545) < 0.002, `within 2σ: ${within(2)}`);
      let fourth = 0;
      for (const v of samples) fourth += (v - mean) ** 4;
      const kurtosis = fourth / n / variance ** 2;
      assert.ok(Math.abs(kurtosis - 3) < 0.05, `kurtosis ${kurtosis}`);
    });

    it('has no correlation between neighbouring columns or rows', () => {
      let columns = 0;
      let rows = 0;
      for (let i = 0; i + 1 < n; i += 2) columns += samples[i] * samples[i + 1];
      for (let i = 0; i + 768 < n; i++) rows += samples[i] * samples[i + 768];
      const columnCorrelation = columns / (n / 2) / variance;
      const rowCorrelation = rows / (n - 768) / variance;
      assert.ok(Math.abs(columnCorrelation) < 6 / Math.sqrt(n / 2), `columns ${columnCorrelation}`);
      assert.ok(Math.abs(rowCorrelation) < 6 / Math.sqrt(n), `rows ${rowCorrelation}`);
    });

    it('scales with standardDeviation', async () => {
      const row = await make({ standardDeviation: 1 }).wordVector(25);
      const reference = await make().wordVector(25);
      row.forEach((v, i) => assert.ok(Math.abs(v * 0.02 - reference[i]) <= 1e-6 * Math.abs(reference[i]), `column ${i}`));
    });
  });

  describe('positions', () => {
    it('learned: random rows inside the context, none beyond it', async () => {
      const source = make({ contextLength: 4 });
      const row = await source.positionVector(3);
      assert.equal(row?.length, 768);
      assert.equal(await source.positionVector(4), undefined);
      assert.deepEqual(await source.positionVector(3), row);
    });

    it('sinusoidal: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(…)', async () => {
      const d = 10;
      const source = make({ dimension: d, positions: 'sinusoidal' });
      for (const pos of [0, 1, 7, 1023]) {
        const row = (await source.positionVector(pos)) as Float32Array;
        for (let i = 0; i < d / 2; i++) {
          const angle = pos / 10000 ** ((2 * i) / d);
          assert.equal(row[2 * i], Math.fround(Math.sin(angle)), `pos ${pos}, column ${2 * i}`);
          assert.equal(row[2 * i + 1], Math.fround(Math.cos(angle)), `pos ${pos}, column ${2 * i + 1}`);
        }
      }
      assert.deepEqual(Array.from(sinusoidalPositionVector(0, 4)), [0, 1, 0, 1]);
    });

    it('sinusoidal with odd d ends on a sine column', () => {
      const row = sinusoidalPositionVector(3, 3);
      assert.equal(row[2], Math.fround(Math.sin(3 / 10000 ** (2 / 3))));
    });

    it('none: no position vector, no position matrix', async () => {
      const source = make({ positions: 'none' });
      assert.equal(await source.positionVector(0), undefined);
      assert.deepEqual(source.matrices.map((m) => m.label), ['word embedding']);
    });

    it('rejects negative or fractional positions', async () => {
      await assert.rejects(make().positionVector(-1), /position -1 is not a token position/);
      await assert.rejects(make().positionVector(1.5), /position 1.5/);
    });
  });

  describe('shape', () => {
    it('reports its matrices and is not learned', () => {
      const source = make({ positions: 'sinusoidal' });
      assert.equal(source.learned, false);
      assert.deepEqual(source.matrices, [
        { label: 'word embedding', rows: 50257, columns: 768, weights: 38_597_376, trainable: true },
        { label: 'position embedding', rows: 1024, columns: 768, weights: 786_432, trainable: false },
      ]);
    });

    it('rejects ids outside the vocabulary and bad options', async () => {
      await assert.rejects(make().wordVector(50257), /token id 50257 is outside the word-embedding matrix \(expected 0–50256\)/);
      await assert.rejects(make().wordVector(-1), RangeError);
      await assert.rejects(make().wordRows(50000, 300), /outside the word-embedding matrix/);
      assert.throws(() => make({ dimension: 0 }), /dimension must be an integer ≥ 1, got 0/);
      assert.throws(() => make({ seed: -1 }), /seed must be a safe integer ≥ 0/);
      assert.throws(() => make({ standardDeviation: 0 }), /standardDeviation must be a positive number/);
    });
  });
});

const GOLDEN_ROW0 = ['0.0185157', '0.0149161', '-0.0149441', '-0.0252774'];
