import * as assert from 'node:assert/strict';
import { InitialWeights, addVectors, l2Norm, tokenVectorMatrix } from '../../../src/core/embeddings';

const source = new InitialWeights({ vocabularySize: 1000, dimension: 16, contextLength: 4, seed: 3 });
const ids = [5, 9, 5, 7, 5];
const positions = [0, 1, 2, 3, 4]; // the last is past the 4-position context

describe('tokenVectorMatrix', () => {
  it('gathers word rows: equal ids, equal rows', async () => {
    const matrix = await tokenVectorMatrix(source, ids, positions, 'word');
    assert.equal(matrix.rows, 5);
    assert.equal(matrix.dims, 16);
    for (let i = 0; i < 5; i++) assert.deepEqual(matrix.data.subarray(i * 16, (i + 1) * 16), source.wordRow(ids[i]));
    assert.deepEqual(matrix.data.subarray(0, 16), matrix.data.subarray(32, 48));
  });

  it('gathers position rows, zero past the context', async () => {
    const matrix = await tokenVectorMatrix(source, ids, positions, 'position');
    for (let i = 0; i < 4; i++) assert.deepEqual(matrix.data.subarray(i * 16, (i + 1) * 16), source.positionRow(i));
    assert.deepEqual(Array.from(matrix.data.subarray(64, 80)), new Array(16).fill(0));
    assert.equal(matrix.withoutPosition, 1);
  });

  it('adds them for input rows exactly as addVectors does, and the word row alone past the context', async () => {
    const matrix = await tokenVectorMatrix(source, ids, positions, 'input');
    for (let i = 0; i < 4; i++) {
      const expected = addVectors(source.wordRow(ids[i]), source.positionRow(i) as Float32Array);
      assert.deepEqual(matrix.data.subarray(i * 16, (i + 1) * 16), expected);
    }
    assert.deepEqual(matrix.data.subarray(64, 80), source.wordRow(5));
    assert.notDeepEqual(matrix.data.subarray(0, 16), matrix.data.subarray(32, 48), 'the same token at two positions differs');
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(matrix.norms[i] - l2Norm(matrix.data.subarray(i * 16, (i + 1) * 16))) < 1e-6);
  });

  it('checks its input and stops when cancelled', async () => {
    await assert.rejects(tokenVectorMatrix(source, [1, 2], [0], 'word'), /one position per token id/);
    await assert.rejects(tokenVectorMatrix(source, [1], [-1], 'word'), /position -1/);
    await assert.rejects(tokenVectorMatrix(source, [5000], [0], 'word'), /outside the word-embedding matrix/);
    await assert.rejects(tokenVectorMatrix(source, ids, positions, 'word', { aborted: true }), /cancelled/);
  });
});
