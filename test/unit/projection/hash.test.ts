import * as assert from 'node:assert/strict';
import { hashFloat32, projectionCacheKey } from '../../../src/core/projection';

describe('projection: cache keys', () => {
  const values = Float32Array.from({ length: 1000 }, (_, index) => Math.sin(index));

  it('hashes equal contents alike, wherever they live', () => {
    const buffer = new ArrayBuffer(4 * 1010);
    const view = new Float32Array(buffer, 40, 1000);
    view.set(values);
    assert.equal(hashFloat32(view), hashFloat32(values));
    assert.match(hashFloat32(values), /^[0-9a-f]{16}$/);
  });

  it('changes with any single value, the length or the order', () => {
    const seen = new Set([hashFloat32(values)]);
    for (const index of [0, 1, 500, 999]) {
      const changed = values.slice();
      changed[index] = Math.fround(changed[index] + 1e-6);
      seen.add(hashFloat32(changed));
    }
    seen.add(hashFloat32(values.subarray(0, 999)));
    const swapped = values.slice();
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    seen.add(hashFloat32(swapped));
    assert.equal(seen.size, 7);
  });

  it('treats 0 and -0 alike', () => {
    assert.equal(hashFloat32(Float32Array.of(0, 1)), hashFloat32(Float32Array.of(-0, 1)));
  });

  it('keys on shape, vectors, method, seed and settings but not on the signal or callback', () => {
    const input = { data: values, rows: 100, dims: 10 };
    const base = projectionCacheKey(input, { method: 'umap' });
    assert.equal(projectionCacheKey(input, { method: 'umap', seed: 1 }), base, 'seed 1 is the default');
    assert.equal(projectionCacheKey(input, { method: 'umap', signal: { aborted: false }, onProgress: () => undefined }), base);
    const others = [
      projectionCacheKey(input, { method: 'umap', seed: 2 }),
      projectionCacheKey(input, { method: 'umap', nNeighbors: 10 }),
      projectionCacheKey(input, { method: 'tsne' }),
      projectionCacheKey(input, { method: 'umap', normalize: false }),
      projectionCacheKey({ data: values, rows: 10, dims: 100 }, { method: 'umap' }),
    ];
    assert.equal(new Set([base, ...others]).size, 6);
  });
});
