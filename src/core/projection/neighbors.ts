import type { Work } from './work';

/** The k nearest other points of every point, nearest first. */
export interface NeighborGraph {
  readonly rows: number;
  readonly k: number;
  /** `rows × k` neighbour indices. */
  readonly indices: Int32Array;
  /** `rows × k` squared Euclidean distances, matching `indices`. */
  readonly squaredDistances: Float64Array;
}

/** A symmetric sparse matrix in compressed sparse rows. */
export interface SparseGraph {
  readonly rowStarts: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
}

/** Dimensions summed before a candidate pair may be pruned. */
const PRUNE_AFTER = 8;

/**
 * Exact k-nearest neighbours by brute force over the (already PCA-reduced, ≤ 50-D) points,
 * each pair computed once and offered to both ends' bounded max-heaps; a pair whose first
 * dimensions already put it out of both heaps is dropped early. O(n²·d) at worst: 1.5–4 s for
 * 10,000 × 50 here (clustered data is the fast end); beyond ~30,000 points an approximate
 * search would be the next step. Ties break towards the lower index, so the result does not
 * depend on visiting order.
 */
export function* nearestNeighbors(points: Float64Array, rows: number, dims: number, k: number): Work<NeighborGraph> {
  const indices = new Int32Array(rows * k).fill(-1);
  const squaredDistances = new Float64Array(rows * k).fill(Number.POSITIVE_INFINITY);
  const totalPairs = (rows * (rows - 1)) / 2;
  let pairsDone = 0;
  let nextTick = 4_000_000 / Math.max(dims, 1);
  // PCA scores come largest variance first, so the leading dimensions carry most of a distance.
  const head = Math.min(dims, PRUNE_AFTER);
  for (let i = 0; i < rows; i++) {
    const a = i * dims;
    let j = i + 1;
    // Four candidates at once: four independent sums, and each of point i's values loaded once.
    for (; j + 4 <= rows; j += 4) {
      const b0 = j * dims;
      const b1 = b0 + dims;
      const b2 = b1 + dims;
      const b3 = b2 + dims;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0; t < head; t++) {
        const value = points[a + t];
        const d0 = value - points[b0 + t];
        const d1 = value - points[b1 + t];
        const d2 = value - points[b2 + t];
        const d3 = value - points[b3 + t];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      // Exact pruning: a partial sum already beyond both ends' k-th distance cannot get in.
      const worstI = squaredDistances[i * k];
      if (
        s0 > Math.max(worstI, squaredDistances[j * k]) &&
        s1 > Math.max(worstI, squaredDistances[(j + 1) * k]) &&
        s2 > Math.max(worstI, squaredDistances[(j + 2) * k]) &&
        s3 > Math.max(worstI, squaredDistances[(j + 3) * k])
      ) {
        continue;
      }
      for (let t = head; t < dims; t++) {
        const value = points[a + t];
        const d0 = value - points[b0 + t];
        const d1 = value - points[b1 + t];
        const d2 = value - points[b2 + t];
        const d3 = value - points[b3 + t];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      offerPair(indices, squaredDistances, k, i, j, s0);
      offerPair(indices, squaredDistances, k, i, j + 1, s1);
      offerPair(indices, squaredDistances, k, i, j + 2, s2);
      offerPair(indices, squaredDistances, k, i, j + 3, s3);
    }
    for (; j < rows; j++) {
      const b = j * dims;
      let sum = 0;
      for (let t = 0; t < dims; t++) {
        const difference = points[a + t] - points[b + t];
        sum += difference * difference;
      }
      offerPair(indices, squaredDistances, k, i, j, sum);
    }
    pairsDone += rows - 1 - i;
    if (pairsDone >= nextTick) {
      nextTick = pairsDone + 4_000_000 / Math.max(dims, 1);
      yield { phase: 'neighbors', fraction: pairsDone / totalPairs };
    }
  }
  for (let i = 0; i < rows; i++) sortHeap(indices, squaredDistances, i * k, k);
  return { rows, k, indices, squaredDistances };
}

function offerPair(indices: Int32Array, distances: Float64Array, k: number, i: number, j: number, distance: number): void {
  offer(indices, distances, k, i, j, distance);
  offer(indices, distances, k, j, i, distance);
}

/** Max-heap order: larger distance, then larger index, is "worse". */
function worse(distanceA: number, indexA: number, distanceB: number, indexB: number): boolean {
  return distanceA > distanceB || (distanceA === distanceB && indexA > indexB);
}

/** Offers `candidate` at `distance` to `owner`'s heap of its k best (root = worst kept). */
function offer(
  indices: Int32Array,
  distances: Float64Array,
  k: number,
  owner: number,
  candidate: number,
  distance: number,
): void {
  const base = owner * k;
  const rootIndex = indices[base];
  if (rootIndex >= 0 && !worse(distances[base], rootIndex, distance, candidate)) return;
  // Replace the root and sift down (empty slots hold +Infinity with index −1 and sit at the top).
  let position = 0;
  for (;;) {
    const left = 2 * position + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && worseSlot(indices, distances, base + right, base + left)) child = right;
    if (!worseSlot(indices, distances, base + child, -1, distance, candidate)) break;
    distances[base + position] = distances[base + child];
    indices[base + position] = indices[base + child];
    position = child;
  }
  distances[base + position] = distance;
  indices[base + position] = candidate;
}

