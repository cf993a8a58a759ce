/**
 * Messages between the extension host and its compute worker. The worker owns every embedding
 * source (it opens weight files; the host only describes them with an EmbeddingSourceSpec) and
 * answers each request with a reply typed by the request's `type`.
 */
import type { EmbeddingShape, MatrixShape, Neighbor, PositionKind, TokenVectorKind } from '../../core/embeddings';
import type { ProjectionMethod, ProjectionPhase } from '../../core/projection';
import type { VectorProvenance } from '../../core/training';
import type { EmbeddingSourceSpec } from '../embeddings/sourceSpec';

/** Everything the host keeps of a source opened in the worker: all but its rows. */
export interface SourceDescription {
  readonly name: string;
  readonly learned: boolean;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind;
  readonly matrices: readonly MatrixShape[];
  /** Untrained (random initial weights), trained in miniature, or pretrained. */
  readonly provenance: VectorProvenance;
  /** What a miniature training read, when its file says. */
  readonly corpus: string | undefined;
}

/** Opens the source (kept open for the requests that name it) and describes it. */
export interface OpenRequest {
  readonly type: 'open';
  readonly source: EmbeddingSourceSpec;
}

/** Rows [firstId, firstId + count) of the word matrix, back to back. */
export interface WordRowsRequest {
  readonly type: 'wordRows';
  readonly source: EmbeddingSourceSpec;
  readonly firstId: number;
  readonly count: number;
}

/** Row `position` of the position table; undefined outside the context or when nothing is added. */
export interface PositionVectorRequest {
  readonly type: 'positionVector';
  readonly source: EmbeddingSourceSpec;
  readonly position: number;
}

/** Closes the source (its file) and drops its neighbour index: the host moved to another source. */
export interface ReleaseRequest {
  readonly type: 'release';
  readonly source: EmbeddingSourceSpec;
}

/** What the worker holds, for tests and diagnostics. */
export interface StatsRequest {
  readonly type: 'stats';
}

export interface WorkerStats {
  /** Sources held open, by spec key. */
  readonly sources: readonly string[];
  /** Neighbour indexes held (built or building), by spec key. */
  readonly indexes: readonly string[];
  /** Weight files whose handle is open. */
  readonly openFiles: number;
  /** The worker's JavaScript heap limit in MB (bounded by resourceLimits). */
  readonly heapLimitMb: number;
}

export interface NeighborsRequest {
  readonly type: 'neighbors';
  readonly source: EmbeddingSourceSpec;
  /** Token id whose row is the query. */
  readonly id: number;
  readonly k: number;
}

export interface NeighborsResult {
  /** Best first; none when the query's own row holds NaN or ±Infinity. */
  readonly neighbors: Neighbor[];
  /** Rows of the word matrix left out of every answer for holding NaN or ±Infinity. */
  readonly nonFiniteRows: number;
}

export interface ProjectRequest {
  readonly type: 'project';
  /** rows × dimension, row-major. */
  readonly vectors: Float32Array;
  readonly rows: number;
  readonly dimension: number;
  readonly method: ProjectionMethod;
  readonly seed: number;
}

export interface ProjectResult {
  /** rows × 2, row-major. */
  readonly points: Float32Array;
  /** PCA only: share of the variance each of the two axes explains. */
  readonly explainedVariance?: readonly number[];
}

/** Gathers the tokens' vectors from the source in the worker, then projects them. */
export interface ProjectTokensRequest {
  readonly type: 'projectTokens';
  readonly source: EmbeddingSourceSpec;
  readonly ids: Int32Array;
  /** Each token's position in its document. */
  readonly positions: Int32Array;
  readonly kind: TokenVectorKind;
  readonly method: ProjectionMethod;
  readonly seed: number;
}

export interface ProjectTokensResult extends ProjectResult {
  /** Length of each token's vector. */
  readonly norms: Float32Array;
  /** Tokens that have no position vector (past the context, or none in the source). */
  readonly withoutPosition: number;
}

export type WorkerRequest =
  | OpenRequest
  | WordRowsRequest
  | PositionVectorRequest
  | ReleaseRequest
  | StatsRequest
  | NeighborsRequest
  | ProjectRequest
  | ProjectTokensRequest;

/** The result of each request type: one entry per request, no more (checked by the mapped types below). */
export interface WorkerResults {
  open: SourceDescription;
  wordRows: Float32Array;
  positionVector: Float32Array | undefined;
  /** Whether the worker held the source. */
  release: boolean;
  stats: WorkerStats;
  neighbors: NeighborsResult;
  project: ProjectResult;
  projectTokens: ProjectTokensResult;
}

export type WorkerRequestType = WorkerRequest['type'] & keyof WorkerResults;

/** A reply: the request's type and its result, so the host can check they match. */
export type WorkerReply = { [K in WorkerRequestType]: { readonly type: K; readonly result: WorkerResults[K] } }[WorkerRequestType];

/**
 * What the worker is busy with: a projection's phases, `gather` (reading the tokens' rows) and
 * `index` (quantising the word matrix for neighbour search). The host names each one.
 */
export type WorkerPhase = ProjectionPhase | 'gather' | 'index';

export type ToWorker = { readonly id: number; readonly request: WorkerRequest } | { readonly id: number; readonly cancel: true };

export type FromWorker =
  | { readonly id: number; readonly progress: number; readonly phase: WorkerPhase }
  | ({ readonly id: number } & WorkerReply)
  | { readonly id: number; readonly error: string; readonly cancelled: boolean };
