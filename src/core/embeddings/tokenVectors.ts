/** The vectors of a token sequence as one matrix, ready to project: word, position or input rows. */
import { type EmbeddingSource, checkPosition } from './source';

/** Which vector of each token: its word row, its position row, or their sum (what the model receives). */
export type TokenVectorKind = 'word' | 'position' | 'input';

export interface TokenVectorMatrix {
  /** rows × dims, row-major. */
  readonly data: Float32Array;
  readonly rows: number;
  readonly dims: number;
  /** Euclidean length of each row. */
  readonly norms: Float32Array;
  /**
   * Tokens without a position vector (past the context, or a source that adds none): their
   * position row is zero and their input row is the word row, as the model receives it.
   */
  readonly withoutPosition: number;
}

/** Checked between rows; structurally an AbortSignal. */
export interface GatherSignal {
  readonly aborted: boolean;
}

/**
 * Gathers row `ids[i]` of the word matrix and/or row `positions[i]` of the position table for
 * every token. Repeated ids read their word row once.
 */
export async function tokenVectorMatrix(
  source: EmbeddingSource,
  ids: ArrayLike<number>,
  positions: ArrayLike<number>,
  kind: TokenVectorKind,
  signal?: GatherSignal,
): Promise<TokenVectorMatrix> {
  if (ids.length !== positions.length) {
    throw new RangeError(`expected one position per token id, found ${ids.length} ids and ${positions.length} positions`);
  }
  const rows = ids.length;
  const dims = source.shape.dimension;
  const data = new Float32Array(rows * dims);
  const norms = new Float32Array(rows);
  const words = new Map<number, Float32Array>();
  let withoutPosition = 0;
  for (let i = 0; i < rows; i++) {
    if (signal?.aborted) throw new Error('cancelled');
    checkPosition(positions[i]);
    const row = data.subarray(i * dims, (i + 1) * dims);
    if (kind !== 'position') {
      let word = words.get(ids[i]);
      if (!word) {
        word = await source.wordVector(ids[i]);
        words.set(ids[i], word);
      }
      row.set(word);
    }
    if (kind !== 'word') {
      const position = await source.positionVector(positions[i]);
      if (!position) withoutPosition++;
      // Each sum is rounded once to float32, as in `addVectors`.
      else for (let j = 0; j < dims; j++) row[j] += position[j];
    }
    let sum = 0;
    for (let j = 0; j < dims; j++) sum += row[j] * row[j];
    norms[i] = Math.sqrt(sum);
  }
  return { data, rows, dims, norms, withoutPosition };
}