/** Whether slot `a` is worse than slot `b` (or than the given distance/index when b is −1). */
function worseSlot(
  indices: Int32Array,
  distances: Float64Array,
  a: number,
  b: number,
  distance = 0,
  index = 0,
): boolean {
  const indexA = indices[a] < 0 ? Number.MAX_SAFE_INTEGER : indices[a];
  if (b >= 0) {
    const indexB = indices[b] < 0 ? Number.MAX_SAFE_INTEGER : indices[b];
    return worse(distances[a], indexA, distances[b], indexB);
  }
  return worse(distances[a], indexA, distance, index);
}

/** Sorts one heap's slots ascending by (distance, index). */
function sortHeap(indices: Int32Array, distances: Float64Array, base: number, k: number): void {
  const order = Array.from({ length: k }, (_, slot) => base + slot).sort(
    (a, b) => distances[a] - distances[b] || indices[a] - indices[b],
  );
  const sortedIndices = order.map((slot) => indices[slot]);
  const sortedDistances = order.map((slot) => distances[slot]);
  for (let slot = 0; slot < k; slot++) {
    indices[base + slot] = sortedIndices[slot];
    distances[base + slot] = sortedDistances[slot];
  }
}

/**
 * Symmetrises per-edge weights w(i→j) (`rows × k`, aligned with the graph) into a sparse matrix
 * whose (i, j) and (j, i) entries are both `combine(w(i→j), w(j→i))`, a missing edge weighing 0.
 */
export function symmetrize(
  graph: NeighborGraph,
  weights: Float64Array,
  combine: (forward: number, backward: number) => number,
): SparseGraph {
  const { rows, k, indices } = graph;
  const starts = new Int32Array(rows + 1);
  for (let edge = 0; edge < rows * k; edge++) {
    starts[Math.floor(edge / k) + 1]++;
    starts[indices[edge] + 1]++;
  }
  for (let i = 0; i < rows; i++) starts[i + 1] += starts[i];
  // Each edge i→j lands in row i as a forward weight and in row j as a backward one.
  const fill = starts.slice(0, rows);
  const columns = new Int32Array(starts[rows]);
  const forward = new Float64Array(starts[rows]);
  const backward = new Float64Array(starts[rows]);
  for (let edge = 0; edge < rows * k; edge++) {
    const i = Math.floor(edge / k);
    const j = indices[edge];
    columns[fill[i]] = j;
    forward[fill[i]++] = weights[edge];
    columns[fill[j]] = i;
    backward[fill[j]++] = weights[edge];
  }
  const rowStarts = new Int32Array(rows + 1);
  const merged: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    rowStarts[i] = merged.length;
    const order = Array.from({ length: starts[i + 1] - starts[i] }, (_, t) => starts[i] + t).sort(
      (a, b) => columns[a] - columns[b],
    );
    for (let t = 0; t < order.length; ) {
      const column = columns[order[t]];
      let forwardWeight = 0;
      let backwardWeight = 0;
      for (; t < order.length && columns[order[t]] === column; t++) {
        forwardWeight += forward[order[t]];
        backwardWeight += backward[order[t]];
      }
      merged.push(column);
      values.push(combine(forwardWeight, backwardWeight));
    }
  }
  rowStarts[rows] = merged.length;
  return { rowStarts, columns: Int32Array.from(merged), values: Float64Array.from(values) };
}
