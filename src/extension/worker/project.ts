import { type ProjectionOptions, type ProjectionResult, projectAsync } from '../../core/projection';
import type { ProjectRequest, ProjectResult } from './protocol';

/** Runs a projection in slices (so cancellation is seen promptly) and returns its points. */
export async function project(
  request: ProjectRequest,
  signal: AbortSignal,
  progress: (fraction: number, phase: string) => void,
): Promise<ProjectResult> {
  const input = { data: request.vectors, rows: request.rows, dims: request.dimension };
  const options: ProjectionOptions = { method: request.method, seed: request.seed, signal, onProgress: progress };
  const result: ProjectionResult = await projectAsync(input, options, () => new Promise<void>((resolve) => setImmediate(resolve)));
  return {
    points: result.points,
    explainedVariance: result.method === 'pca' ? [...result.explainedVarianceRatio] : undefined,
  };
}
