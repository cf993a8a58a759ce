/**
 * The compute worker: neighbour search and projections run here, never on the extension
 * host's main thread. One request at a time per kind; each can be cancelled.
 */
import { parentPort } from 'node:worker_threads';
import { type EmbeddingSource, NeighborIndex } from '../../core/embeddings';
import { type EmbeddingSourceSpec, specKey } from '../embeddings/sourceSpec';
import { openSource } from './openSource';
import type { FromWorker, ToWorker, WorkerRequest, WorkerResults } from './protocol';
import { project, projectTokens } from './project';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');

const running = new Map<number, AbortController>();
const sources = new Map<string, Promise<EmbeddingSource>>();
const indexes = new Map<string, Promise<NeighborIndex>>();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function source(spec: EmbeddingSourceSpec): Promise<EmbeddingSource> {
  const key = specKey(spec);
  let opened = sources.get(key);
  if (!opened) {
    opened = openSource(spec);
    opened.catch(() => sources.delete(key));
    sources.set(key, opened);
  }
  return opened;
}

function index(spec: EmbeddingSourceSpec, progress: (fraction: number, phase: string) => void): Promise<NeighborIndex> {
  const key = specKey(spec);
  let built = indexes.get(key);
  if (!built) {
    built = source(spec).then((opened) =>
      NeighborIndex.build(opened, { onProgress: (done, rows) => progress(done / rows, 'indexing the word vectors') }),
    );
    built.catch(() => indexes.delete(key));
    indexes.set(key, built);
  }
  return built;
}

async function handle(
  request: WorkerRequest,
  signal: AbortSignal,
  progress: (fraction: number, phase: string) => void,
): Promise<WorkerResults[WorkerRequest['type']]> {
  switch (request.type) {
    case 'neighbors': {
      const neighborIndex = await index(request.source, progress);
      signal.throwIfAborted();
      return neighborIndex.nearest(request.id, request.k);
    }
    case 'project':
      return project(request, signal, progress);
    case 'projectTokens':
      return projectTokens(request, await source(request.source), signal, progress);
  }
}

port.on('message', (message: ToWorker) => {
  if ('cancel' in message) {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  const progress = (fraction: number, phase: string) => post({ id: message.id, progress: fraction, phase });
  handle(message.request, controller.signal, progress).then(
    (result) => {
      const transfer = result && 'points' in result ? [result.points.buffer as ArrayBuffer] : [];
      if (result && 'norms' in result) transfer.push(result.norms.buffer as ArrayBuffer);
      post({ id: message.id, result }, transfer);
    },
    (error: unknown) => {
      const cancelled = controller.signal.aborted;
      post({ id: message.id, error: error instanceof Error ? error.message : String(error), cancelled });
    },
  ).finally(() => running.delete(message.id));
});
