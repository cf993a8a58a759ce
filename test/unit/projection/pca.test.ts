import * as assert from 'node:assert/strict';
import { project, type PcaProjection, type VectorMatrix } from '../../../src/core/projection';
import {
  assertAllFinite,
  covariance,
  dot,
  jacobiEigen,
  matrixFromRows,
  orthonormalVectors,
  testRandom,
} from './helpers';

function pca(input: VectorMatrix, options: { seed?: number; normalize?: boolean } = {}): PcaProjection {
  return project(input, { method: 'pca', tolerance: 1e-9, maxPasses: 50, normalize: false, ...options });
}

function axis(result: PcaProjection, component: number, dims: number): Float32Array {
  return result.axes.subarray(component * dims, (component + 1) * dims);
}

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected}, got ${actual} (±${tolerance})`);
}

/** Checks eigenvalues, axes (up to sign) and scores against a Jacobi decomposition of the covariance. */
function assertMatchesReference(input: VectorMatrix, result: PcaProjection, tolerance: number): void {
  const { values, vectors } = jacobiEigen(covariance(input));
  const total = values.reduce((sum, value) => sum + value, 0);
  assertClose(result.totalVariance, total, tolerance * total, 'total variance');
  for (let c = 0; c < 2; c++) {
    assertClose(result.explainedVariance[c], values[c], tolerance * values[0], `variance ${c}`);
    assertClose(result.explainedVarianceRatio[c], values[c] / total, tolerance, `ratio ${c}`);
    const alignment = Math.abs(dot(axis(result, c, input.dims), vectors[c]));
    assertClose(alignment, 1, 1e-4, `|cos| between axis ${c} and the reference`);
  }
}

describe('projection: PCA', () => {
  it('recovers a plane embedded in 50-D: its axes and their variances', () => {
    const dims = 50;
    const [first, second] = orthonormalVectors(2, dims, 11);
    const random = testRandom(5);
    const offset = Array.from({ length: dims }, () => 3 * random.gaussian());
    // A symmetric 20 × 20 grid in the plane: uncorrelated coordinates with variances exactly 9 : 1.
    const grid = Array.from({ length: 20 }, (_, u) => u - 9.5);
    const coordinates = grid.flatMap((u) => grid.map((v) => [3 * u, v]));
    const rows = coordinates.map(([a, b]) => offset.map((value, j) => value + a * first[j] + b * second[j]));
    const input = matrixFromRows(rows);
    const result = pca(input);
    assertClose(Math.abs(dot(axis(result, 0, dims), first)), 1, 1e-6, 'first axis');
    assertClose(Math.abs(dot(axis(result, 1, dims), second)), 1, 1e-6, 'second axis');
    const secondVariance = coordinates.reduce((sum, [, b]) => sum + b * b, 0) / (rows.length - 1);
    assertClose(result.explainedVariance[0], 9 * secondVariance, 1e-4, 'first variance');
    assertClose(result.explainedVariance[1], secondVariance, 1e-4, 'second variance');
    assertClose(result.explainedVarianceRatio[0], 0.9, 1e-5, 'first ratio');
    assertClose(result.explainedVarianceRatio[1], 0.1, 1e-5, 'second ratio');
    // Scores are the plane coordinates, up to the sign of each axis.
    for (const i of [0, 17, 399]) {
      assertClose(Math.abs(result.points[2 * i]), Math.abs(coordinates[i][0]), 1e-3, `row ${i} x`);
      assertClose(Math.abs(result.points[2 * i + 1]), Math.abs(coordinates[i][1]), 1e-3, `row ${i} y`);
    }
  });

  it('matches a Jacobi decomposition of the covariance on random correlated data', () => {
    const random = testRandom(9);
    const dims = 12;
    const mixing = Array.from({ length: dims }, () => Array.from({ length: dims }, () => random.gaussian()));
    const rows = Array.from({ length: 300 }, () => {
      const latent = Array.from({ length: dims }, (_, j) => random.gaussian() / (j + 1));
      return mixing.map((row) => dot(row, latent));
    });
    const input = matrixFromRows(rows);
    assertMatchesReference(input, pca(input), 1e-6);
  });

  it('matches the reference when there are fewer points than dimensions', () => {
    const random = testRandom(21);
    const input = matrixFromRows(Array.from({ length: 6 }, () => Array.from({ length: 40 }, () => random.gaussian())));
    const result = pca(input);
    assertMatchesReference(input, result, 1e-6);
  });

  it('matches the reference on more rows than the warm-start sample, with the default settings', () => {
    const random = testRandom(33);
    const dims = 24;
    const rows = Array.from({ length: 2600 }, () => Array.from({ length: dims }, (_, j) => 5 + random.gaussian() * 3 / (j + 1)));
    const input = matrixFromRows(rows);
    const result = project(input, { method: 'pca', normalize: false });
    assertMatchesReference(input, result, 1e-4);
  });

  it('gives each axis a positive largest loading and is deterministic for a seed', () => {
    const random = testRandom(2);
    const input = matrixFromRows(Array.from({ length: 50 }, () => Array.from({ length: 8 }, () => random.gaussian())));
    const result = project(input, { method: 'pca', seed: 4 });
    for (let c = 0; c < 2; c++) {
      const loadings = Array.from(axis(result, c, 8));
      const largest = loadings.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
      assert.ok(largest > 0, `axis ${c} largest loading ${largest}`);
    }
    const again = project(input, { method: 'pca', seed: 4 });
    assert.deepEqual(again.points, result.points);
  });

  it('keeps its precision under a large common offset', () => {
    const random = testRandom(8);
    const rows = Array.from({ length: 200 }, () => Array.from({ length: 6 }, (_, j) => random.gaussian() * (j + 1)));
    const plain = pca(matrixFromRows(rows));
    const shifted = pca(matrixFromRows(rows.map((row) => row.map((value) => value + 1000))));
    for (let c = 0; c < 2; c++) {
      assertClose(shifted.explainedVarianceRatio[c], plain.explainedVarianceRatio[c], 1e-4, `ratio ${c}`);
    }
  });

  it('normalises the points into [-1, 1] with the largest |coordinate| 1 and reports the scale', () => {
    const random = testRandom(3);
    const input = matrixFromRows(Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => 10 * random.gaussian())));
    const raw = pca(input);
    const normalized = project(input, { method: 'pca', tolerance: 1e-9, maxPasses: 50 });
    const extent = Math.max(...Array.from(normalized.points, Math.abs));
    assertClose(extent, 1, 1e-6, 'largest |coordinate|');
    for (let index = 0; index < raw.points.length; index++) {
      assertClose(normalized.points[index], raw.points[index] * normalized.scale, 1e-5, `point ${index}`);
    }
  });

  describe('edge cases', () => {
    it('projects one point to the origin with zero variance', () => {
      const result = project(matrixFromRows([[1, 2, 3]]), { method: 'pca' });
      assert.deepEqual(Array.from(result.points), [0, 0]);
      assert.deepEqual(result.explainedVarianceRatio, [0, 0]);
      assert.equal(result.totalVariance, 0);
    });

    it('puts two points on the first axis, symmetric about the origin', () => {
      const result = project(matrixFromRows([[0, 0, 0], [3, 4, 0]]), { method: 'pca' });
      assert.deepEqual(Array.from(result.points).map((v) => Math.abs(v)), [1, 0, 1, 0]);
      assert.ok(result.points[0] === -result.points[2]);
      assertClose(result.explainedVarianceRatio[0], 1, 1e-9, 'ratio');
      assertClose(result.totalVariance, 12.5, 1e-9, 'total variance');
    });

    it('handles three points', () => {
      const result = project(matrixFromRows([[0, 0], [2, 0], [0, 1]]), { method: 'pca', normalize: false });
      assertAllFinite(result.points);
      assertClose(result.explainedVarianceRatio[0] + result.explainedVarianceRatio[1], 1, 1e-9, 'ratio sum');
    });

    it('handles one dimension: the second coordinate and ratio are 0', () => {
      const result = project(matrixFromRows([[1], [2], [4], [8]]), { method: 'pca', normalize: false });
      assert.deepEqual(Array.from(result.points.filter((_, index) => index % 2 === 1)), [0, 0, 0, 0]);
      assertClose(result.explainedVarianceRatio[0], 1, 1e-9, 'ratio');
      assert.equal(result.explainedVarianceRatio[1], 0);
      const xs = Array.from(result.points.filter((_, index) => index % 2 === 0));
      assertClose(xs[3] - xs[0], 7, 1e-6, 'spread kept');
    });

    it('maps constant rows to the origin without NaN', () => {
      const rows = Array.from({ length: 10 }, () => [1.5, -2, 7]);
      const result = project(matrixFromRows(rows), { method: 'pca' });
      assert.ok(result.points.every((value) => value === 0));
      assert.deepEqual(result.explainedVarianceRatio, [0, 0]);
      assert.equal(result.totalVariance, 0);
    });

    it('returns no points for no vectors', () => {
      const result = project({ data: new Float32Array(0), rows: 0, dims: 768 }, { method: 'pca' });
      assert.equal(result.points.length, 0);
    });
  });
});
