/** Spare: memory one phase of a load is done with, handed to a later one. */
import * as assert from 'node:assert/strict';
import { Spare } from '../../../src/core/tokenizer/spare';

describe('Spare memory between the phases of a load', () => {
  it('hands out the smallest released buffer that is large enough, each once', () => {
    const spare = new Spare();
    const large = new Int32Array(1000);
    const small = new Int32Array(300);
    spare.release(large);
    spare.release(small);
    const first = spare.uint8(1000);
    assert.equal(first.buffer, small.buffer, '1,000 bytes fit in the 1,200-byte buffer, the smallest that does');
    assert.equal(first.length, 1000);
    const second = spare.int32(500);
    assert.equal(second.buffer, large.buffer);
    assert.equal(second.length, 500);
    const third = spare.int32(10);
    assert.notEqual(third.buffer, large.buffer);
    assert.notEqual(third.buffer, small.buffer);
  });

  it('allocates a new, zeroed array when no released buffer is large enough', () => {
    const spare = new Spare();
    spare.release(new Uint8Array(16));
    const array = spare.int32(8);
    assert.equal(array.length, 8);
    assert.equal(array.buffer.byteLength, 32);
    assert.deepEqual([...array], [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('leaves memory handed out as it was (callers write before they read)', () => {
    const spare = new Spare();
    const used = new Int32Array([7, 8, 9]);
    spare.release(used);
    assert.deepEqual([...spare.int32(3)], [7, 8, 9]);
  });
});
