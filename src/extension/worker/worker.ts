/**
 * The compute worker: it owns the embedding sources (weight files are opened only here) and runs
 * row reads, neighbour search and projections, never on the extension host's main thread. Each
 * request can be cancelled; its reply carries its type.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { EmbeddingSource } from '../../core/embeddings';
import { sourceProvenance } from '../../core/training';
import { project, projectTokens } from './project';
import type { FromWorker, SourceDescription, ToWorker, TrainingUpdate, WorkerPhase, WorkerReply, WorkerRequest } from './protocol';
import { WorkerSources } from './sources';
import { openModelTokenizer } from '../../node/modelSource';
import { parseTokenizerSpec } from '../../core/models/tokenizerSpec';
import type { DownloadProgress } from '../../core/hub/download';
import { saveTraining, train } from './training';
import { lowerThreadPriority } from '../../node/threadPriority';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');
// Training, projections and neighbour search give way to the extension host's thread on a busy machine.
lowerThreadPriority();

const running = new Map<number, AbortController>();
const sources = new WorkerSources();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function describe(source: EmbeddingSource): SourceDescription {
  const { name, learned, shape, positionKind, matrices } = source;
  return { name, learned, shape, positionKind, matrices, ...sourceProvenance(source) };
}

/** `rows` in a buffer of its own: a view into a larger one would carry all of it across. */
function owned(rows: Float32Array): Float32Array {
  return rows.byteOffset === 0 && rows.byteLength === rows.buffer.byteLength ? rows : rows.slice();
}

async function handle(
  request: WorkerRequest,
  signal: AbortSignal,
  progress: (fraction: number, phase: WorkerPhase) => void,
  training: (update: TrainingUpdate) => void,
): Promise<WorkerReply> {
  switch (request.type) {
    case 'open':
      return { type: 'open', result: describe(await sources.source(request.source)) };
    case 'wordRows': {
      const source = await sources.source(request.source);
      return { type: 'wordRows', result: owned(await source.wordRows(request.firstId, request.count)) };
    }
    case 'positionVector': {
      const source = await sources.source(request.source);
      const vector = await source.positionVector(request.position);
      return { type: 'positionVector', result: vector && owned(vector) };
    }
    case 'release':
      return { type: 'release', result: await sources.release(request.source) };
    case 'stats':
      return { type: 'stats', result: { ...sources.stats(), heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) } };
    case 'neighbors':
      return { type: 'neighbors', result: await sources.neighbors(request, progress, signal) };
    case 'project':
      return { type: 'project', result: await project(request, signal, progress) };
    case 'projectTokens':
      return { type: 'projectTokens', result: await projectTokens(request, await sources.source(request.source), signal, progress) };
    case 'loadTokenizer': {
      const spec = parseTokenizerSpec(request.spec);
      if (spec.kind === 'encoding') throw new Error(`${request.spec}: expected a model folder or hub:ORG/NAME, found an encoding name`);
      const onDownload = ({ received, total }: DownloadProgress) => progress(total ? received / total : 0, 'download');
      const tokenizer = await openModelTokenizer(spec, { signal, hub: request.hub, cacheDir: request.hub?.cacheDir, onDownload });
      return { type: 'loadTokenizer', result: { ...tokenizer.data, tables: tokenizer.tables } };
    }
    case 'train':
      return { type: 'train', result: await train(request, signal, training) };
    case 'saveTraining':
      return { type: 'saveTraining', result: await saveTraining(request) };
  }
}

/** The buffers a reply can hand over instead of copying. */
function transferable(reply: WorkerReply): ArrayBuffer[] {
  switch (reply.type) {
    case 'wordRows':
      return [reply.result.buffer as ArrayBuffer];
    case 'project':
      return [reply.result.points.buffer as ArrayBuffer];
    case 'projectTokens':
      return [reply.result.points.buffer as ArrayBuffer, reply.result.norms.buffer as ArrayBuffer];
    default:
      return [];
  }
}

port.on('message', (message: ToWorker) => {
  if ('cancel' in message) {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  const progress = (fraction: number, phase: WorkerPhase) => post({ id: message.id, progress: fraction, phase });
  const training = (update: TrainingUpdate) => post({ id: message.id, training: update });
  handle(message.request, controller.signal, progress, training)
    .then(
      (reply) => post({ id: message.id, ...reply }, transferable(reply)),
      (error: unknown) => {
        const cancelled = controller.signal.aborted;
        post({ id: message.id, error: error instanceof Error ? error.message : String(error), cancelled });
      },
    )
    .finally(() => running.delete(message.id));
});
