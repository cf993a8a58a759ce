import * as assert from 'node:assert/strict';
import { InMemoryEmbeddings, InitialWeights, NeighborIndex, cosineSimilarity, findNearestRows } from '../../../src/core/embeddings';

/**
 * Rows built at known angles to the x axis in the (x, y) plane, so cosines are known:
 * row 0 = x axis; row i (1…6) at angle 10°·i; row 7 = −x; row 8 = zero; row 9 = z axis.
 */
function angleMatrix(): InMemoryEmbeddings {
  const d = 4;
  const rows: number[][] = [[1, 0, 0, 0]];
  for (let i = 1; i <= 6; i++) {
    const angle = (10 * i * Math.PI) / 180;
    const length = i; // lengths differ: cosine must ignore them
    rows.push([length * Math.cos(angle), length * Math.sin(angle), 0, 0]);
  }
  rows.push([-2, 0, 0, 0], [0, 0, 0, 0], [0, 0, 3, 0]);
  return new InMemoryEmbeddings({ name: 'angles', dimension: d, wordMatrix: new Float32Array(rows.flat()) });
}

/** A random but fixed matrix for comparing the index with brute force. */
function randomMatrix(rows: number, d: number): InMemoryEmbeddings {
  const source = new InitialWeights({ vocabularySize: rows, dimension: d, contextLength: 1, seed: 11 });
  const matrix = new Float32Array(rows * d);
  for (let id = 0; id < rows; id++) matrix.set(source.wordRow(id), id * d);
  // Plant a tight cluster around row 0 so the top ranks have small gaps.
  for (let id = 1; id <= 20; id++) for (let j = 0; j < d; j++) matrix[id * d + j] = matrix[j] + 0.002 * id * matrix[id * d + j];
  return new InMemoryEmbeddings({ name: 'random', dimension: d, wordMatrix: matrix });
}

async function bruteForce(source: InMemoryEmbeddings, query: Float32Array, k: number, skip: number[]): Promise<number[]> {
  const all = await source.wordRows(0, source.shape.vocabularySize);
  const d = source.shape.dimension;
  const scored = [];
  for (let id = 0; id < source.shape.vocabularySize; id++) {
    if (!skip.includes(id)) scored.push({ id, cosine: cosineSimilarity(query, all.subarray(id * d, (id + 1) * d)) });
  }
  return scored.sort((a, b) => b.cosine - a.cosine || a.id - b.id).slice(0, k).map((s) => s.id);
}

