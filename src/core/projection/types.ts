/** Public shapes of the projection core: inputs, options and results. */

/** n vectors of d values each, one row-major `Float32Array` (transferable to a worker). */
export interface VectorMatrix {
  /** `rows × dims` values, row after row. */
  readonly data: Float32Array;
  readonly rows: number;
  readonly dims: number;
}

/** What a projection is busy with, as reported to the progress callback. */
export type ProjectionPhase =
  | 'validate' // reading the input: shape, finiteness, means
  | 'pca' // principal components (the method itself, or the reduction before UMAP/t-SNE)
  | 'neighbors' // exact nearest neighbours
  | 'affinities' // UMAP's fuzzy graph, t-SNE's perplexity-calibrated P
  | 'optimize' // UMAP epochs, t-SNE gradient descent
  | 'done';

/** Structurally compatible with `AbortSignal`; checked between steps, never inside one. */
export interface CancellationSignal {
  readonly aborted: boolean;
}

/** `fraction` in [0, 1], never decreasing over a run, 1 exactly once, with phase `'done'`. */
export type ProgressCallback = (fraction: number, phase: ProjectionPhase) => void;

export interface CommonProjectionOptions {
  /** Seed of every random choice; the same seed and input give the same points. Default 1. */
  readonly seed?: number;
  readonly signal?: CancellationSignal;
  readonly onProgress?: ProgressCallback;
  /**
   * Center the points on the origin and scale them uniformly so the largest |coordinate| is 1
   * (aspect ratio kept). Default true. The factor used is reported as `scale`.
   */
  readonly normalize?: boolean;
}

export interface PcaOptions extends CommonProjectionOptions {
  readonly method: 'pca';
  /**
   * Stop early once each component's residual ‖Av − λv‖ is below this fraction of the largest
   * eigenvalue λ₁ (eigenvalues are then accurate to about tolerance² · λ₁ / gap). Default 1e-3.
   */
  readonly tolerance?: number;
  /**
   * Cap on block-Krylov passes over the data: each costs 2·n·d·4 multiply-adds, the last one
   * half that. Default 3 above 2,048 rows, which first find a warm start on 1,024 sampled
   * rows, else 10. Raise it for more accurate explained variances on large inputs.
   */
  readonly maxPasses?: number;
}

export interface UmapOptions extends CommonProjectionOptions {
  readonly method: 'umap';
  /** Neighbours per point (the point itself included, as umap-learn counts), clamped to distinct rows − 1. Default 15. */
  readonly nNeighbors?: number;
  /** Default 0.1. */
  readonly minDist?: number;
  /** Default 1. */
  readonly spread?: number;
  /** Default: umap-js's schedule, 500 epochs up to 2,500 points, 400, 300, then 200 above 7,500. */
  readonly epochs?: number;
  /** PCA-reduce to this many dimensions first when d is larger. Default 50. */
  readonly reduceTo?: number;
  /** Start from the PCA plane (default; keeps the global arrangement) or at random. */
  readonly init?: 'pca' | 'random';
}

export interface TsneOptions extends CommonProjectionOptions {
  readonly method: 'tsne';
  /** Clamped to (distinct rows − 1) / 3, so that 3·perplexity neighbours exist, but ≥ 1. Default 30. */
  readonly perplexity?: number;
  /** Gradient-descent iterations. Default 1000. */
  readonly iterations?: number;
  /** Default max(200, n / 12) for n distinct rows (Belkina et al. 2019), in bhtsne's gradient units. */
  readonly learningRate?: number;
  /** Barnes–Hut accuracy/speed trade-off; 0 is exact (slow). Default 0.5. */
  readonly theta?: number;
  /** Multiplier of P during the first 250 iterations (a quarter of them if fewer than 1,000). Default 12. */
  readonly earlyExaggeration?: number;
  /** PCA-reduce to this many dimensions first when d is larger. Default 50. */
  readonly reduceTo?: number;
  /** Start from the PCA plane (default; keeps the global arrangement) or at random. */
  readonly init?: 'pca' | 'random';
}

export type ProjectionOptions = PcaOptions | UmapOptions | TsneOptions;

export interface ProjectionBase {
  readonly rows: number;
  /** `rows × 2` coordinates, row-major; see `CommonProjectionOptions.normalize`. */
  readonly points: Float32Array;
  /** Raw coordinates × `scale` = `points` (after centering); 1 when not normalised. */
  readonly scale: number;
}

export interface PcaProjection extends ProjectionBase {
  readonly method: 'pca';
  /** Variance along each of the two axes (sample variance, divisor n − 1). */
  readonly explainedVariance: readonly [number, number];
  /** `explainedVariance / totalVariance`, each in [0, 1]; 0 when the data has no variance. */
  readonly explainedVarianceRatio: readonly [number, number];
  /** Sum of the variances of all d coordinates. */
  readonly totalVariance: number;
  /** The two unit axes, `2 × dims` row-major; each has its largest-|loading| entry positive. */
  readonly axes: Float32Array;
}

/** The PCA step that ran before UMAP or t-SNE because d exceeded `reduceTo`. */
export interface PcaReduction {
  readonly dims: number;
  /** Share of the total variance those dimensions keep. */
  readonly explainedVarianceRatio: number;
}

export interface NeighborEmbeddingBase extends ProjectionBase {
  /** Distinct rows actually embedded; duplicates share their original's point. */
  readonly uniqueRows: number;
  /** Undefined when d ≤ `reduceTo`. */
  readonly reduction: PcaReduction | undefined;
}

export interface UmapProjection extends NeighborEmbeddingBase {
  readonly method: 'umap';
  /** After clamping to the number of distinct rows − 1. */
  readonly nNeighbors: number;
  readonly epochs: number;
}

export interface TsneProjection extends NeighborEmbeddingBase {
  readonly method: 'tsne';
  /** After clamping. */
  readonly perplexity: number;
  readonly iterations: number;
}

export type ProjectionResult = PcaProjection | UmapProjection | TsneProjection;

/** The result type that goes with an options type. */
export type ProjectionResultFor<O extends ProjectionOptions> = O extends PcaOptions
  ? PcaProjection
  : O extends UmapOptions
    ? UmapProjection
    : TsneProjection;
