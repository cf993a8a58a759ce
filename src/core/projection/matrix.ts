import { ProjectionInputError } from './errors';
import type { VectorMatrix } from './types';
import type { Work } from './work';

/** Rows per piece of a pass over the data between cancellation checks. */
export const ROWS_PER_CHUNK = 1024;

/** Throws a `ProjectionInputError` unless `input` is a well-formed `rows × dims` matrix. */
export function validateShape(input: VectorMatrix): void {
  const { data, rows, dims } = input;
  if (!(data instanceof Float32Array)) {
    throw new ProjectionInputError(`Vectors must be a Float32Array; found ${describe(data)}.`);
  }
  if (!Number.isInteger(rows) || rows < 0) {
    throw new ProjectionInputError(`The number of vectors must be a whole number ≥ 0; found ${rows}.`);
  }
  if (!Number.isInteger(dims) || dims < 1) {
    throw new ProjectionInputError(`Vectors must have at least one dimension; found ${dims}.`);
  }
  if (data.length !== rows * dims) {
    throw new ProjectionInputError(
      `Expected ${rows} × ${dims} = ${rows * dims} values for ${rows} vectors of ${dims} dimensions; found ${data.length}.`,
    );
  }
}

export interface ColumnStatistics {
  readonly mean: Float64Array;
  /** Sum over the columns of their sample variances (divisor n − 1; 0 when n < 2). */
  readonly totalVariance: number;
}

/**
 * Column means and the total variance in one pass, with sums shifted by the first row so
 * that a large common offset does not eat the precision. Throws on NaN or ±Infinity.
 */
export function* columnStatistics(input: VectorMatrix): Work<ColumnStatistics> {
  const { data, rows, dims } = input;
  const mean = new Float64Array(dims);
  if (rows === 0) return { mean, totalVariance: 0 };
  const shift = data.subarray(0, dims);
  const sums = new Float64Array(dims);
  const squares = new Float64Array(dims);
  for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
    const end = Math.min(rows, start + ROWS_PER_CHUNK);
    let i = start;
    // Four rows at a time: one load and store of each column's sums per four values.
    for (; i + 4 <= end; i += 4) {
      const r0 = i * dims;
      const r1 = r0 + dims;
      const r2 = r1 + dims;
      const r3 = r2 + dims;
      for (let j = 0; j < dims; j++) {
        const s = shift[j];
        const a = data[r0 + j] - s;
        const b = data[r1 + j] - s;
        const c = data[r2 + j] - s;
        const d = data[r3 + j] - s;
        sums[j] += a + b + c + d;
        squares[j] += a * a + b * b + c * c + d * d;
      }
    }
    for (; i < end; i++) {
      const offset = i * dims;
      for (let j = 0; j < dims; j++) {
        const value = data[offset + j] - shift[j];
        sums[j] += value;
        squares[j] += value * value;
      }
    }
    yield { phase: 'validate', fraction: end / rows };
  }
  let total = 0;
  for (let j = 0; j < dims; j++) {
    const sum = sums[j];
    if (!Number.isFinite(sum) || !Number.isFinite(squares[j])) {
      throw nonFiniteError(input, data.findIndex((value) => !Number.isFinite(value)));
    }
    mean[j] = shift[j] + sum / rows;
    total += Math.max(0, squares[j] - (sum * sum) / rows);
  }
  return { mean, totalVariance: rows > 1 ? total / (rows - 1) : 0 };
}

/** The error for the NaN or infinite value at `index` of `input.data`. */
export function nonFiniteError(input: VectorMatrix, index: number): ProjectionInputError {
  const row = Math.floor(index / input.dims);
  const column = index - row * input.dims;
  return new ProjectionInputError(
    `Vector ${row} of ${input.rows} has ${input.data[index]} at dimension ${column} of ${input.dims}; ` +
      'projection needs finite numbers (check the embedding weights for corrupt values).',
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'an object';
}
