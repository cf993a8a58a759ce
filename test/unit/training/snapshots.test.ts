import * as assert from 'node:assert/strict';
import { projectSnapshot } from '../../../src/core/training/snapshots';

describe('training: snapshots of tracked tokens', () => {
  // Four tokens in 3-D: two pairs far apart along the first axis.
  const rows = Float32Array.of(1, 0.1, 0, 1.1, 0, 0.1, -1, 0, 0.2, -1.2, 0.1, 0);

  it('projects the rows to 2-D points in [-1, 1], two per token', () => {
    const points = projectSnapshot(rows, 4, 3, undefined);
    assert.equal(points.length, 8);
    assert.ok(points.every((value) => Math.abs(value) <= 1 + 1e-6));
    assert.ok(Math.sign(points[0]) === Math.sign(points[2]) && Math.sign(points[0]) !== Math.sign(points[4]), 'the pairs land on opposite sides');
  });

  it('turns each axis to agree with the previous snapshot, so a picture does not flip between frames', () => {
    const first = projectSnapshot(rows, 4, 3, undefined);
    const mirrored = first.map((value, i) => (i % 2 === 0 ? -value : value));
    const next = projectSnapshot(rows, 4, 3, mirrored);
    assert.deepEqual(next.map((value, i) => (i % 2 === 0 ? Math.sign(value) : 0)), mirrored.map((value, i) => (i % 2 === 0 ? Math.sign(value) : 0)));
  });
});
