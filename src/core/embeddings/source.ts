/**
 * One interface for every table of embedding vectors Token Lens can show: initial weights
 * computed on demand, a model's trained weights read from a file, and (later) weights trained
 * on the user's own text. Async so that file-backed sources read only the rows asked for;
 * the same object works in the extension host, a worker and the CLI.
 */
import { assertNever } from '../assertNever';

/**
 * How a model tells the Transformer where a token sits:
 * - `learned`: a position-embedding table (GPT-2, GPT-3), added to the word vector;
 * - `sinusoidal`: a fixed sin/cos formula (Attention Is All You Need), added the same way;
 * - `rotary`: nothing is added; positions rotate queries and keys inside attention (Llama);
 * - `none`: no position information at all.
 */
export type PositionKind = 'learned' | 'sinusoidal' | 'rotary' | 'none';

export interface EmbeddingShape {
  /** Rows of the word-embedding matrix: one per token id. */
  readonly vocabularySize: number;
  /** Length of every vector (d_model). */
  readonly dimension: number;
  /** Positions that have a position vector; undefined when the embeddings do not limit it (rotary, or unknown). */
  readonly contextLength: number | undefined;
}

/** A matrix a source holds, e.g. "word embedding 50257 × 768 = 38,597,376 weights". */
export interface MatrixShape {
  readonly label: 'word embedding' | 'position embedding';
  readonly rows: number;
  readonly columns: number;
  /** rows × columns. */
  readonly weights: number;
  /** False for a table computed from a formula (sinusoidal): its numbers are not model parameters. */
  readonly trainable: boolean;
}

export interface EmbeddingSource {
  /** For people: "initial weights N(0, 0.02²), seed 0", "model.safetensors". */
  readonly name: string;
  /** True when the rows were learned by training, so nearest neighbours mean something. */
  readonly learned: boolean;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind;
  /** The matrices behind the vectors, word table first. */
  readonly matrices: readonly MatrixShape[];
  /** Row `id` of the word-embedding matrix; rejects with a RangeError outside [0, vocabularySize). */
  wordVector(id: number): Promise<Float32Array>;
  /**
   * Rows [firstId, firstId + count) back to back (count × dimension), for streaming the whole
   * matrix. With `into` (at least count × dimension long) the rows are written there and a view of
   * it is returned, so a scan can reuse one buffer instead of allocating a block per read.
   */
  wordRows(firstId: number, count: number, into?: Float32Array): Promise<Float32Array>;
  /** Row `position` of the position table; undefined outside the context or when nothing is added (rotary, none). */
  positionVector(position: number): Promise<Float32Array | undefined>;
  /** Releases the file or memory behind the source; later calls reject. */
  close(): Promise<void>;
}

/** The matrices a source of this shape holds. */
export function embeddingMatrices(shape: EmbeddingShape, positionKind: PositionKind): MatrixShape[] {
  const { vocabularySize, dimension, contextLength } = shape;
  const matrices: MatrixShape[] = [matrix('word embedding', vocabularySize, dimension, true)];
  switch (positionKind) {
    case 'learned':
    case 'sinusoidal':
      if (contextLength !== undefined) {
        matrices.push(matrix('position embedding', contextLength, dimension, positionKind === 'learned'));
      }
      break;
    case 'rotary':
    case 'none':
      break;
    default:
      return assertNever(positionKind, 'position kind');
  }
  return matrices;
}

function matrix(label: MatrixShape['label'], rows: number, columns: number, trainable: boolean): MatrixShape {
  return { label, rows, columns, weights: rows * columns, trainable };
}

/** Throws unless `id` is a row of the word matrix. */
export function checkWordId(id: number, shape: EmbeddingShape): void {
  if (!Number.isInteger(id) || id < 0 || id >= shape.vocabularySize) {
    throw new RangeError(`token id ${id} is outside the word-embedding matrix (expected 0–${shape.vocabularySize - 1})`);
  }
}

/** Throws unless rows [firstId, firstId + count) lie in the word matrix. */
export function checkWordRange(firstId: number, count: number, shape: EmbeddingShape): void {
  if (!Number.isInteger(firstId) || !Number.isInteger(count) || firstId < 0 || count < 0 || firstId + count > shape.vocabularySize) {
    throw new RangeError(
      `rows ${firstId}..${firstId + count - 1} are outside the word-embedding matrix (expected 0–${shape.vocabularySize - 1})`,
    );
  }
}

/** The `count × dimension` buffer for wordRows: a view of `into` when given (checked), else a new array. */
export function rowsBuffer(count: number, dimension: number, into: Float32Array | undefined): Float32Array {
  if (!into) return new Float32Array(count * dimension);
  if (into.length < count * dimension) {
    throw new RangeError(`wordRows: expected a buffer of at least ${count * dimension} values, found ${into.length}`);
  }
  return into.subarray(0, count * dimension);
}

/** Throws unless `position` is a valid token position (a non-negative integer). */
export function checkPosition(position: number): void {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`position ${position} is not a token position (expected an integer ≥ 0)`);
  }
}

/** Whether the source adds a position vector to each word vector (a learned or sinusoidal table). */
export function hasPositionVectors(source: Pick<EmbeddingSource, 'matrices'>): boolean {
  return source.matrices.some((matrix) => matrix.label === 'position embedding');
}

/** Whether `position` has a position vector in a table of this shape. */
export function insideContext(position: number, shape: Pick<EmbeddingShape, 'contextLength'>): boolean {
  return shape.contextLength === undefined || position < shape.contextLength;
}
