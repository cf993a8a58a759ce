import { type NeighborGraph, type SparseGraph, symmetrize } from './neighbors';
import { QuadTree } from './quadtree';
import type { Work } from './work';

/** Barnes–Hut t-SNE (van der Maaten 2014) over a precomputed exact k-NN graph. */

export interface TsneSettings {
  readonly perplexity: number;
  readonly iterations: number;
  readonly learningRate: number;
  readonly theta: number;
  readonly earlyExaggeration: number;
}

/** The largest perplexity that `rows` points support (3·perplexity neighbours must exist). */
export function clampPerplexity(perplexity: number, rows: number): number {
  return Math.max(1, Math.min(perplexity, (rows - 1) / 3));
}

/**
 * Conditional probabilities p(j|i) with each point's Gaussian width found by bisection to
 * match the perplexity, then symmetrised: P = (P + Pᵀ) / 2n.
 */
export function* affinities(graph: NeighborGraph, perplexity: number): Work<SparseGraph> {
  const { rows, k, squaredDistances } = graph;
  const conditional = new Float64Array(rows * k);
  const targetEntropy = Math.log(perplexity);
  const shifted = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    const nearest = squaredDistances[base];
    let mean = 0;
    for (let j = 0; j < k; j++) mean += shifted[j] = squaredDistances[base + j] - nearest;
    mean /= k;
    // Distances are shifted by the nearest one: same normalised P, no underflow far out.
    let beta = mean > 0 ? 1 / mean : 1;
    let low = 0;
    let high = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 200; attempt++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < k; j++) {
        const p = Math.exp(-beta * shifted[j]);
        conditional[base + j] = p;
        sum += p;
        weighted += shifted[j] * p;
      }
      const entropy = (beta * weighted) / sum + Math.log(sum);
      const difference = entropy - targetEntropy;
      if (Math.abs(difference) < 1e-5) break;
      if (difference > 0) {
        low = beta;
        beta = high === Number.POSITIVE_INFINITY ? Math.min(beta * 2, Number.MAX_VALUE) : (beta + high) / 2;
      } else {
        high = beta;
        beta = (beta + low) / 2;
      }
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += conditional[base + j];
    for (let j = 0; j < k; j++) conditional[base + j] /= sum;
    if (i % 1000 === 999) yield { phase: 'affinities', fraction: (i + 1) / rows };
  }
  const scale = 1 / (2 * rows);
  return symmetrize(graph, conditional, (forward, backward) => (forward + backward) * scale);
}

/** Gradient descent with momentum and per-coordinate gains from `initial` (not modified); returns `rows × 2`. */
export function* optimize(
  affinity: SparseGraph,
  initial: Float64Array,
  rows: number,
  settings: TsneSettings,
): Work<Float64Array> {
  const positions = Float64Array.from(initial);
  const update = new Float64Array(rows * 2);
  const gains = new Float64Array(rows * 2).fill(1);
  const attraction = new Float64Array(rows * 2);
  const repulsion = new Float64Array(rows * 2);
  const tree = new QuadTree();
  const { iterations, learningRate, theta } = settings;
  const exaggerationEnds = Math.min(250, Math.floor(iterations / 4));
  for (let iteration = 0; iteration < iterations; iteration++) {
    const exaggeration = iteration < exaggerationEnds ? settings.earlyExaggeration : 1;
    const momentum = iteration < exaggerationEnds ? 0.5 : 0.8;
    attractiveForces(affinity, positions, rows, exaggeration, attraction);
    repulsion.fill(0);
    tree.build(positions, rows);
    let sumQ = 0;
    for (let i = 0; i < rows; i++) {
      sumQ += tree.repulsion(i, positions[2 * i], positions[2 * i + 1], theta, repulsion);
    }
    const normalizer = sumQ > 0 ? 1 / sumQ : 0;
    for (let index = 0; index < rows * 2; index++) {
      const gradient = attraction[index] - repulsion[index] * normalizer;
      const gain = Math.sign(gradient) !== Math.sign(update[index]) ? gains[index] + 0.2 : gains[index] * 0.8;
      gains[index] = Math.max(gain, 0.01);
      update[index] = momentum * update[index] - learningRate * gains[index] * gradient;
      positions[index] += update[index];
    }
    recenter(positions, rows);
    yield { phase: 'optimize', fraction: (iteration + 1) / iterations };
  }
  return positions;
}

/** Σⱼ pᵢⱼ·qᵢⱼZ·(yᵢ − yⱼ), scaled by the exaggeration. */
function attractiveForces(
  affinity: SparseGraph,
  positions: Float64Array,
  rows: number,
  exaggeration: number,
  forces: Float64Array,
): void {
  const { rowStarts, columns, values } = affinity;
  for (let i = 0; i < rows; i++) {
    const x = positions[2 * i];
    const y = positions[2 * i + 1];
    let forceX = 0;
    let forceY = 0;
    for (let entry = rowStarts[i]; entry < rowStarts[i + 1]; entry++) {
      const j = columns[entry];
      const dx = x - positions[2 * j];
      const dy = y - positions[2 * j + 1];
      const strength = (exaggeration * values[entry]) / (1 + dx * dx + dy * dy);
      forceX += strength * dx;
      forceY += strength * dy;
    }
    forces[2 * i] = forceX;
    forces[2 * i + 1] = forceY;
  }
}

function recenter(positions: Float64Array, rows: number): void {
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < rows; i++) {
    meanX += positions[2 * i];
    meanY += positions[2 * i + 1];
  }
  meanX /= rows;
  meanY /= rows;
  for (let i = 0; i < rows; i++) {
    positions[2 * i] -= meanX;
    positions[2 * i + 1] -= meanY;
  }
}
