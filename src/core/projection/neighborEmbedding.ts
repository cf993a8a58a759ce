import { finishLayout } from './layout';
import { nearestNeighbors } from './neighbors';
import { principalComponents } from './pca';
import { SeededRandom } from './random';
import { affinities, clampPerplexity, optimize } from './tsne';
import type { PcaReduction, TsneOptions, TsneProjection, UmapOptions, UmapProjection, VectorMatrix } from './types';
import { defaultEpochs, fuzzyGraph, optimizeLayout } from './umap';
import { uniqueRows } from './unique';
import { type Work, within } from './work';

/**
 * UMAP and t-SNE share a pipeline: drop duplicate rows, PCA-reduce to ≤ `reduceTo` dimensions,
 * exact k-NN, the method's own affinities and optimisation from a PCA (or random) start; the
 * duplicates get their original's point back at the end.
 */

/** Passes of the reduction: a 2 × 52 = 104-vector Krylov space for 50 axes. */
const REDUCTION_PASSES = 2;

type Details =
  | Pick<UmapProjection, 'method' | 'nNeighbors' | 'epochs'>
  | Pick<TsneProjection, 'method' | 'perplexity' | 'iterations'>;

export function* reduceAndEmbed(
  input: VectorMatrix,
  options: UmapOptions | TsneOptions,
): Work<UmapProjection | TsneProjection> {
  const seed = options.seed ?? 1;
  const random = new SeededRandom(seed);
  const { matrix, representative } = yield* within(uniqueRows(input), 0, 0.02);
  const unique = matrix.rows;
  const reduced = yield* within(reduce(matrix, Math.max(2, Math.floor(options.reduceTo ?? 50)), seed), 0.02, 0.1);
  let positions: Float64Array;
  let details: Details;
  if (unique <= 2) {
    // No neighbourhoods to speak of: the PCA line (or a single point) is the honest layout.
    positions = reduced.start;
    details = options.method === 'umap' ? { method: 'umap', nNeighbors: 0, epochs: 0 } : { method: 'tsne', perplexity: 0, iterations: 0 };
  } else if (options.method === 'umap') {
    const nNeighbors = Math.min(Math.floor(options.nNeighbors ?? 15), unique - 1);
    const graph = yield* within(nearestNeighbors(reduced.points, unique, reduced.dims, nNeighbors - 1), 0.1, 0.3);
    const fuzzy = fuzzyGraph(graph);
    const epochs = Math.floor(options.epochs ?? defaultEpochs(unique));
    const initial = startingLayout(reduced.start, unique, options.init ?? 'pca', 10, 'uniform', random);
    const settings = { nNeighbors, minDist: options.minDist ?? 0.1, spread: options.spread ?? 1, epochs };
    positions = yield* within(optimizeLayout(fuzzy, initial, unique, settings, random), 0.32, 1);
    details = { method: 'umap', nNeighbors, epochs };
  } else {
    const perplexity = clampPerplexity(options.perplexity ?? 30, unique);
    const k = Math.min(unique - 1, Math.floor(3 * perplexity));
    const graph = yield* within(nearestNeighbors(reduced.points, unique, reduced.dims, k), 0.1, 0.25);
    const affinity = yield* within(affinities(graph, perplexity), 0.25, 0.3);
    const iterations = Math.floor(options.iterations ?? 1000);
    const initial = startingLayout(reduced.start, unique, options.init ?? 'pca', 1e-4, 'gaussian', random);
    const settings = {
      perplexity,
      iterations,
      learningRate: options.learningRate ?? Math.max(200, unique / 12),
      theta: options.theta ?? 0.5,
      earlyExaggeration: options.earlyExaggeration ?? 12,
    };
    positions = yield* within(optimize(affinity, initial, unique, settings), 0.3, 1);
    details = { method: 'tsne', perplexity, iterations };
  }
  const expanded = new Float64Array(input.rows * 2);
  for (let i = 0; i < input.rows; i++) {
    expanded[2 * i] = positions[2 * representative[i]];
    expanded[2 * i + 1] = positions[2 * representative[i] + 1];
  }
  const layout = finishLayout(expanded, input.rows, options.normalize ?? true);
  return {
    rows: input.rows,
    uniqueRows: unique,
    reduction: unique > 2 ? reduced.reduction : undefined,
    ...details,
    points: layout.points,
    scale: layout.scale,
  };
}

interface Reduced {
  /** `rows × dims` coordinates to measure neighbourhoods in. */
  readonly points: Float64Array;
  readonly dims: number;
  /** `rows × 2` PCA coordinates: the starting layout. */
  readonly start: Float64Array;
  readonly reduction: PcaReduction | undefined;
}

/** PCA scores on `reduceTo` axes when d is larger, else the rows themselves; plus the PCA-2 start. */
function* reduce(matrix: VectorMatrix, reduceTo: number, seed: number): Work<Reduced> {
  const { rows, dims } = matrix;
  if (dims <= reduceTo || rows <= 2) {
    const plane = yield* principalComponents(matrix, { components: 2, seed, tolerance: 1e-6, maxPasses: 10 });
    return { points: Float64Array.from(matrix.data), dims, start: plane.scores, reduction: undefined };
  }
  const components = yield* principalComponents(matrix, {
    components: reduceTo,
    seed,
    tolerance: 0,
    maxPasses: REDUCTION_PASSES,
    blockSize: Math.ceil((reduceTo + 2) / 4) * 4,
  });
  const start = new Float64Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    start[2 * i] = components.scores[i * reduceTo];
    start[2 * i + 1] = components.scores[i * reduceTo + 1];
  }
  const kept = components.variances.reduce((sum, value) => sum + value, 0);
  const ratio = components.totalVariance > 0 ? Math.min(1, kept / components.totalVariance) : 0;
  return { points: components.scores, dims: reduceTo, start, reduction: { dims: reduceTo, explainedVarianceRatio: ratio } };
}

/**
 * The optimisation's start. 'pca': the PCA plane scaled to `size` (max |coordinate| for UMAP,
 * as umap-learn's init="pca"; standard deviation for t-SNE, as scikit-learn) plus seeded noise
 * of 1e-5 × size. 'random': uniform in ±size or Gaussian with deviation size.
 */
function startingLayout(
  plane: Float64Array,
  rows: number,
  init: 'pca' | 'random',
  size: number,
  noise: 'uniform' | 'gaussian',
  random: SeededRandom,
): Float64Array {
  const positions = new Float64Array(rows * 2);
  let spread = 0;
  if (noise === 'uniform') for (const value of plane) spread = Math.max(spread, Math.abs(value));
  else for (let i = 0; i < rows; i++) spread += plane[2 * i] ** 2 / rows;
  spread = noise === 'uniform' ? spread : Math.sqrt(spread);
  const usePlane = init === 'pca' && spread > 0;
  for (let index = 0; index < rows * 2; index++) {
    const draw = noise === 'uniform' ? 2 * random.next() - 1 : random.nextGaussian();
    positions[index] = usePlane ? (plane[index] / spread) * size + 1e-5 * size * draw : size * draw;
  }
  return positions;
}
