/**
 * Projection benchmark: PCA, UMAP and t-SNE times on synthetic token vectors (d = 768) for
 * 1,000, 2,000 and 10,000 points, beside the peers that can run here.
 *   node out/bench/projection.js            everything (about 3–4 minutes)
 *   node out/bench/projection.js --quick    skips the 10,000-point UMAP/t-SNE runs and raw umap-js
 *   node out/bench/projection.js --pca      PCA rows only (a few seconds)
 * No assertions: it prints a table. Times are wall-clock medians; the machine's load average is
 * printed because other processes on the 2 cores inflate them.
 */
import { Random } from '../test/support/random';
import { loadavg } from 'node:os';
import { UMAP } from 'umap-js';
import {
  principalComponents,
  project,
  type ProjectionOptions,
  type ProjectionPhase,
  type VectorMatrix,
} from '../src/core/projection';

const DIMS = 768;
const CLUSTERS = 20;
const quick = process.argv.includes('--quick');
const pcaOnly = process.argv.includes('--pca');

interface Row {
  readonly method: string;
  readonly points: number;
  readonly runs: number;
  readonly median: string;
  readonly min: string;
  readonly notes: string;
}

/** Deterministic embedding-like vectors: cluster centres plus power-law noise and a shared offset. */
function tokenVectors(rows: number, seed: number): { input: VectorMatrix; labels: Int32Array } {
  const random = new Random(seed);
  const uniform = (): number => random.next();
  const gaussian = (): number => random.gaussian();
  const scales = Float32Array.from({ length: DIMS }, (_, j) => 0.4 / Math.sqrt(j + 1));
  const offset = Float32Array.from({ length: DIMS }, () => 0.05 * gaussian());
  const centres = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: DIMS }, () => 0.08 * gaussian()));
  const data = new Float32Array(rows * DIMS);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const label = Math.floor(uniform() * CLUSTERS);
    labels[i] = label;
    for (let j = 0; j < DIMS; j++) data[i * DIMS + j] = offset[j] + centres[label][j] + scales[j] * gaussian();
  }
  return { input: { data, rows, dims: DIMS }, labels };
}

function time<T>(runs: number, work: () => T): { times: number[]; result: T } {
  const times: number[] = [];
  let result: T | undefined;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    result = work();
    times.push(performance.now() - start);
  }
  return { times: times.sort((a, b) => a - b), result: result as T };
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

/** Share of points whose 10 nearest 2-D neighbours mostly (≥ 6) share their cluster: layout sanity. */
function neighbourAgreement(points: Float32Array | number[], labels: Int32Array): number {
  const n = labels.length;
  const sample = Math.min(n, 500);
  let agreeing = 0;
  for (let s = 0; s < sample; s++) {
    const i = Math.floor((s * n) / sample);
    const nearest: { d: number; j: number }[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (points[2 * i] - points[2 * j]) ** 2 + (points[2 * i + 1] - points[2 * j + 1]) ** 2;
      if (nearest.length < 10 || d < nearest[9].d) {
        nearest.push({ d, j });
        nearest.sort((a, b) => a.d - b.d);
        if (nearest.length > 10) nearest.pop();
      }
    }
    if (nearest.filter(({ j }) => labels[j] === labels[i]).length >= 6) agreeing++;
  }
  return agreeing / sample;
}

function row(method: string, points: number, times: number[], notes: string): Row {
  return {
    method,
    points,
    runs: times.length,
    median: formatMs(times[Math.floor(times.length / 2)]),
    min: formatMs(times[0]),
    notes,
  };
}

function benchPca(points: number): Row {
  const { input } = tokenVectors(points, 1);
  const { times, result } = time(7, () => project(input, { method: 'pca' }));
  const converged = project(input, { method: 'pca', tolerance: 1e-10, maxPasses: 60 });
  const error = Math.max(
    ...[0, 1].map((c) => Math.abs(result.explainedVariance[c] - converged.explainedVariance[c]) / converged.explainedVariance[c]),
  );
  const [first, second] = result.explainedVarianceRatio.map((ratio) => `${(100 * ratio).toFixed(2)}%`);
  return row('PCA', points, times, `PC1 ${first}, PC2 ${second}; variance rel. error vs converged ${error.toExponential(1)}`);
}

