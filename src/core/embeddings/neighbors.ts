/**
 * Nearest tokens by cosine similarity. Meaningful only for learned sources: in random initial
 * weights every pair of rows is nearly orthogonal.
 *
 * Two ways in:
 * - `findNearestRows` streams the whole matrix once per query: exact, one block of memory (CLI).
 * - `NeighborIndex` streams it once at build time into rows quantized to int8 with one scale per
 *   row (rows × d bytes: 38.6 MB for GPT-2), then answers each query with an int8 scan of every
 *   row (WebAssembly SIMD, see int8Scan.ts) and an exact cosine re-rank of the best 4k candidates
 *   read back from the source. Built once per source, in the extension's worker.
 */
import { type Int8Scanner, type ScanKernel, createInt8Scanner } from './int8Scan';
import type { EmbeddingSource } from './source';
import { TopK } from './topK';
import { dot, l2Norm } from './vectorMath';

export interface Neighbor {
  /** Row of the word matrix: the token id. */
  readonly id: number;
  /** Exact cosine similarity with the query, in [-1, 1]. */
  readonly cosine: number;
}

/** A vector, or the id of a row of the word matrix (that row is then left out of the answer). */
export type NeighborQuery = Float32Array | number;

export interface NearestOptions {
  /** Ids never to return (the query's own row is always left out of a row query). */
  readonly exclude?: Iterable<number>;
}

export interface NeighborIndexOptions {
  /** `simd` (default; falls back to `js` where WebAssembly SIMD is missing) or `js`. */
  readonly kernel?: ScanKernel;
  /** Rows read per block while building (default 512). */
  readonly blockRows?: number;
  readonly onProgress?: (rowsDone: number, rows: number) => void;
}

/** What findNearestRows reports besides the answer. */
export interface ScanOptions {
  /** Rows read per block (default 512). */
  readonly blockRows?: number;
  /** Called once after the scan with how many rows were left out for holding NaN or ±Infinity. */
  readonly onNonFiniteRows?: (rows: number) => void;
}

/** 512 rows of GPT-2 are 1.5 MB per read: few reads, little transient garbage. */
const DEFAULT_BLOCK_ROWS = 512;

/** Exact top-k over all rows, streaming the matrix in blocks; rows holding NaN or ±Infinity are left out. */
export async function findNearestRows(
  source: EmbeddingSource,
  query: NeighborQuery,
  k: number,
  options: NearestOptions & ScanOptions = {},
): Promise<Neighbor[]> {
  const { vector, excluded } = await resolveQuery(source, query, options);
  const { vocabularySize: rows, dimension } = source.shape;
  const queryNorm = l2Norm(vector);
  const top = new TopK(k);
  const blockRows = options.blockRows ?? DEFAULT_BLOCK_ROWS;
  const buffer = new Float32Array(Math.min(blockRows, rows) * dimension);
  let nonFinite = 0;
  for (let first = 0; first < rows; first += blockRows) {
    const count = Math.min(blockRows, rows - first);
    const block = await source.wordRows(first, count, buffer);
    for (let r = 0; r < count; r++) {
      const id = first + r;
      const value = cosine(vector, queryNorm, block.subarray(r * dimension, (r + 1) * dimension));
      if (Number.isNaN(value)) nonFinite++;
      else if (!excluded.has(id)) top.offer(id, value);
    }
  }
  options.onNonFiniteRows?.(nonFinite);
  return top.sorted().map(({ id, score }) => ({ id, cosine: score }));
}

export class NeighborIndex {
  private constructor(
    private readonly source: EmbeddingSource,
    private readonly scanner: Int8Scanner,
    /** Per row: from int8 codes back to unit length; NaN for a row holding NaN or ±Infinity (never a candidate). */
    private readonly scales: Float32Array,
    /** Wall-clock time `build` took, reads included. */
    readonly buildMilliseconds: number,
    /** Rows left out of every answer for holding NaN or ±Infinity. */
    readonly nonFiniteRows: number,
  ) {}

  /** Reads every row of `source` once. Rows with zero length get scale 0 (cosine 0 with everything). */
  static async build(source: EmbeddingSource, options: NeighborIndexOptions = {}): Promise<NeighborIndex> {
    const started = performance.now();
    const { vocabularySize: rows, dimension } = source.shape;
    const scanner = createInt8Scanner(rows, dimension, options.kernel);
    const scales = new Float32Array(rows);
    const blockRows = options.blockRows ?? DEFAULT_BLOCK_ROWS;
    const buffer = new Float32Array(Math.min(blockRows, rows) * dimension);
    let nonFinite = 0;
    for (let first = 0; first < rows; first += blockRows) {
      const count = Math.min(blockRows, rows - first);
      const block = await source.wordRows(first, count, buffer);
      for (let r = 0; r < count; r++) {
        const scale = quantize(block, r * dimension, dimension, scanner.codes, (first + r) * scanner.stride);
        if (Number.isNaN(scale)) nonFinite++;
        scales[first + r] = scale;
      }
      options.onProgress?.(first + count, rows);
    }
    return new NeighborIndex(source, scanner, scales, performance.now() - started, nonFinite);
  }

