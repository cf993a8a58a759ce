/** Embeddings held in memory: built by tests, or by training on the user's own text. */
import {
  type EmbeddingShape,
  type EmbeddingSource,
  type MatrixShape,
  type PositionKind,
  checkPosition,
  checkWordId,
  checkWordRange,
  embeddingMatrices,
  insideContext,
  rowsBuffer,
} from './source';

export interface InMemoryEmbeddingsOptions {
  readonly name: string;
  readonly dimension: number;
  /** vocabularySize × dimension, row-major. */
  readonly wordMatrix: Float32Array;
  /** contextLength × dimension, row-major; omit for a model without a position table. */
  readonly positionMatrix?: Float32Array;
  /** Defaults to true: the rows came from training. */
  readonly learned?: boolean;
  /** Defaults to `learned` with a position matrix, `none` without. */
  readonly positionKind?: PositionKind;
}

export class InMemoryEmbeddings implements EmbeddingSource {
  readonly name: string;
  readonly learned: boolean;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind;
  readonly matrices: readonly MatrixShape[];
  private readonly wordMatrix: Float32Array;
  private readonly positionMatrix: Float32Array | undefined;

  constructor(options: InMemoryEmbeddingsOptions) {
    const { dimension, wordMatrix, positionMatrix } = options;
    if (!Number.isSafeInteger(dimension) || dimension < 1) throw new RangeError(`dimension must be an integer ≥ 1, got ${dimension}`);
    for (const [label, matrix] of [['word', wordMatrix], ['position', positionMatrix]] as const) {
      if (matrix && matrix.length % dimension !== 0) {
        throw new RangeError(`${options.name}: ${label} matrix has ${matrix.length} values, not a multiple of the dimension ${dimension}`);
      }
    }
    this.name = options.name;
    this.learned = options.learned ?? true;
    this.wordMatrix = wordMatrix;
    this.positionMatrix = positionMatrix;
    this.positionKind = options.positionKind ?? (positionMatrix ? 'learned' : 'none');
    const contextLength = positionMatrix ? positionMatrix.length / dimension : undefined;
    this.shape = { vocabularySize: wordMatrix.length / dimension, dimension, contextLength };
    this.matrices = embeddingMatrices(this.shape, this.positionKind);
  }

  async wordVector(id: number): Promise<Float32Array> {
    checkWordId(id, this.shape);
    const { dimension } = this.shape;
    return this.wordMatrix.slice(id * dimension, (id + 1) * dimension);
  }

  async wordRows(firstId: number, count: number, into?: Float32Array): Promise<Float32Array> {
    checkWordRange(firstId, count, this.shape);
    const { dimension } = this.shape;
    const rows = this.wordMatrix.subarray(firstId * dimension, (firstId + count) * dimension);
    if (!into) return rows.slice();
    const target = rowsBuffer(count, dimension, into);
    target.set(rows);
    return target;
  }

  async positionVector(position: number): Promise<Float32Array | undefined> {
    checkPosition(position);
    if (!this.positionMatrix || !insideContext(position, this.shape)) return undefined;
    const { dimension } = this.shape;
    return this.positionMatrix.slice(position * dimension, (position + 1) * dimension);
  }

  async close(): Promise<void> {}
}
