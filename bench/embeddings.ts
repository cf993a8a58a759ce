/**
 * Embeddings benchmark: a GPT-2-shaped F32 .safetensors file (wte 50257 × 768 + wpe 1024 × 768,
 * ~157 MB) is generated in a temp folder, then a fresh child process measures opening it, reading
 * the first vector, building the neighbour index and answering neighbour queries.
 *   node out/bench/embeddings.js
 * No assertions: it prints figures. The file is just written, so reads hit the page cache.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InitialWeights,
  NeighborIndex,
  encodeFloats,
  findNearestRows,
  openSafetensorsEmbeddings,
  planSafetensors,
} from '../src/core/embeddings';
import { RandomAccessFile } from '../src/node/randomAccessFile';

const VOCAB = 50257;
const DIM = 768;
const CONTEXT = 1024;
const QUERIES = 15;

interface Measurements {
  openFirstVectorMs: number;
  openRssGrowthMb: number;
  warmVectorUs: number;
  indexBuildMs: number;
  indexMb: number;
  indexRssGrowthMb: number;
  indexRssAfterGcMb: number;
  kernel: string;
  queryMedianMs: number;
  queryMaxMs: number;
  exactScanMedianMs: number;
}

async function writeGpt2Shaped(path: string): Promise<void> {
  const weights = new InitialWeights({ vocabularySize: VOCAB, dimension: DIM, contextLength: CONTEXT, seed: 1 });
  const layout = planSafetensors([
    { name: 'wte.weight', dtype: 'F32', shape: [VOCAB, DIM] },
    { name: 'wpe.weight', dtype: 'F32', shape: [CONTEXT, DIM] },
  ], { format: 'pt' });
  const file = await open(path, 'w');
  try {
    await file.write(layout.header, 0, layout.header.length, 0);
    let offset = layout.tensors[0].offset;
    for (let first = 0; first < VOCAB; first += 2048) {
      const bytes = encodeFloats(await weights.wordRows(first, Math.min(2048, VOCAB - first)), 'F32');
      await file.write(bytes, 0, bytes.length, offset);
      offset += bytes.length;
    }
    const positions = new Float32Array(CONTEXT * DIM);
    for (let p = 0; p < CONTEXT; p++) positions.set(weights.positionRow(p) ?? [], p * DIM);
    const bytes = encodeFloats(positions, 'F32');
    await file.write(bytes, 0, bytes.length, layout.tensors[1].offset);
  } finally {
    await file.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Runs in a fresh process so RSS growth is not blurred by generating the file. */
async function measure(path: string): Promise<Measurements> {
  const rssStart = rssMb();
  const start = performance.now();
  const source = await openSafetensorsEmbeddings(await RandomAccessFile.open(path), { file: path, encoding: { name: 'r50k_base', vocabularySize: VOCAB } });
  await source.wordVector(15496);
  await source.positionVector(0);
  const openFirstVectorMs = performance.now() - start;
  const openRssGrowthMb = rssMb() - rssStart;

  const reads: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await source.wordVector((i * 7919) % VOCAB);
    reads.push(performance.now() - t);
  }

  const rssBeforeIndex = rssMb();
  const index = await NeighborIndex.build(source);
  const indexBuildMs = index.buildMilliseconds;
  const indexRssGrowthMb = rssMb() - rssBeforeIndex;

  const queries: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const t = performance.now();
    await index.nearest((q * 3331 + 17) % VOCAB, 10);
    queries.push(performance.now() - t);
  }
  // V8 frees the read buffers at a later GC; measure what the index keeps once they are gone.
  (globalThis as { gc?: () => void }).gc?.();
  const indexRssAfterGcMb = rssMb() - rssBeforeIndex;
  const scans: number[] = [];
  for (let q = 0; q < 3; q++) {
    const t = performance.now();
    await findNearestRows(source, (q * 3331 + 17) % VOCAB, 10);
    scans.push(performance.now() - t);
  }
  await source.close();
  return {
    openFirstVectorMs,
    openRssGrowthMb,
    warmVectorUs: median(reads) * 1000,
    indexBuildMs,
    indexMb: index.memoryBytes / 2 ** 20,
    indexRssGrowthMb,
    indexRssAfterGcMb,
    kernel: index.kernel,
    queryMedianMs: median(queries),
    queryMaxMs: Math.max(...queries),
    exactScanMedianMs: median(scans),
  };
}

async function main(): Promise<void> {
  const measureAt = process.argv.indexOf('--measure');
  if (measureAt !== -1) {
    process.stdout.write(JSON.stringify(await measure(process.argv[measureAt + 1])));
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'token-lens-bench-'));
  try {
    const path = join(folder, 'gpt2-shaped.safetensors');
    const writeStart = performance.now();
    await writeGpt2Shaped(path);
    const writeMs = performance.now() - writeStart;
    const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--measure', path], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`measuring process failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout) as Measurements;
    const rows: [string, string, string][] = [
      ['file size (wte 50257×768 + wpe 1024×768, F32)', (statSync(path).size / 1e6).toFixed(1), 'MB'],
      ['generate file', writeMs.toFixed(0), 'ms'],
      ['open + first word and position vector', m.openFirstVectorMs.toFixed(1), 'ms'],
      ['RSS growth, open + first vector', m.openRssGrowthMb.toFixed(1), 'MB'],
      ['warm word-vector read (median of 200)', m.warmVectorUs.toFixed(0), 'µs'],
      ['neighbour index build (stream, normalise, int8)', m.indexBuildMs.toFixed(0), 'ms'],
      ['neighbour index memory (int8 rows, scores, scales)', m.indexMb.toFixed(1), 'MB'],
      ['RSS growth, right after index build', m.indexRssGrowthMb.toFixed(1), 'MB'],
      ['RSS growth, index kept (after queries and GC)', m.indexRssAfterGcMb.toFixed(1), 'MB'],
      [`neighbour query k=10 (${m.kernel} scan + exact re-rank), median of ${QUERIES}`, m.queryMedianMs.toFixed(1), 'ms'],
      [`neighbour query k=10, slowest of ${QUERIES}`, m.queryMaxMs.toFixed(1), 'ms'],
      ['exact streaming scan (no index), median of 3', m.exactScanMedianMs.toFixed(0), 'ms'],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    const valueWidth = Math.max(...rows.map(([, value]) => value.length));
    console.log(`embeddings benchmark (node ${process.version}, ${process.platform}/${process.arch}; file in page cache; MB = 10^6 bytes, RSS in MiB)`);
    for (const [label, value, unit] of rows) console.log(`  ${label.padEnd(width)}  ${value.padStart(valueWidth)} ${unit}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
