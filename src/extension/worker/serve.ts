/**
 * The compute worker's request loop, the same in its two homes: a Node worker thread on the desktop
 * (worker.ts) and a Web Worker in VS Code for the Web (webWorker.ts). It owns the embedding sources
 * and runs row reads, neighbour search and projections, never on the extension host's main thread.
 * Each request can be cancelled; its reply carries its type.
 */
import type { EmbeddingSource } from '../../core/embeddings';
import type { HfTokenizerData } from '../../core/hf';
import { sourceProvenance } from '../../core/training';
import type { SourceFiles } from './openSource';
import { renderChats } from './chatRenders';
import { project, projectTokens } from './project';
import {
  type FileReply,
  type FromWorker,
  ReasonedError,
  type LoadTokenizerRequest,
  type SaveTrainingRequest,
  type SourceDescription,
  type ToWorker,
  type TrainRequest,
  type TrainResult,
  type TrainingUpdate,
  type WorkerPhase,
  type WorkerReply,
  type WorkerRequest,
} from './protocol';
import { WorkerSources } from './sources';

type Progress = (fraction: number, phase: WorkerPhase) => void;

/** The worker's side of its channel to the extension host. */
export interface HostChannel {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

/** Requests that read folders or write files: served by the desktop worker, refused with a reason by the web one. */
export interface FolderRequests {
  loadTokenizer(request: LoadTokenizerRequest, signal: AbortSignal, progress: Progress): Promise<HfTokenizerData>;
  train(request: TrainRequest, signal: AbortSignal, training: (update: TrainingUpdate) => void): Promise<TrainResult>;
  saveTraining(request: SaveTrainingRequest): Promise<string | undefined>;
}

/** What differs between the two workers. */
export interface WorkerPlatform {
  readonly files: SourceFiles;
  readonly folders: FolderRequests;
  /** The JavaScript heap limit in MB, where one is set. */
  heapLimitMb(): number | undefined;
  /** The host answered a file read (only the web worker asks). */
  fileReply?(reply: FileReply): void;
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
  { sources, platform }: { sources: WorkerSources; platform: WorkerPlatform },
  signal: AbortSignal,
  progress: Progress,
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
      return { type: 'stats', result: { ...sources.stats(), heapLimitMb: platform.heapLimitMb() } };
    case 'neighbors':
      return { type: 'neighbors', result: await sources.neighbors(request, progress, signal) };
    case 'project':
      return { type: 'project', result: await project(request, signal, progress) };
    case 'projectTokens':
      return { type: 'projectTokens', result: await projectTokens(request, await sources.source(request.source), signal, progress) };
    case 'loadTokenizer':
      return { type: 'loadTokenizer', result: await platform.folders.loadTokenizer(request, signal, progress) };
    case 'renderChat':
      return { type: 'renderChat', result: renderChats(request) };
    case 'train':
      return { type: 'train', result: await platform.folders.train(request, signal, training) };
    case 'saveTraining':
      return { type: 'saveTraining', result: await platform.folders.saveTraining(request) };
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

/** Serves the host's requests on `channel` until the worker ends. */
export function serve(channel: HostChannel, platform: WorkerPlatform): void {
  const running = new Map<number, AbortController>();
  const state = { sources: new WorkerSources(platform.files), platform };
  channel.onMessage((message) => {
    if ('read' in message) {
      platform.fileReply?.(message);
      return;
    }
    if ('cancel' in message) {
      running.get(message.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(message.id, controller);
    const progress = (fraction: number, phase: WorkerPhase) => channel.post({ id: message.id, progress: fraction, phase });
    const training = (update: TrainingUpdate) => channel.post({ id: message.id, training: update });
    handle(message.request, state, controller.signal, progress, training)
      .then(
        (reply) => channel.post({ id: message.id, ...reply }, transferable(reply)),
        (error: unknown) => {
          const cancelled = controller.signal.aborted;
          const reason = error instanceof ReasonedError ? error.reason : undefined;
          channel.post({ id: message.id, error: error instanceof Error ? error.message : String(error), cancelled, ...(reason ? { reason } : {}) });
        },
      )
      .finally(() => running.delete(message.id));
  });
}
