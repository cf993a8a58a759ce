/** Data generators and an independent reference PCA for the projection tests. */
import type { VectorMatrix } from '../../../src/core/projection';
import { Random } from '../../support/random';

/** Small deterministic PRNG (mulberry32, the tests' own), independent of the core's. */
export function testRandom(seed: number): { uniform(): number; gaussian(): number } {
  const random = new Random(seed);
  return { uniform: () => random.next(), gaussian: () => random.gaussian() };
}

export function matrixFromRows(rows: number[][]): VectorMatrix {
  const dims = rows[0]?.length ?? 1;
  return { data: Float32Array.from(rows.flat()), rows: rows.length, dims };
}

/** `count` Gaussian blobs of `perBlob` points in `dims` dimensions, centres `separation` apart on average. */
export function gaussianBlobs(
  count: number,
  perBlob: number,
  dims: number,
  separation: number,
  seed: number,
): { input: VectorMatrix; labels: number[] } {
  const random = testRandom(seed);
  const centres = Array.from({ length: count }, () =>
    Array.from({ length: dims }, () => (random.gaussian() * separation) / Math.sqrt(dims)),
  );
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let blob = 0; blob < count; blob++) {
    for (let p = 0; p < perBlob; p++) {
      rows.push(centres[blob].map((value) => value + random.gaussian()));
      labels.push(blob);
    }
  }
  return { input: matrixFromRows(rows), labels };
}

/** Random orthonormal vectors (Gram–Schmidt on Gaussian ones). */
export function orthonormalVectors(count: number, dims: number, seed: number): number[][] {
  const random = testRandom(seed);
  const result: number[][] = [];
  while (result.length < count) {
    const vector = Array.from({ length: dims }, () => random.gaussian());
    for (const other of result) {
      const projection = dot(vector, other);
      for (let j = 0; j < dims; j++) vector[j] -= projection * other[j];
    }
    const length = Math.sqrt(dot(vector, vector));
    result.push(vector.map((value) => value / length));
  }
  return result;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

/** Sample covariance (divisor n − 1) in float64, straight from the definition. */
export function covariance(input: VectorMatrix): number[][] {
  const { data, rows, dims } = input;
  const mean = new Array<number>(dims).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < dims; j++) mean[j] += data[i * dims + j] / rows;
  const result = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < dims; a++) {
      const da = data[i * dims + a] - mean[a];
      for (let b = 0; b < dims; b++) result[a][b] += (da * (data[i * dims + b] - mean[b])) / (rows - 1);
    }
  }
  return result;
}

/** Reference eigen-decomposition: classical Jacobi, largest eigenvalue first, vectors as rows. */
export function jacobiEigen(symmetric: number[][]): { values: number[]; vectors: number[][] } {
  const n = symmetric.length;
  const a = symmetric.map((row) => row.slice());
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 200; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-26) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const phi = 0.5 * Math.atan2(2 * a[p][q], a[q][q] - a[p][p]);
        const c = Math.cos(phi);
        const s = Math.sin(phi);
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y][y] - a[x][x]);
  return { values: order.map((i) => a[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}

/** Share of points whose `k` nearest 2-D neighbours all carry the point's own label. */
export function neighbourPurity(points: Float32Array, labels: readonly number[], k: number): number {
  const n = labels.length;
  let pure = 0;
  for (let i = 0; i < n; i++) {
    const nearest = Array.from({ length: n }, (_, j) => j)
      .filter((j) => j !== i)
      .map((j) => ({ j, d: (points[2 * i] - points[2 * j]) ** 2 + (points[2 * i + 1] - points[2 * j + 1]) ** 2 }))
      .sort((x, y) => x.d - y.d)
      .slice(0, k);
    if (nearest.every(({ j }) => labels[j] === labels[i])) pure++;
  }
  return pure / n;
}

export function assertAllFinite(values: ArrayLike<number>): void {
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(values[index])) throw new Error(`value ${index} is ${values[index]}`);
  }
}
