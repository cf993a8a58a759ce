import { type EmbeddingSource, tokenVectorMatrix } from '../../core/embeddings';
import { type ProjectionOptions, type ProjectionResult, checkProjectionBudget, projectAsync } from '../../core/projection';
import { nextTurn } from '../util/turn';
import type { ProjectRequest, ProjectResult, ProjectTokensRequest, ProjectTokensResult, WorkerPhase } from './protocol';

type Progress = (fraction: number, phase: WorkerPhase) => void;

/** Runs a projection in slices (so cancellation is seen promptly) and returns its points. */
export async function project(request: ProjectRequest, signal: AbortSignal, progress: Progress): Promise<ProjectResult> {
  const input = { data: request.vectors, rows: request.rows, dims: request.dimension };
  const options: ProjectionOptions = { method: request.method, seed: request.seed, signal, onProgress: progress };
  const result: ProjectionResult = await projectAsync(input, options, nextTurn);
  return {
    points: result.points,
    explainedVariance: result.method === 'pca' ? [...result.explainedVarianceRatio] : undefined,
  };
}

/** Reads the tokens' rows from the source (the first tenth of the progress), then projects them. */
export async function projectTokens(
  request: ProjectTokensRequest,
  source: EmbeddingSource,
  signal: AbortSignal,
  progress: Progress,
): Promise<ProjectTokensResult> {
  // Before the rows are gathered: the same rows × d budget as `token-lens project`.
  checkProjectionBudget(request.ids.length, source.shape.dimension);
  progress(0, 'gather');
  const matrix = await tokenVectorMatrix(source, request.ids, request.positions, request.kind, signal);
  signal.throwIfAborted();
  const projected = await project(
    { type: 'project', vectors: matrix.data, rows: matrix.rows, dimension: matrix.dims, method: request.method, seed: request.seed },
    signal,
    (fraction, phase) => progress(0.1 + 0.9 * fraction, phase),
  );
  return { ...projected, norms: matrix.norms, withoutPosition: matrix.withoutPosition };
}
