import { assertNever } from '../assertNever';
import { checkProjectionBudget } from './budget';
import { finishLayout } from './layout';
import { validateShape } from './matrix';
import { validateOptions } from './options';
import { reduceAndEmbed } from './neighborEmbedding';
import { principalComponents } from './pca';
import type {
  PcaOptions,
  PcaProjection,
  ProjectionOptions,
  ProjectionResult,
  ProjectionResultFor,
  VectorMatrix,
} from './types';
import { ProjectionTask, type Work } from './work';

/** Rows sampled for the PCA warm start; inputs with up to twice this many skip it. */
const PCA_SAMPLE_ROWS = 1024;

/**
 * Starts a projection and returns a task to step through. Throws `ProjectionInputError` at
 * once for a malformed shape; a NaN or infinite value is reported by the first steps.
 */
export function startProjection<O extends ProjectionOptions>(
  input: VectorMatrix,
  options: O,
): ProjectionTask<ProjectionResultFor<O>> {
  checkProjectionBudget(input.rows, input.dims);
  validateShape(input);
  validateOptions(options);
  const work = projectionWork(input, options) as Work<ProjectionResultFor<O>>;
  return new ProjectionTask(work, options.signal, options.onProgress);
}

/** Projects synchronously; the signal is still checked between pieces of work. */
export function project<O extends ProjectionOptions>(input: VectorMatrix, options: O): ProjectionResultFor<O> {
  return startProjection(input, options).run();
}

/**
 * Projects in slices of about `budgetMs`, awaiting `pause` between them so the thread stays
 * responsive (in a worker_threads worker pass `() => new Promise((r) => setImmediate(r))`).
 */
export function projectAsync<O extends ProjectionOptions>(
  input: VectorMatrix,
  options: O,
  pause?: () => Promise<void>,
  budgetMs?: number,
): Promise<ProjectionResultFor<O>> {
  try {
    return startProjection(input, options).runAsync(pause, budgetMs);
  } catch (error) {
    return Promise.reject(error);
  }
}

function projectionWork(input: VectorMatrix, options: ProjectionOptions): Work<ProjectionResult> {
  switch (options.method) {
    case 'pca':
      return pcaProjection(input, options);
    case 'umap':
    case 'tsne':
      return reduceAndEmbed(input, options);
    default:
      return assertNever(options, 'projection options');
  }
}

function* pcaProjection(input: VectorMatrix, options: PcaOptions): Work<PcaProjection> {
  const warmStart = input.rows > 2 * PCA_SAMPLE_ROWS;
  const components = yield* principalComponents(input, {
    components: 2,
    seed: options.seed ?? 1,
    tolerance: options.tolerance ?? 1e-3,
    maxPasses: options.maxPasses ?? (warmStart ? 3 : 10),
    sampleRows: warmStart ? PCA_SAMPLE_ROWS : 0,
  });
  const { variances, totalVariance } = components;
  const ratio = (value: number): number => (totalVariance > 0 ? Math.min(1, value / totalVariance) : 0);
  const layout = finishLayout(components.scores, input.rows, options.normalize ?? true);
  return {
    method: 'pca',
    rows: input.rows,
    points: layout.points,
    scale: layout.scale,
    explainedVariance: [variances[0], variances[1]],
    explainedVarianceRatio: [ratio(variances[0]), ratio(variances[1])],
    totalVariance,
    axes: Float32Array.from(components.axes),
  };
}
