/**
 * Embeddings trained in miniature: the rows of the tokens seen in training, over the initial
 * weights of the same seed for every other token — "before" and "after" are the same rows.
 */
import { fillNormalRow, rowKey, tableKey } from '../embeddings/gaussian';
import { INITIAL_STANDARD_DEVIATION } from '../embeddings/initialWeights';
import {
  type EmbeddingShape,
  type EmbeddingSource,
  type MatrixShape,
  type PositionKind,
  checkPosition,
  checkWordId,
  checkWordRange,
  embeddingMatrices,
  rowsBuffer,
} from '../embeddings/source';

export interface TrainedEmbeddingsOptions {
  /** For people: "trained (built-in)", "notes.safetensors". */
  readonly name: string;
  readonly vocabularySize: number;
  readonly dimension: number;
  /** The seed of the initial weights the untouched rows keep. */
  readonly seed: number;
  /** Token ids of the trained rows, strictly ascending. */
  readonly ids: Int32Array;
  /** ids.length × dimension, row-major, in the order of `ids`. */
  readonly rows: Float32Array;
}

export class TrainedEmbeddings implements EmbeddingSource {
  readonly name: string;
  readonly learned = true;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind = 'none';
  readonly matrices: readonly MatrixShape[];
  readonly seed: number;
  readonly ids: Int32Array;
  readonly rows: Float32Array;
  /** The initial weights' word-table key for this seed (InitialWeights computes rows the same way). */
  private readonly initialKey: number;
  private closed = false;

  constructor(options: TrainedEmbeddingsOptions) {
    const { vocabularySize, dimension, seed, ids, rows } = options;
    for (const [label, value] of [['vocabularySize', vocabularySize], ['dimension', dimension]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${options.name}: ${label} must be an integer ≥ 1, got ${value}`);
    }
    this.initialKey = tableKey(seed, 'word');
    if (rows.length !== ids.length * dimension) {
      throw new RangeError(`${options.name}: expected ${ids.length} × ${dimension} = ${ids.length * dimension} trained values, found ${rows.length}`);
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id < 0 || id >= vocabularySize || (i > 0 && id <= ids[i - 1])) {
        throw new RangeError(`${options.name}: expected trained ids ascending in 0–${vocabularySize - 1}, found ${id} at ${i}`);
      }
    }
    this.name = options.name;
    this.seed = seed;
    this.ids = ids;
    this.rows = rows;
    this.shape = { vocabularySize, dimension, contextLength: undefined };
    this.matrices = embeddingMatrices(this.shape, this.positionKind);
  }

  /** Where `id` sits among the trained rows, or −1 when training never saw it. */
  trainedIndex(id: number): number {
    return trainedIndexOf(this.ids, id);
  }

  /** Synchronous wordRows, for writers and workers. */
  fillWordRows(firstId: number, count: number, into?: Float32Array): Float32Array {
    this.checkOpen();
    checkWordRange(firstId, count, this.shape);
    const { dimension } = this.shape;
    const target = rowsBuffer(count, dimension, into);
    for (let i = 0; i < count; i++) {
      const index = this.trainedIndex(firstId + i);
      if (index >= 0) target.set(this.rows.subarray(index * dimension, (index + 1) * dimension), i * dimension);
      else fillNormalRow(rowKey(this.initialKey, firstId + i), INITIAL_STANDARD_DEVIATION, target, i * dimension, dimension);
    }
    return target;
  }

  async wordVector(id: number): Promise<Float32Array> {
    checkWordId(id, this.shape);
    return this.fillWordRows(id, 1);
  }

  async wordRows(firstId: number, count: number, into?: Float32Array): Promise<Float32Array> {
    return this.fillWordRows(firstId, count, into);
  }

  async positionVector(position: number): Promise<Float32Array | undefined> {
    checkPosition(position);
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${this.name}: the embeddings are closed`);
  }
}

/** Binary search in ascending ids; −1 when absent. */
export function trainedIndexOf(ids: Int32Array, id: number): number {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = ids[middle];
    if (value === id) return middle;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
