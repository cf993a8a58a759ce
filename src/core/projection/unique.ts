import { nonFiniteError } from './matrix';
import type { VectorMatrix } from './types';
import type { Work } from './work';

/** The distinct rows of a matrix (token vectors repeat: every "the" has the same word vector). */
export interface UniqueRows {
  /** The distinct rows in order of first appearance (the input itself when all are distinct). */
  readonly matrix: VectorMatrix;
  /** For every input row, the index of its distinct row. */
  readonly representative: Int32Array;
}

/**
 * Groups exactly equal rows (0 and −0 equal) by hashing each row and comparing candidates.
 * Also rejects NaN and ±Infinity with the row and dimension, since it reads every value anyway.
 */
export function* uniqueRows(input: VectorMatrix): Work<UniqueRows> {
  const { data, rows, dims } = input;
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const firstByHash = new Map<number, number[]>();
  const representative = new Int32Array(rows);
  const distinct: number[] = [];
  for (let i = 0; i < rows; i++) {
    const offset = i * dims;
    let hash = 0x811c9dc5;
    for (let j = 0; j < dims; j++) {
      const value = data[offset + j];
      if (value - value !== 0) throw nonFiniteError(input, offset + j);
      hash = Math.imul(hash ^ (value === 0 ? 0 : words[offset + j]), 0x01000193);
    }
    const candidates = firstByHash.get(hash);
    const match = candidates?.find((unique) => rowsEqual(data, distinct[unique] * dims, offset, dims));
    if (match !== undefined) {
      representative[i] = match;
    } else {
      representative[i] = distinct.length;
      if (candidates) candidates.push(distinct.length);
      else firstByHash.set(hash, [distinct.length]);
      distinct.push(i);
    }
    if (i % 2048 === 2047) yield { phase: 'validate', fraction: (i + 1) / rows };
  }
  if (distinct.length === rows) return { matrix: input, representative };
  const unique = new Float32Array(distinct.length * dims);
  distinct.forEach((row, index) => unique.set(data.subarray(row * dims, (row + 1) * dims), index * dims));
  return { matrix: { data: unique, rows: distinct.length, dims }, representative };
}

function rowsEqual(data: Float32Array, a: number, b: number, dims: number): boolean {
  for (let j = 0; j < dims; j++) if (data[a + j] !== data[b + j]) return false;
  return true;
}
