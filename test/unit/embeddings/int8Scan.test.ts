import * as assert from 'node:assert/strict';
import { createInt8Scanner } from '../../../src/core/embeddings/int8Scan';

/** Σ query · row in plain arithmetic, the reference both kernels must match. */
function reference(query: Int8Array, codes: Int8Array, rows: number, stride: number): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let sum = 0;
    for (let j = 0; j < stride; j++) sum += query[j] * codes[r * stride + j];
    return sum;
  });
}

function fill(values: Int8Array, seed: number): void {
  let state = seed;
  for (let i = 0; i < values.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    values[i] = (state >>> 16) & 0xff; // wraps to −128 … 127
  }
}

describe('int8 scan kernels', () => {
  it('uses WebAssembly SIMD in Node', () => {
    assert.equal(createInt8Scanner(4, 16).kernel, 'simd');
    assert.equal(createInt8Scanner(4, 16, 'js').kernel, 'js');
  });

  for (const [rows, dimension] of [[1, 1], [3, 16], [7, 17], [100, 768], [5, 1600]] as const) {
    it(`SIMD and JS give the exact int32 dot products (${rows} × ${dimension})`, () => {
      const simd = createInt8Scanner(rows, dimension, 'simd');
      const js = createInt8Scanner(rows, dimension, 'js');
      assert.equal(simd.stride % 16, 0);
      assert.ok(simd.stride >= dimension && simd.stride < dimension + 16);
      for (const scanner of [simd, js]) {
        for (let r = 0; r < rows; r++) fill(scanner.codes.subarray(r * scanner.stride, r * scanner.stride + dimension), r + 1);
        fill(scanner.query.subarray(0, dimension), 99);
        scanner.scan();
      }
      const expected = reference(js.query, js.codes, rows, js.stride);
      assert.deepEqual(Array.from(js.scores), expected);
      assert.deepEqual(Array.from(simd.scores), expected);
    });
  }

  it('handles the extremes: −128 · −128 summed over 1600 columns', () => {
    for (const kernel of ['simd', 'js'] as const) {
      const scanner = createInt8Scanner(2, 1600, kernel);
      scanner.codes.fill(-128, 0, 1600);
      scanner.codes.fill(127, scanner.stride, scanner.stride + 1600);
      scanner.query.fill(-128, 0, 1600);
      scanner.scan();
      assert.deepEqual(Array.from(scanner.scores), [1600 * 16384, -1600 * 16256], kernel);
    }
  });

  it('scans zero rows without touching anything', () => {
    const scanner = createInt8Scanner(0, 8);
    scanner.scan();
    assert.equal(scanner.scores.length, 0);
  });

  it('refuses an index too large to hold', () => {
    assert.throws(() => createInt8Scanner(200019, 12288), /would need \d+ MB \(limit 1024 MB\)/);
  });
});
