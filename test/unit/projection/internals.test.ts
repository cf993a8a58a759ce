import * as assert from 'node:assert/strict';
import { nearestNeighbors } from '../../../src/core/projection/neighbors';
import { QuadTree } from '../../../src/core/projection/quadtree';
import { findAB } from '../../../src/core/projection/umapCurve';
import type { Work } from '../../../src/core/projection/work';
import { testRandom } from './helpers';

function run<T>(work: Work<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

describe('projection internals', () => {
  it('finds exactly the k nearest neighbours, ties to the lower index, with pruning active', () => {
    const random = testRandom(12);
    const rows = 301;
    const dims = 20;
    // Clustered, with the leading dimensions carrying most of the spread, as PCA scores do.
    const points = new Float64Array(rows * dims);
    for (let i = 0; i < rows; i++) {
      const cluster = i % 5;
      for (let t = 0; t < dims; t++) points[i * dims + t] = (t < 4 ? 10 * Math.sin(cluster + t) : 0) + random.gaussian() / (t + 1);
    }
    points.copyWithin(7 * dims, 3 * dims, 4 * dims); // rows 3 and 7 coincide: a tie for everyone
    const k = 7;
    const graph = run(nearestNeighbors(points, rows, dims, k));
    for (let i = 0; i < rows; i++) {
      const expected = Array.from({ length: rows }, (_, j) => j)
        .filter((j) => j !== i)
        .map((j) => {
          let sum = 0;
          for (let t = 0; t < dims; t++) sum += (points[i * dims + t] - points[j * dims + t]) ** 2;
          return { j, sum };
        })
        .sort((a, b) => a.sum - b.sum || a.j - b.j)
        .slice(0, k);
      assert.deepEqual(Array.from(graph.indices.subarray(i * k, (i + 1) * k)), expected.map(({ j }) => j), `row ${i}`);
    }
  });

  it("fits UMAP's a, b curve parameters like umap-learn", () => {
    const { a, b } = findAB(1, 0.1);
    assert.ok(Math.abs(a - 1.5769) < 1e-3 && Math.abs(b - 0.8951) < 1e-3, `a = ${a}, b = ${b}`);
    const wide = findAB(1, 0.5);
    assert.ok(Math.abs(wide.a - 0.583) < 2e-3 && Math.abs(wide.b - 1.334) < 2e-3, `a = ${wide.a}, b = ${wide.b}`);
  });

  it('computes exact t-SNE repulsion with theta 0, and approximations that improve as theta shrinks', () => {
    const random = testRandom(3);
    const rows = 200;
    const positions = Float64Array.from({ length: rows * 2 }, (_, index) => 5 * random.gaussian() + (index % 4 < 2 ? 20 : 0));
    const exactForces = new Float64Array(rows * 2);
    let exactSum = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) {
        if (i === j) continue;
        const dx = positions[2 * i] - positions[2 * j];
        const dy = positions[2 * i + 1] - positions[2 * j + 1];
        const q = 1 / (1 + dx * dx + dy * dy);
        exactSum += q;
        exactForces[2 * i] += q * q * dx;
        exactForces[2 * i + 1] += q * q * dy;
      }
    }
    const tree = new QuadTree();
    tree.build(positions, rows);
    // Barnes–Hut's monopole error grows like theta²: about 9% of the force at bhtsne's 0.5.
    for (const [theta, sumTolerance, forceTolerance] of [[0, 1e-9, 1e-9], [0.1, 2e-3, 2e-3], [0.5, 0.05, 0.15]]) {
      const forces = new Float64Array(rows * 2);
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += tree.repulsion(i, positions[2 * i], positions[2 * i + 1], theta, forces);
      assert.ok(Math.abs(sum - exactSum) <= sumTolerance * exactSum, `theta ${theta}: Z ${sum} vs ${exactSum}`);
      const error = Math.hypot(...forces.map((value, index) => value - exactForces[index]));
      const scale = Math.hypot(...exactForces);
      assert.ok(error <= forceTolerance * scale, `theta ${theta}: force error ${error} of ${scale}`);
    }
  });
});
