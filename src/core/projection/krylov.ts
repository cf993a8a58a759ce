import { symmetricEigen, type SymmetricEigen } from './eigen';
import { gramPass } from './kernel';
import { ROWS_PER_CHUNK } from './matrix';
import type { SeededRandom } from './random';
import type { VectorMatrix } from './types';
import type { Work } from './work';

/**
 * Top eigenpairs of the centered Gram operator A = XcᵀXc by block Lanczos with full
 * reorthogonalisation and Rayleigh–Ritz (Golub & Underwood; the randomized block Krylov method
 * of Musco & Musco 2015). Each pass over the data applies A to one new block of basis vectors,
 * and yields their scores Xc·v on the way. The last block needs no image A·v: its part of the
 * projected matrix is (Xc·v)ᵀ(Xc·v), so the last pass computes scores only, at half the cost.
 */

export interface KrylovSettings {
  /** How many leading components to return. */
  readonly components: number;
  /** Basis vectors added per pass (rounded up to a multiple of 4 for the kernel). */
  readonly blockSize: number;
  readonly maxPasses: number;
  /** Residual ‖Av − θv‖ ≤ tolerance · θ₁ for every component ends the iteration; 0 never checks. */
  readonly tolerance: number;
  readonly random: SeededRandom;
  /** Starting directions (e.g. axes found on a sample); topped up with random ones. */
  readonly start?: readonly Float64Array[];
}

export interface TopComponents {
  /** Eigenvalues of XcᵀXc, largest first (divide by n − 1 for variances); 0 past the rank. */
  readonly eigenvalues: Float64Array;
  /** Unit axes, `components × dims` row-major; all-zero past the rank. */
  readonly axes: Float64Array;
  /** Centered scores Xc·axis, `rows × components` row-major. */
  readonly scores: Float64Array;
  readonly passes: number;
}

/** Below this fraction of the operator's scale a direction counts as already spanned. */
const DEFLATION = 1e-10;

interface Krylov {
  readonly basis: Float64Array[];
  /** A·basis[a]; undefined for the last block, which only got scores. */
  readonly images: (Float64Array | undefined)[];
  /** Xc·basis[a]. */
  readonly scoreColumns: Float64Array[];
  scale: number;
}

export function* topComponents(input: VectorMatrix, mean: Float64Array, settings: KrylovSettings): Work<TopComponents> {
  const { rows, dims } = input;
  const k = settings.components;
  const state: Krylov = { basis: [], images: [], scoreColumns: [], scale: 0 };
  let block = startBlock(input, Math.min(settings.blockSize, dims), settings.random, settings.start ?? []);
  let eigen: SymmetricEigen | undefined;
  let passes = 0;
  while (block.length > 0) {
    const final = passes + 1 >= settings.maxPasses || state.basis.length + block.length >= dims;
    yield* applyOperator(input, mean, block, state, !final, passes, settings.maxPasses);
    passes++;
    if (final) break;
    if (settings.tolerance > 0) {
      eigen = rayleighRitz(state);
      if (converged(state, eigen, k, settings.tolerance)) break;
    }
    const images = state.images.slice(-block.length).filter((image) => image !== undefined);
    block = orthonormalize(images, state.basis, state.scale);
  }
  if (eigen?.values.length !== state.basis.length) eigen = rayleighRitz(state);
  return { ...ritzPairs(state, eigen, k, rows, dims), passes };
}

/** Random combinations of row differences (which lie in the centered row space), topped up with noise. */
function startBlock(
  input: VectorMatrix,
  width: number,
  random: SeededRandom,
  start: readonly Float64Array[],
): Float64Array[] {
  const { data, rows, dims } = input;
  const candidates = start
    .filter((vector) => norm(vector) > 0)
    .slice(0, width)
    .map((vector) => Float64Array.from(vector));
  for (let c = candidates.length; c < width; c++) {
    const vector = new Float64Array(dims);
    for (let t = 0; rows > 1 && t < 8; t++) {
      const a = random.nextInt(rows) * dims;
      const b = random.nextInt(rows) * dims;
      const weight = random.nextGaussian();
      for (let j = 0; j < dims; j++) vector[j] += weight * (data[a + j] - data[b + j]);
    }
    candidates.push(vector);
  }
  const scale = Math.max(...candidates.map(norm));
  const block = orthonormalize(candidates, [], scale);
  for (let attempt = 0; block.length < width && attempt < 4 * width; attempt++) {
    const noise = Float64Array.from({ length: dims }, () => random.nextGaussian());
    block.push(...orthonormalize([noise], block, norm(noise)));
  }
  return block;
}