describe('nearest neighbours', () => {
  const source = angleMatrix();

  for (const [label, nearest] of [
    ['findNearestRows (exact scan)', (q: Float32Array | number, k: number, exclude?: number[]) => findNearestRows(source, q, k, { exclude, blockRows: 3 })],
    ['NeighborIndex, SIMD kernel', async (q: Float32Array | number, k: number, exclude?: number[]) => (await NeighborIndex.build(source, { blockRows: 4 })).nearest(q, k, { exclude })],
    ['NeighborIndex, JS kernel', async (q: Float32Array | number, k: number, exclude?: number[]) => (await NeighborIndex.build(source, { blockRows: 4, kernel: 'js' })).nearest(q, k, { exclude })],
  ] as const) {
    describe(label, () => {
      it('ranks rows by angle, ignoring their lengths, with exact cosines', async () => {
        const result = await nearest(new Float32Array([5, 0, 0, 0]), 4);
        assert.deepEqual(result.map((n) => n.id), [0, 1, 2, 3]);
        result.forEach((n, rank) => assert.ok(Math.abs(n.cosine - Math.cos((10 * rank * Math.PI) / 180)) < 1e-6, `rank ${rank}: ${n.cosine}`));
      });

      it('leaves the query row out of a row query', async () => {
        const result = await nearest(6, 3);
        assert.deepEqual(result.map((n) => n.id), [5, 4, 3]);
      });

      it('puts the opposite row last and gives zero rows cosine 0', async () => {
        const result = await nearest(new Float32Array([1, 0, 0, 0]), 10);
        assert.equal(result.length, 10);
        assert.equal(result[9].id, 7);
        assert.ok(Math.abs(result[9].cosine + 1) < 1e-6);
        const zeros = result.filter((n) => n.id === 8 || n.id === 9);
        assert.deepEqual(zeros.map((n) => n.cosine), [0, 0]);
      });

      it('honours exclude', async () => {
        const result = await nearest(new Float32Array([1, 0, 0, 0]), 2, [0, 1]);
        assert.deepEqual(result.map((n) => n.id), [2, 3]);
      });

      it('rejects zero queries and wrong lengths, naming a row of zeros', async () => {
        await assert.rejects(nearest(new Float32Array(4), 1), /query vector has length 0/);
        await assert.rejects(nearest(new Float32Array(3).fill(1), 1), /query vector has 3 dimensions, expected 4/);
        await assert.rejects(nearest(8, 1), /^RangeError: row 8 is all zeros; it has no direction to compare$/);
      });
    });
  }

  it('the index agrees with brute force on a 3000 × 72 matrix with a tight cluster', async () => {
    const random = randomMatrix(3000, 72);
    const index = await NeighborIndex.build(random);
    const jsIndex = await NeighborIndex.build(random, { kernel: 'js' });
    assert.equal(index.kernel, 'simd');
    assert.equal(index.rows, 3000);
    // int8 rows padded to 80 columns, an int32 score and a float32 scale per row, and the 80-byte query.
    assert.equal(index.memoryBytes, 3000 * 80 + 3000 * 4 + 80 + 3000 * 4);
    for (const id of [0, 5, 17, 1234, 2999]) {
      const query = await random.wordVector(id);
      const expected = await bruteForce(random, query, 10, [id]);
      assert.deepEqual((await index.nearest(id, 10)).map((n) => n.id), expected, `row ${id}`);
      assert.deepEqual((await jsIndex.nearest(id, 10)).map((n) => n.id), expected, `row ${id} (JS kernel)`);
      assert.deepEqual((await findNearestRows(random, id, 10)).map((n) => n.id), expected, `row ${id} (exact scan)`);
    }
  });

  it('needs the exact re-rank: the int8 scores alone misorder the tight cluster', async () => {
    const random = randomMatrix(3000, 72);
    const index = await NeighborIndex.build(random);
    const expected = await bruteForce(random, await random.wordVector(0), 10, [0]);
    const unranked = (await index.nearest(0, 10, { candidates: 10 })).map((n) => n.id);
    assert.notDeepEqual(unranked, expected, 'if this fails, the cluster no longer tests the re-rank');
  });

  it('reports build progress block by block', async () => {
    const seen: number[] = [];
    await NeighborIndex.build(randomMatrix(2500, 8), { blockRows: 1000, onProgress: (done) => seen.push(done) });
    assert.deepEqual(seen, [1000, 2000, 2500]);
  });
});

describe('nearest neighbours: rows holding NaN or ±Infinity', () => {
  // Row 0 = x axis; rows 1–3 would be the closest to it if their values were finite; row 4 at 30°.
  const d = 4;
  const rows = [
    [1, 0, 0, 0],
    [Number.NaN, 0.01, 0, 0],
    [Number.POSITIVE_INFINITY, 0, 0, 0],
    [1, Number.NEGATIVE_INFINITY, 0, 0],
    [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0, 0],
    [0, 1, 0, 0],
  ];
  const source = new InMemoryEmbeddings({ name: 'poisoned', dimension: d, wordMatrix: new Float32Array(rows.flat()) });
  const poisoned = [1, 2, 3];

  it('findNearestRows leaves them out, whatever k, and reports how many', async () => {
    const reported: number[] = [];
    const result = await findNearestRows(source, 0, 10, { blockRows: 2, onNonFiniteRows: (count) => reported.push(count) });
    assert.deepEqual(result.map((n) => n.id), [4, 5]);
    assert.ok(result.every((n) => n.cosine >= -1 && n.cosine <= 1), JSON.stringify(result));
    assert.deepEqual(reported, [3]);
  });

  for (const kernel of ['simd', 'js'] as const) {
    it(`NeighborIndex (${kernel}) leaves them out of candidates and answers, and counts them at build`, async () => {
      const index = await NeighborIndex.build(source, { kernel, blockRows: 4 });
      assert.equal(index.nonFiniteRows, poisoned.length);
      assert.deepEqual(rows.flatMap((_, id) => (index.holdsNonFinite(id) ? [id] : [])), poisoned);
      const result = await index.nearest(0, 10);
      assert.deepEqual(result.map((n) => n.id), [4, 5]);
      assert.ok(result.every((n) => n.cosine >= -1 && n.cosine <= 1), JSON.stringify(result));
      const fromVector = await index.nearest(new Float32Array([1, 0.001, 0, 0]), 10);
      assert.deepEqual(fromVector.map((n) => n.id), [0, 4, 5]);
    });
  }

  it('a poisoned query row is refused with a message naming it', async () => {
    await assert.rejects(findNearestRows(source, 2, 3), /row 2 holds NaN or ±Infinity/);
    await assert.rejects((await NeighborIndex.build(source)).nearest(1, 3), /row 1 holds NaN or ±Infinity/);
  });
});
