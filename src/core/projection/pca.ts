import { topComponents } from './krylov';
import { columnStatistics } from './matrix';
import { SeededRandom } from './random';
import type { VectorMatrix } from './types';
import { type Work, within } from './work';

export interface PcaSettings {
  readonly components: number;
  readonly seed: number;
  /** See `topComponents`; 0 runs exactly `maxPasses` passes. */
  readonly tolerance: number;
  readonly maxPasses: number;
  /** Basis vectors per pass; default `components` + 2 rounded up to a multiple of 4. */
  readonly blockSize?: number;
  /** Warm start: first find the axes on this many sampled rows, if there are over twice as many. */
  readonly sampleRows?: number;
  /** Passes over the sample; default 4. */
  readonly samplePasses?: number;
}

export interface PrincipalComponents {
  readonly components: number;
  readonly mean: Float64Array;
  /** Sample variance along each axis (divisor n − 1), largest first. */
  readonly variances: Float64Array;
  /** Sum of the variances of all input dimensions. */
  readonly totalVariance: number;
  /** `components × dims` unit axes, each with its largest-|loading| entry positive. */
  readonly axes: Float64Array;
  /** `rows × components` centered coordinates along the axes. */
  readonly scores: Float64Array;
  /** Passes over the data the Krylov iteration took (the statistics pass not counted). */
  readonly passes: number;
}

/** PCA of `input` (validated shape assumed; throws on non-finite values). */
export function* principalComponents(input: VectorMatrix, settings: PcaSettings): Work<PrincipalComponents> {
  const { rows, dims } = input;
  const components = Math.max(1, Math.floor(settings.components));
  const statistics = yield* within(columnStatistics(input), 0, 0.1);
  const blockSize = settings.blockSize ?? Math.ceil((components + 2) / 4) * 4;
  const random = new SeededRandom(settings.seed);
  const sampleRows = settings.sampleRows ?? 0;
  const warmStart = sampleRows > 0 && rows > 2 * sampleRows;
  let start: Float64Array[] = [];
  if (warmStart) {
    // The sample's leading axes are a good start: the full passes then only refine them.
    const sample = sampleMatrix(input, sampleRows, random);
    const sampleStatistics = yield* within(columnStatistics(sample), 0.1, 0.11);
    const warm = yield* within(
      topComponents(sample, sampleStatistics.mean, {
        components: blockSize,
        blockSize,
        maxPasses: settings.samplePasses ?? 4,
        tolerance: 1e-6,
        random,
      }),
      0.11,
      0.25,
    );
    start = Array.from({ length: blockSize }, (_, c) => warm.axes.slice(c * dims, (c + 1) * dims));
  }
  const top = yield* within(
    topComponents(input, statistics.mean, {
      components,
      blockSize,
      maxPasses: Math.max(1, settings.maxPasses),
      tolerance: settings.tolerance,
      random,
      start,
    }),
    warmStart ? 0.25 : 0.1,
    1,
  );
  const variances = top.eigenvalues.map((value) => (rows > 1 ? value / (rows - 1) : 0));
  // Rounding can leave a Ritz value a hair above the trace; keep the ratios ≤ 1.
  const totalVariance = Math.max(statistics.totalVariance, variances.reduce((sum, value) => sum + value, 0));
  return {
    components,
    mean: statistics.mean,
    variances,
    totalVariance: dims > 0 ? totalVariance : 0,
    axes: top.axes,
    scores: top.scores,
    passes: top.passes,
  };
}

/** `count` distinct rows chosen at random (partial Fisher–Yates), copied into a new matrix. */
function sampleMatrix(input: VectorMatrix, count: number, random: SeededRandom): VectorMatrix {
  const { data, rows, dims } = input;
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const sample = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    const pick = i + random.nextInt(rows - i);
    const row = order[pick];
    order[pick] = order[i];
    order[i] = row;
    sample.set(data.subarray(row * dims, (row + 1) * dims), i * dims);
  }
  return { data: sample, rows: count, dims };
}
