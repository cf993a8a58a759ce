/**
 * Token Lens projection core: 2-D layouts of token vectors by PCA, UMAP or t-SNE.
 *
 * Pure (no `vscode`, DOM or Node API) and step-able: `startProjection` returns a task whose
 * `step(budgetMs)` works for about that long, reports `(fraction, phase)` progress and checks
 * the cancellation signal between pieces, so a `worker_threads` worker can interleave it with
 * its message loop. `project` runs a task to the end; `projectAsync` does so in slices.
 *
 *   const controller = new AbortController();              // abort() on a 'cancel' message
 *   const result = await projectAsync(
 *     { data: vectors, rows: n, dims: 768 },                 // row-major Float32Array
 *     { method: 'umap', seed: 1, signal: controller.signal, onProgress: (f, phase) => post(f, phase) },
 *     () => new Promise((resolve) => setImmediate(resolve)), // let messages in between slices
 *   );
 *   // result.points: Float32Array of n × 2, centered, largest |coordinate| 1
 *
 * Output: points are normalised here (centered, uniformly scaled into [-1, 1]) unless
 * `normalize: false`; the renderer only maps [-1, 1] to pixels. Errors: `ProjectionInputError`
 * for a malformed shape (thrown by `startProjection`), a NaN/±Infinity (from the first steps,
 * naming vector and dimension) or an out-of-range option; `ProjectionCancelledError` (check with
 * `isProjectionCancelled`, which also recognises one cloned across a worker boundary).
 *
 * Methods: PCA by block Krylov iteration over the centered rows (never forming the covariance);
 * UMAP and t-SNE drop duplicate rows, PCA-reduce to 50 dimensions when d is larger, find exact
 * nearest neighbours, then optimise from the PCA plane. All are deterministic for a seed.
 */
export { checkProjectionBudget, exceedsProjectionBudget, PROJECTION_VALUE_BUDGET } from './budget';
export { isProjectionCancelled, ProjectionCancelledError, ProjectionInputError } from './errors';
export { hashFloat32, projectionCacheKey } from './hash';
export { isProjectionMethod, PROJECTION_METHODS, type ProjectionMethod } from './methods';
export { principalComponents, type PcaSettings, type PrincipalComponents } from './pca';
export { project, projectAsync, startProjection } from './project';
export type * from './types';
export { ProjectionTask } from './work';
