import { findAB } from './umapCurve';
import type { NeighborGraph, SparseGraph } from './neighbors';
import { symmetrize } from './neighbors';
import type { SeededRandom } from './random';
import type { Work } from './work';

/**
 * UMAP (McInnes, Healy & Melville 2018) following the reference implementation (umap-learn,
 * and umap-js which ports it): fuzzy simplicial set, then SGD with negative sampling, here on
 * typed arrays. umap-js itself, on arrays of arrays with a Map-based sparse matrix, measured
 * several times slower for the same neighbour graph (see bench/projection.ts).
 */

export interface UmapSettings {
  /** Neighbours counting the point itself, as UMAP counts them. */
  readonly nNeighbors: number;
  readonly minDist: number;
  readonly spread: number;
  readonly epochs: number;
}

const NEGATIVE_SAMPLE_RATE = 5;
const GRADIENT_CLIP = 4;

/** umap-js's schedule: 500 epochs up to 2,500 points, then 400, 300 and 200 above 7,500. */
export function defaultEpochs(rows: number): number {
  return rows <= 2500 ? 500 : rows <= 5000 ? 400 : rows <= 7500 ? 300 : 200;
}

/** Membership strengths from each point's smoothed k-NN distances, combined by fuzzy union. */
export function fuzzyGraph(graph: NeighborGraph): SparseGraph {
  const { rows, k, squaredDistances } = graph;
  const distances = squaredDistances.map(Math.sqrt);
  const weights = new Float64Array(rows * k);
  const target = Math.log2(k + 1);
  let globalMean = 0;
  for (const distance of distances) globalMean += distance / (rows * (k + 1));
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    let rho = 0;
    let mean = 0;
    for (let j = 0; j < k; j++) {
      if (rho === 0 && distances[base + j] > 0) rho = distances[base + j];
      mean += distances[base + j] / (k + 1); // the point itself counts, at distance 0
    }
    let low = 0;
    let high = Number.POSITIVE_INFINITY;
    let sigma = 1;
    for (let attempt = 0; attempt < 64; attempt++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const excess = distances[base + j] - rho;
        sum += excess > 0 ? Math.exp(-excess / sigma) : 1;
      }
      if (Math.abs(sum - target) < 1e-5) break;
      if (sum > target) {
        high = sigma;
        sigma = (low + high) / 2;
      } else {
        low = sigma;
        sigma = high === Number.POSITIVE_INFINITY ? sigma * 2 : (low + high) / 2;
      }
    }
    sigma = Math.max(sigma, 1e-3 * (rho > 0 ? mean : globalMean));
    for (let j = 0; j < k; j++) {
      const excess = distances[base + j] - rho;
      weights[base + j] = excess > 0 ? Math.exp(-excess / sigma) : 1;
    }
  }
  return symmetrize(graph, weights, (forward, backward) => forward + backward - forward * backward);
}

/** SGD over the fuzzy graph's edges from `initial` (`rows × 2`, not modified); one epoch per tick. */
export function* optimizeLayout(
  fuzzy: SparseGraph,
  initial: Float64Array,
  rows: number,
  settings: UmapSettings,
  random: SeededRandom,
): Work<Float64Array> {
  const positions = Float64Array.from(initial);
  const { a, b } = findAB(settings.spread, settings.minDist);
  const epochs = settings.epochs;
  let largest = 0;
  for (const weight of fuzzy.values) largest = Math.max(largest, weight);
  // Edges too weak to be sampled even once in `epochs` are dropped, as in the reference.
  const heads: number[] = [];
  const tails: number[] = [];
  const periods: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let entry = fuzzy.rowStarts[i]; entry < fuzzy.rowStarts[i + 1]; entry++) {
      const weight = fuzzy.values[entry];
      if (weight <= 0 || weight < largest / epochs) continue;
      heads.push(i);
      tails.push(fuzzy.columns[entry]);
      periods.push(largest / weight);
    }
  }
  const edges = heads.length;
  const head = Int32Array.from(heads);
  const tail = Int32Array.from(tails);
  const epochsPerSample = Float64Array.from(periods);
  const nextSample = Float64Array.from(periods);
  const epochsPerNegative = epochsPerSample.map((period) => period / NEGATIVE_SAMPLE_RATE);
  const nextNegative = Float64Array.from(epochsPerNegative);
  const attract = -2 * a * b;
  const repel = 2 * b;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const alpha = epoch === 0 ? 1 : 1 - (epoch - 1) / epochs; // the reference decays after each epoch
    for (let edge = 0; edge < edges; edge++) {
      if (nextSample[edge] > epoch) continue;
      const j = 2 * head[edge];
      const k = 2 * tail[edge];
      let dx = positions[j] - positions[k];
      let dy = positions[j + 1] - positions[k + 1];
      let distanceSquared = dx * dx + dy * dy;
      if (distanceSquared > 0) {
        const power = Math.exp(b * Math.log(distanceSquared)); // 3× faster than Math.pow in V8
        const coefficient = (attract * power) / distanceSquared / (a * power + 1);
        const gx = clip(coefficient * dx) * alpha;
        const gy = clip(coefficient * dy) * alpha;
        positions[j] += gx;
        positions[j + 1] += gy;
        positions[k] -= gx;
        positions[k + 1] -= gy;
      }
      nextSample[edge] += epochsPerSample[edge];
      const negatives = Math.floor((epoch - nextNegative[edge]) / epochsPerNegative[edge]);
      for (let sample = 0; sample < negatives; sample++) {
        const other = 2 * random.nextInt(rows);
        if (other === j) continue;
        dx = positions[j] - positions[other];
        dy = positions[j + 1] - positions[other + 1];
        distanceSquared = dx * dx + dy * dy;
        if (distanceSquared <= 0) continue;
        const power = Math.exp(b * Math.log(distanceSquared));
        const coefficient = repel / ((0.001 + distanceSquared) * (a * power + 1));
        positions[j] += clip(coefficient * dx) * alpha;
        positions[j + 1] += clip(coefficient * dy) * alpha;
      }
      nextNegative[edge] += negatives * epochsPerNegative[edge];
    }
    yield { phase: 'optimize', fraction: (epoch + 1) / epochs };
  }
  return positions;
}

function clip(value: number): number {
  return value > GRADIENT_CLIP ? GRADIENT_CLIP : value < -GRADIENT_CLIP ? -GRADIENT_CLIP : value;
}