  get rows(): number {
    return this.scales.length;
  }

  /** Bytes held: int8 rows (padded to 16), the score buffer and one scale per row. */
  get memoryBytes(): number {
    return this.scanner.byteLength + this.scales.byteLength;
  }

  /** Whether row `id` holds NaN or ±Infinity (it has no direction: no neighbours, never a neighbour). */
  holdsNonFinite(id: number): boolean {
    return Number.isNaN(this.scales[id]);
  }

  /** `simd` (WebAssembly) or `js`. */
  get kernel(): ScanKernel {
    return this.scanner.kernel;
  }

  /** The k rows most similar to `query` by exact cosine, best first. */
  async nearest(query: NeighborQuery, k: number, options: NearestOptions & { readonly candidates?: number } = {}): Promise<Neighbor[]> {
    const { vector, excluded } = await resolveQuery(this.source, query, options);
    const top = new TopK(k);
    const candidates = new TopK(Math.min(this.rows, options.candidates ?? Math.max(4 * k, k + 32)));
    const { scanner, scales } = this;
    scanner.query.fill(0);
    quantize(vector, 0, vector.length, scanner.query, 0);
    scanner.scan();
    const scores = scanner.scores;
    for (let r = 0; r < scales.length; r++) {
      const score = scores[r] * scales[r];
      if (score === score && candidates.accepts(score, r) && !excluded.has(r)) candidates.offer(r, score); // NaN: a non-finite row
    }
    const ids = Array.from(candidates.ids.subarray(0, candidates.size));
    const rows = await Promise.all(ids.map((id) => this.source.wordVector(id)));
    const queryNorm = l2Norm(vector);
    ids.forEach((id, i) => {
      const value = cosine(vector, queryNorm, rows[i]);
      if (!Number.isNaN(value)) top.offer(id, value);
    });
    return top.sorted().map(({ id, score }) => ({ id, cosine: score }));
  }
}

/** Exact cosine in double; 0 for a zero row; NaN for a row holding NaN or ±Infinity (callers leave it out). */
function cosine(query: Float32Array, queryNorm: number, row: Float32Array): number {
  const norm = l2Norm(row);
  if (!Number.isFinite(norm)) return Number.NaN;
  return norm === 0 ? 0 : dot(query, row) / (queryNorm * norm);
}

/**
 * Writes round(127 · v / max|v|) for v = values[from … from + dimension) into codes[to …] and
 * returns the factor from those codes back to unit length: max|v| / (127 · ‖v‖). 0 for a zero
 * row, NaN (codes left 0) for a row holding NaN or ±Infinity.
 */
function quantize(values: Float32Array, from: number, dimension: number, codes: Int8Array, to: number): number {
  let sum = 0;
  let largest = 0;
  for (let j = 0; j < dimension; j++) {
    const value = values[from + j];
    sum += value * value;
    const magnitude = value < 0 ? -value : value;
    if (magnitude > largest) largest = magnitude;
  }
  if (!Number.isFinite(sum)) return Number.NaN;
  if (sum === 0) return 0;
  const toCode = 127 / largest;
  for (let j = 0; j < dimension; j++) codes[to + j] = Math.round(values[from + j] * toCode);
  return largest / (127 * Math.sqrt(sum));
}

async function resolveQuery(
  source: EmbeddingSource,
  query: NeighborQuery,
  options: NearestOptions,
): Promise<{ vector: Float32Array; excluded: ReadonlySet<number> }> {
  const excluded = new Set(options.exclude ?? []);
  let vector: Float32Array;
  if (typeof query === 'number') {
    vector = await source.wordVector(query);
    excluded.add(query);
    const norm = l2Norm(vector);
    if (!Number.isFinite(norm) || norm === 0) throw new RangeError(`row ${query} ${norm === 0 ? 'is all zeros' : 'holds NaN or ±Infinity'}; it has no direction to compare`);
  } else {
    vector = query;
  }
  if (vector.length !== source.shape.dimension) {
    throw new RangeError(`query vector has ${vector.length} dimensions, expected ${source.shape.dimension}`);
  }
  const norm = l2Norm(vector);
  if (norm === 0 || !Number.isFinite(norm)) throw new RangeError(`query vector has length ${norm}; cosine needs a finite non-zero vector`);
  return { vector, excluded };
}
