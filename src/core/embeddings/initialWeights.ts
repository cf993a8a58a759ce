/**
 * What a model holds before pre-training: every weight drawn from N(0, 0.02²), the
 * initialisation GPT-2 uses for both its word and position tables (Hugging Face's
 * `initializer_range`). Rows are computed on demand from (seed, row), never stored.
 */
import { fillNormalRow, rowKey, tableKey } from './gaussian';
import { fillSinusoidalRow } from './sinusoidal';
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

export const INITIAL_STANDARD_DEVIATION = 0.02;

/** Position tables an untrained model can have. */
export type InitialPositions = 'learned' | 'sinusoidal' | 'none';

/** Plain data, so a worker can be told which source to build. */
export interface InitialWeightsOptions {
  readonly vocabularySize: number;
  readonly dimension: number;
  readonly contextLength: number;
  /** Default 0. Any safe integer ≥ 0. */
  readonly seed?: number;
  /** Default `learned`: a position table that is random because it is not yet trained. */
  readonly positions?: InitialPositions;
  /** Default 0.02. */
  readonly standardDeviation?: number;
}

export class InitialWeights implements EmbeddingSource {
  readonly name: string;
  readonly learned = false;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind;
  readonly matrices: readonly MatrixShape[];
  readonly seed: number;
  readonly standardDeviation: number;
  private readonly wordKey: number;
  private readonly positionKey: number;

  constructor(options: InitialWeightsOptions) {
    const { vocabularySize, dimension, contextLength } = options;
    requireCount('vocabularySize', vocabularySize);
    requireCount('dimension', dimension);
    requireCount('contextLength', contextLength);
    this.seed = options.seed ?? 0;
    this.standardDeviation = options.standardDeviation ?? INITIAL_STANDARD_DEVIATION;
    if (!(this.standardDeviation > 0 && Number.isFinite(this.standardDeviation))) {
      throw new RangeError(`standardDeviation must be a positive number, got ${this.standardDeviation}`);
    }
    this.wordKey = tableKey(this.seed, 'word');
    this.positionKey = tableKey(this.seed, 'position');
    this.positionKind = options.positions ?? 'learned';
    this.shape = { vocabularySize, dimension, contextLength };
    this.matrices = embeddingMatrices(this.shape, this.positionKind);
    this.name = `initial weights N(0, ${this.standardDeviation}²), seed ${this.seed}, ${describePositions(this.positionKind)}`;
  }

  /** Synchronous row access, for callers that already run off the main thread. */
  wordRow(id: number): Float32Array {
    checkWordId(id, this.shape);
    const row = new Float32Array(this.shape.dimension);
    fillNormalRow(rowKey(this.wordKey, id), this.standardDeviation, row, 0, row.length);
    return row;
  }

  positionRow(position: number): Float32Array | undefined {
    checkPosition(position);
    if (!insideContext(position, this.shape)) return undefined;
    const { dimension } = this.shape;
    switch (this.positionKind) {
      case 'learned': {
        const row = new Float32Array(dimension);
        fillNormalRow(rowKey(this.positionKey, position), this.standardDeviation, row, 0, dimension);
        return row;
      }
      case 'sinusoidal': {
        const row = new Float32Array(dimension);
        fillSinusoidalRow(position, row, 0, dimension);
        return row;
      }
      default:
        return undefined;
    }
  }

  async wordVector(id: number): Promise<Float32Array> {
    return this.wordRow(id);
  }

  async wordRows(firstId: number, count: number, into?: Float32Array): Promise<Float32Array> {
    checkWordRange(firstId, count, this.shape);
    const { dimension } = this.shape;
    const rows = rowsBuffer(count, dimension, into);
    for (let i = 0; i < count; i++) {
      fillNormalRow(rowKey(this.wordKey, firstId + i), this.standardDeviation, rows, i * dimension, dimension);
    }
    return rows;
  }

  async positionVector(position: number): Promise<Float32Array | undefined> {
    return this.positionRow(position);
  }

  async close(): Promise<void> {}
}

function describePositions(kind: PositionKind): string {
  switch (kind) {
    case 'learned':
      return 'learned positions (not yet trained)';
    case 'sinusoidal':
      return 'sinusoidal positions';
    case 'rotary':
      return 'rotary positions (nothing added)';
    case 'none':
      return 'no positions';
  }
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
}