/** One pass: appends the block, its scores Xc·block and (if `withImages`) A·block to the state. */
function* applyOperator(
  input: VectorMatrix,
  mean: Float64Array,
  block: Float64Array[],
  state: Krylov,
  withImages: boolean,
  pass: number,
  maxPasses: number,
): Work<void> {
  const { data, rows, dims } = input;
  const width = Math.ceil(block.length / 4) * 4;
  const packed = new Float64Array(dims * width);
  const offsets = new Float64Array(width);
  block.forEach((vector, c) => {
    for (let j = 0; j < dims; j++) packed[j * width + c] = vector[j];
    offsets[c] = dot(mean, vector);
  });
  const scores = new Float64Array(rows * width);
  const product = withImages ? new Float64Array(dims * width) : undefined;
  for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
    const end = Math.min(rows, start + ROWS_PER_CHUNK);
    gramPass(data, dims, start, end, packed, width, offsets, scores, product);
    yield { phase: 'pca', fraction: (pass + end / rows) / maxPasses };
  }
  block.forEach((vector, c) => {
    const column = new Float64Array(rows);
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += column[i] = scores[i * width + c];
    state.basis.push(vector);
    state.scoreColumns.push(column);
    if (product === undefined) {
      state.images.push(undefined);
      return;
    }
    const image = new Float64Array(dims);
    for (let j = 0; j < dims; j++) image[j] = product[j * width + c] - mean[j] * sum;
    state.scale = Math.max(state.scale, norm(image));
    state.images.push(image);
  });
}

function rayleighRitz(state: Krylov): SymmetricEigen {
  const { basis, images, scoreColumns } = state;
  const m = basis.length;
  const projected = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      const imageA = images[a];
      const imageB = images[b];
      // vaᵀ A vb from whichever images exist, else from the scores: (Xc va)ᵀ(Xc vb).
      const value =
        imageA && imageB
          ? (dot(basis[a], imageB) + dot(basis[b], imageA)) / 2
          : imageA
            ? dot(imageA, basis[b])
            : imageB
              ? dot(basis[a], imageB)
              : dot(scoreColumns[a], scoreColumns[b]);
      projected[a * m + b] = value;
      projected[b * m + a] = value;
    }
  }
  return symmetricEigen(projected, m);
}

function converged(state: Krylov, eigen: SymmetricEigen, k: number, tolerance: number): boolean {
  const m = state.basis.length;
  const largest = Math.max(eigen.values[0] ?? 0, 0);
  if (largest === 0) return true;
  for (let c = 0; c < Math.min(k, m); c++) {
    const images = state.images.filter((image) => image !== undefined);
    if (images.length !== m) return false; // only full passes can be checked
    const u = combine(state.basis, eigen.vectors, m, c);
    const image = combine(images, eigen.vectors, m, c);
    const theta = eigen.values[c];
    let residual = 0;
    for (let j = 0; j < u.length; j++) residual += (image[j] - theta * u[j]) ** 2;
    if (Math.sqrt(residual) > tolerance * largest) return false;
  }
  return true;
}

function ritzPairs(
  state: Krylov,
  eigen: SymmetricEigen,
  k: number,
  rows: number,
  dims: number,
): Omit<TopComponents, 'passes'> {
  const m = state.basis.length;
  const eigenvalues = new Float64Array(k);
  const axes = new Float64Array(k * dims);
  const scores = new Float64Array(rows * k);
  const largest = Math.max(eigen.values[0] ?? 0, 0);
  for (let c = 0; c < Math.min(k, m); c++) {
    const theta = eigen.values[c];
    if (!(theta > 1e-12 * largest)) break;
    const axis = combine(state.basis, eigen.vectors, m, c);
    const columnScores = combine(state.scoreColumns, eigen.vectors, m, c);
    const sign = signOfLargest(axis);
    const length = norm(axis) || 1;
    eigenvalues[c] = theta;
    for (let j = 0; j < dims; j++) axes[c * dims + j] = (sign * axis[j]) / length;
    for (let i = 0; i < rows; i++) scores[i * k + c] = (sign * columnScores[i]) / length;
  }
  return { eigenvalues, axes, scores };
}

/** Σₐ vectors[a] · coefficients[a, column] for an m × m row-major coefficient matrix. */
function combine(vectors: Float64Array[], coefficients: Float64Array, m: number, column: number): Float64Array {
  const result = new Float64Array(vectors[0].length);
  for (let a = 0; a < vectors.length; a++) {
    const weight = coefficients[a * m + column];
    const vector = vectors[a];
    for (let j = 0; j < result.length; j++) result[j] += weight * vector[j];
  }
  return result;
}

/** Gram–Schmidt twice against `basis` and each other; drops directions already spanned. */
function orthonormalize(candidates: Float64Array[], basis: readonly Float64Array[], scale: number): Float64Array[] {
  const accepted: Float64Array[] = [];
  for (const candidate of candidates) {
    const vector = Float64Array.from(candidate);
    for (let round = 0; round < 2; round++) {
      for (const other of basis) subtractProjection(vector, other);
      for (const other of accepted) subtractProjection(vector, other);
    }
    const length = norm(vector);
    if (!(length > DEFLATION * scale)) continue;
    for (let j = 0; j < vector.length; j++) vector[j] /= length;
    accepted.push(vector);
  }
  return accepted;
}

function subtractProjection(vector: Float64Array, unit: Float64Array): void {
  const amount = dot(vector, unit);
  for (let j = 0; j < vector.length; j++) vector[j] -= amount * unit[j];
}

/** +1 or −1 so that the entry of largest magnitude becomes positive (first one on ties). */
function signOfLargest(vector: Float64Array): number {
  let best = 0;
  for (let j = 1; j < vector.length; j++) if (Math.abs(vector[j]) > Math.abs(vector[best])) best = j;
  return vector[best] < 0 ? -1 : 1;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

function norm(vector: Float64Array): number {
  return Math.sqrt(dot(vector, vector));
}
