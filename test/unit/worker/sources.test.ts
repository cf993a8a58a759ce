/** The worker's sources (src/extension/worker/sources.ts), in plain Node: opened once, released on request. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors } from '../../../src/core/embeddings';
import { BUILTIN_TABLE, openTrainedTable, sourceProvenance } from '../../../src/core/training';
import type { ProjectionPhase } from '../../../src/core/projection';
import type { EmbeddingSourceSpec } from '../../../src/extension/embeddings/sourceSpec';
import { specKey } from '../../../src/extension/embeddings/sourceSpec';
import type { FromWorker, WorkerPhase, WorkerRequest, WorkerResults } from '../../../src/extension/worker/protocol';
import { nodeSourceFiles } from '../../../src/extension/worker/nodeFiles';
import { WorkerSources } from '../../../src/extension/worker/sources';
import { projectRoot } from '../../support/encoders';

// ── checked by the compiler (npm run typecheck) ───────────────────────────────────────────
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type WorkerProtocolIsTyped = [
  // Every request has a typed result, and every result a request.
  Assert<Equal<keyof WorkerResults, WorkerRequest['type']>>,
  // Phases are a closed union the host can name one by one, not any string.
  Assert<Equal<string extends WorkerPhase ? true : false, false>>,
  Assert<Equal<ProjectionPhase extends WorkerPhase ? true : false, true>>,
  Assert<Equal<Extract<FromWorker, { progress: number }>['phase'], WorkerPhase>>,
  // A reply's result is the result of its type, not `unknown`.
  Assert<Equal<Extract<FromWorker, { type: 'neighbors' }>['result'], WorkerResults['neighbors']>>,
];

describe('worker: embedding sources', () => {
  let folder: string;
  let spec: EmbeddingSourceSpec;
  const rows = 64;
  const dimension = 4;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'token-lens-worker-'));
    const path = join(folder, 'tiny.safetensors');
    const word = Float32Array.from({ length: rows * dimension }, (_, i) => Math.sin(i));
    writeFileSync(path, encodeSafetensors([{ name: 'wte.weight', shape: [rows, dimension], data: word }]));
    spec = { kind: 'file', path, encoding: { name: 'test', vocabularySize: rows } };
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('opens a weights file once for all requests that name it', async () => {
    const sources = new WorkerSources(nodeSourceFiles);
    const [first, second] = await Promise.all([sources.source(spec), sources.source(spec)]);
    assert.equal(first, second);
    assert.deepEqual(sources.stats(), { sources: [specKey(spec)], indexes: [], openFiles: 1 });
    await sources.release(spec);
  });

  it('release closes the file and drops the source and its neighbour index', async () => {
    const sources = new WorkerSources(nodeSourceFiles);
    const source = await sources.source(spec);
    await sources.index(spec, () => undefined);
    assert.deepEqual(sources.stats(), { sources: [specKey(spec)], indexes: [specKey(spec)], openFiles: 1 });
    assert.equal(await sources.release(spec), true);
    assert.deepEqual(sources.stats(), { sources: [], indexes: [], openFiles: 0 });
    await assert.rejects(source.wordVector(0), /closed/);
    assert.equal(await sources.release(spec), false, 'nothing left to release');
  });

  it('a source released while its index is being built leaves nothing behind', async () => {
    const sources = new WorkerSources(nodeSourceFiles);
    const building = sources.index(spec, () => undefined);
    await sources.release(spec);
    await building.catch(() => undefined);
    assert.deepEqual(sources.stats(), { sources: [], indexes: [], openFiles: 0 });
  });

  it('neighbours leave out rows holding NaN or ±Infinity, count them, and a poisoned query row has none', async () => {
    const poisoned = join(folder, 'poisoned.safetensors');
    const word = Float32Array.from({ length: rows * dimension }, (_, i) => Math.sin(i));
    word.set([Number.NaN, 0, 0, 0], 5 * dimension);
    word.set([0, Number.POSITIVE_INFINITY, 0, 0], 9 * dimension);
    writeFileSync(poisoned, encodeSafetensors([{ name: 'wte.weight', shape: [rows, dimension], data: word }]));
    const poisonedSpec: EmbeddingSourceSpec = { kind: 'file', path: poisoned, encoding: { name: 'test', vocabularySize: rows } };
    const sources = new WorkerSources(nodeSourceFiles);
    const answer = await sources.neighbors({ type: 'neighbors', source: poisonedSpec, id: 0, k: rows }, () => undefined);
    assert.equal(answer.nonFiniteRows, 2);
    assert.equal(answer.neighbors.length, rows - 3, 'every row but the query and the two poisoned ones');
    assert.ok(answer.neighbors.every((neighbor) => neighbor.id !== 5 && neighbor.id !== 9), JSON.stringify(answer.neighbors));
    assert.deepEqual(await sources.neighbors({ type: 'neighbors', source: poisonedSpec, id: 9, k: 4 }, () => undefined), { neighbors: [], nonFiniteRows: 2 });
    await sources.release(poisonedSpec);
  });

  it('a file that fails to open is not kept, and its handle is closed', async () => {
    const sources = new WorkerSources(nodeSourceFiles);
    const broken = join(folder, 'broken.safetensors');
    writeFileSync(broken, Buffer.from([0xff, 0xff, 0, 0, 0, 0, 0, 0, 1, 2, 3]));
    await assert.rejects(sources.source({ kind: 'file', path: broken, encoding: { name: 'test', vocabularySize: rows } }), /broken\.safetensors/);
    assert.deepEqual(sources.stats(), { sources: [], indexes: [], openFiles: 0 });
  });

  it('opens the built-in table through the same reader as the CLI, trained in miniature', async () => {
    const path = join(projectRoot, 'media', 'embeddings', BUILTIN_TABLE.file);
    const builtin: EmbeddingSourceSpec = { kind: 'builtin', path };
    const sources = new WorkerSources(nodeSourceFiles);
    const opened = await sources.source(builtin);
    const reference = await openTrainedTable(readFileSync(path), path, BUILTIN_TABLE.name);
    const id = reference.ids[Math.floor(reference.ids.length / 2)];
    assert.deepEqual(await opened.wordVector(id), await reference.wordVector(id));
    assert.equal(opened.name, BUILTIN_TABLE.name);
    assert.equal(sourceProvenance(opened).provenance, 'miniature');
    await sources.release(builtin);
  });

  it('a missing built-in table fails with a message naming the file', async () => {
    const path = join(folder, 'absent.safetensors');
    await assert.rejects(new WorkerSources(nodeSourceFiles).source({ kind: 'builtin', path }), (error: Error) => error.message.includes(`cannot read the built-in table ${path}`));
  });
});
