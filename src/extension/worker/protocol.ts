/** Messages between the extension host and its compute worker. */
import type { Neighbor, TokenVectorKind } from '../../core/embeddings';
import type { ProjectionMethod } from '../../core/projection';
import type { EmbeddingSourceSpec } from '../embeddings/sourceSpec';

export interface NeighborsRequest {
  readonly type: 'neighbors';
  readonly source: EmbeddingSourceSpec;
  /** Token id whose row is the query. */
  readonly id: number;
  readonly k: number;
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

export type WorkerRequest = NeighborsRequest | ProjectRequest | ProjectTokensRequest;

export interface WorkerResults {
  neighbors: Neighbor[];
  project: ProjectResult;
  projectTokens: ProjectTokensResult;
}

export type ToWorker = { readonly id: number; readonly request: WorkerRequest } | { readonly id: number; readonly cancel: true };

export type FromWorker =
  | { readonly id: number; readonly progress: number; readonly phase: string }
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: string; readonly cancelled?: boolean };
