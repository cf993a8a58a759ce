import * as assert from 'node:assert/strict';
import { decodeFloats, encodeFloats, floatToBfloat16, floatToHalf, halfToFloat } from '../../../src/core/embeddings';

describe('safetensors float types', () => {
  it('decodes known half-precision bit patterns', () => {
    const cases: [number, number][] = [
      [0x3c00, 1],
      [0xc000, -2],
      [0x3800, 0.5],
      [0x7bff, 65504],
      [0x0001, 2 ** -24],
      [0x0400, 2 ** -14],
      [0x7c00, Infinity],
      [0x8000, -0],
    ];
    for (const [bits, value] of cases) assert.equal(halfToFloat(bits), value, `0x${bits.toString(16)}`);
    assert.ok(Number.isNaN(halfToFloat(0x7e00)));
  });

  it('encodes to half precision, rounding to nearest even', () => {
    assert.equal(floatToHalf(1), 0x3c00);
    assert.equal(floatToHalf(-2), 0xc000);
    assert.equal(floatToHalf(65504), 0x7bff);
    assert.equal(floatToHalf(65520), 0x7c00, 'rounds up to infinity');
    assert.equal(floatToHalf(2 ** -24), 0x0001);
    assert.equal(floatToHalf(2 ** -25), 0x0000, 'a tie rounds to the even zero');
    assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00, 'a tie rounds to even');
    assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02, 'a tie rounds to even (up)');
    for (let bits = 0; bits < 0x7c00; bits += 7) assert.equal(floatToHalf(halfToFloat(bits)), bits, `round trip 0x${bits.toString(16)}`);
  });

  it('encodes and decodes bfloat16 as the top half of float32', () => {
    assert.equal(floatToBfloat16(1), 0x3f80);
    assert.equal(floatToBfloat16(-2), 0xc000);
    assert.equal(floatToBfloat16(1 + 2 ** -8), 0x3f80, 'a tie rounds to even');
    assert.equal(floatToBfloat16(1 + 3 * 2 ** -8), 0x3f82);
    assert.deepEqual(Array.from(decodeFloats(new Uint8Array([0x80, 0x3f, 0x00, 0xc0]), 'BF16')), [1, -2]);
  });

  it('round-trips exactly representable values through every float dtype', () => {
    const values = [0, 1, -1, 0.5, 0.015625, -3.25, 120, 2 ** -10];
    for (const dtype of ['F32', 'F16', 'BF16'] as const) {
      assert.deepEqual(Array.from(decodeFloats(encodeFloats(values, dtype), dtype)), values, dtype);
    }
  });

  it('decodes F32 from unaligned bytes', () => {
    const bytes = new Uint8Array(9);
    bytes.set(encodeFloats([1.5, -7], 'F32'), 1);
    assert.deepEqual(Array.from(decodeFloats(bytes.subarray(1), 'F32')), [1.5, -7]);
  });
});
