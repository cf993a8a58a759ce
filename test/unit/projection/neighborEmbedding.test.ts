import * as assert from 'node:assert/strict';
import { project, type TsneOptions, type UmapOptions, type VectorMatrix } from '../../../src/core/projection';
import { assertAllFinite, gaussianBlobs, matrixFromRows, neighbourPurity, testRandom } from './helpers';

type Method = { readonly method: 'umap' } | { readonly method: 'tsne' };

/** Short runs keep the suite quick; the structure tests do not need full convergence. */
const quick: Record<'umap' | 'tsne', UmapOptions | TsneOptions> = {
  umap: { method: 'umap', epochs: 200 },
  tsne: { method: 'tsne', iterations: 300 },
};

for (const { method } of [{ method: 'umap' }, { method: 'tsne' }] as Method[]) {
  describe(`projection: ${method.toUpperCase()}`, function () {
    this.timeout(60_000);

    it('keeps three well-separated 100-D clusters apart', () => {
      const { input, labels } = gaussianBlobs(3, 40, 100, 40, 1);
      const result = project(input, { ...quick[method], seed: 3 });
      assert.equal(result.points.length, 2 * 120);
      assertAllFinite(result.points);
      assert.equal(neighbourPurity(result.points, labels, 5), 1);
      assert.deepEqual(result.reduction?.dims, 50);
    });

    it('is deterministic for a seed and changes with it', () => {
      const { input } = gaussianBlobs(2, 30, 20, 10, 2);
      const first = project(input, { ...quick[method], seed: 7 });
      const again = project(input, { ...quick[method], seed: 7 });
      const other = project(input, { ...quick[method], seed: 8 });
      assert.deepEqual(again.points, first.points);
      assert.notDeepEqual(other.points, first.points);
      assert.equal(first.reduction, undefined, 'no PCA step for d ≤ 50');
    });

    it('gives duplicate rows one shared point and no NaN', () => {
      const random = testRandom(4);
      const repeated = Array.from({ length: 12 }, () => random.gaussian());
      const rows = Array.from({ length: 40 }, (_, i) =>
        i % 3 === 0 ? repeated.slice() : repeated.map((value) => value + 3 * random.gaussian()),
      );
      const result = project(matrixFromRows(rows), { ...quick[method] });
      assertAllFinite(result.points);
      assert.equal(result.uniqueRows, 40 - 13);
      for (let i = 3; i < 40; i += 3) {
        assert.deepEqual([result.points[2 * i], result.points[2 * i + 1]], [result.points[0], result.points[1]]);
      }
    });

    for (const rows of [0, 1, 2, 3, 5]) {
      it(`handles ${rows} point${rows > 1 ? 's' : ''}`, () => {
        const random = testRandom(rows);
        const values = Float32Array.from({ length: rows * 60 }, () => random.gaussian());
        const input: VectorMatrix = { data: values, rows, dims: 60 };
        const result = project(input, { ...quick[method] });
        assert.equal(result.points.length, 2 * rows);
        assertAllFinite(result.points);
        if (rows === 1) assert.deepEqual(Array.from(result.points), [0, 0]);
        if (rows === 2) assert.deepEqual(Array.from(result.points).map(Math.abs), [1, 0, 1, 0]);
        if (rows >= 3) {
          const distinct = new Set(Array.from({ length: rows }, (_, i) => `${result.points[2 * i]},${result.points[2 * i + 1]}`));
          assert.equal(distinct.size, rows, 'distinct points stay distinct');
        }
      });
    }

    it('handles one dimension', () => {
      const input = matrixFromRows(Array.from({ length: 30 }, (_, i) => [i % 10 === 0 ? 100 + i : i]));
      const result = project(input, { ...quick[method] });
      assertAllFinite(result.points);
      assert.equal(result.uniqueRows, 30);
    });

    it('clamps its neighbourhood size to the number of points', () => {
      const { input } = gaussianBlobs(1, 6, 4, 1, 9);
      const result = project(input, { ...quick[method], nNeighbors: 50, perplexity: 50 });
      assertAllFinite(result.points);
      if (result.method === 'umap') assert.equal(result.nNeighbors, 5);
      if (result.method === 'tsne') assert.ok(result.perplexity <= 5 / 3, `perplexity ${result.perplexity}`);
    });

    it('maps constant rows to the origin', () => {
      const input: VectorMatrix = matrixFromRows(Array.from({ length: 8 }, () => [2, 2, 2]));
      const result = project(input, { ...quick[method] });
      assert.ok(result.points.every((value) => value === 0));
      assert.equal(result.uniqueRows, 1);
    });
  });
}