function benchEmbedding(method: 'umap' | 'tsne', points: number, runs: number): Row {
  const { input, labels } = tokenVectors(points, 1);
  // Wall time spent in each phase during the last run, from the progress reports.
  const phases = new Map<ProjectionPhase, number>();
  let since = 0;
  const onProgress = (_: number, next: ProjectionPhase): void => {
    const now = performance.now();
    phases.set(next, (phases.get(next) ?? 0) + now - since); // a report follows its work
    since = now;
  };
  const options: ProjectionOptions = { method, seed: 1, onProgress };
  const { times, result } = time(runs, () => {
    phases.clear();
    since = performance.now();
    return project(input, options);
  });
  const detail =
    result.method === 'umap' ? `${result.epochs} epochs` : result.method === 'tsne' ? `${result.iterations} iterations` : '';
  const split = [...phases].filter(([name]) => name !== 'done').map(([name, ms]) => `${name} ${formatMs(ms)}`).join(', ');
  const agreement = neighbourAgreement(result.points, labels);
  return row(method === 'umap' ? 'UMAP' : 't-SNE', points, times, `${detail}; ${split}; 10-NN cluster agreement ${(100 * agreement).toFixed(0)}%`);
}

/** umap-js as a user would call it: arrays of numbers, its own NN-descent, seeded. */
function benchUmapJs(points: number, reduceFirst: boolean): Row {
  const { input, labels } = tokenVectors(points, 1);
  const vectors = reduceFirst
    ? reducedRows(input)
    : Array.from({ length: points }, (_, i) => Array.from(input.data.subarray(i * DIMS, (i + 1) * DIMS)));
  const label = reduceFirst ? 'umap-js 1.4.0 on our PCA-50' : 'umap-js 1.4.0, raw 768-D';
  let seed = 1;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const { times, result } = time(1, () => new UMAP({ nComponents: 2, random }).fit(vectors));
  const agreement = neighbourAgreement(result.flat(), labels);
  return row(label, points, times, `peer; 10-NN cluster agreement ${(100 * agreement).toFixed(0)}%`);
}

/** PCA-50 scores from the core (not timed), for the umap-js comparison. */
function reducedRows(input: VectorMatrix): number[][] {
  const work = principalComponents(input, { components: 50, seed: 1, tolerance: 0, maxPasses: 2, blockSize: 52 });
  let step = work.next();
  while (!step.done) step = work.next();
  const { scores } = step.value;
  return Array.from({ length: input.rows }, (_, i) => Array.from(scores.subarray(i * 50, (i + 1) * 50)));
}

function printTable(rows: readonly Row[]): void {
  const header: Row = { method: 'method', points: 0, runs: 0, median: 'median', min: 'min', notes: 'notes' };
  const cells = [header, ...rows].map((r) => [
    r.method,
    r === header ? 'points' : r.points.toLocaleString('en-US'),
    r === header ? 'runs' : String(r.runs || '—'),
    r.median,
    r.min,
    r.notes,
  ]);
  const widths = cells[0].map((_, c) => Math.max(...cells.map((line) => line[c].length)));
  for (const line of cells) {
    console.log(line.map((cell, c) => (c === 1 || c === 2 || c === 3 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
  }
}

function main(): void {
  console.log(`Projection benchmark: synthetic token vectors, d = ${DIMS}, ${CLUSTERS} clusters, power-law spectrum`);
  console.log(`Node ${process.version}; load average at start ${loadavg()[0].toFixed(2)} on 2 cores\n`);
  const rows: Row[] = [];
  const add = (next: Row): void => {
    rows.push(next);
    console.log(`  ${next.method} ${next.points}: ${next.median}`);
  };
  add(benchPca(1000));
  add(benchPca(10_000));
  add({ method: 'ml-pca (covariance)', points: 10_000, runs: 0, median: '103 s', min: '—', notes: 'peer, measured earlier on this machine; not installed' });
  add({ method: 'naive top-2 power iteration', points: 10_000, runs: 0, median: '3.1 s', min: '—', notes: 'peer, measured earlier on this machine' });
  if (pcaOnly) {
    printTable(rows);
    return;
  }
  add(benchEmbedding('umap', 1000, 3));
  add(benchEmbedding('umap', 2000, 3));
  if (!quick) add(benchEmbedding('umap', 10_000, 1));
  add(benchEmbedding('tsne', 1000, 3));
  add(benchEmbedding('tsne', 2000, 1));
  if (!quick) add(benchEmbedding('tsne', 10_000, 1));
  add(benchUmapJs(2000, true));
  if (!quick) add(benchUmapJs(2000, false));
  console.log(`\nload average at end ${loadavg()[0].toFixed(2)}\n`);
  printTable(rows);
}

main();
