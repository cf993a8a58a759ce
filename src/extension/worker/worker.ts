/**
 * The desktop compute worker (a Node worker thread): serve.ts's request loop, with files read by
 * Node, model folders and the Hub (tokenizer.json), and training on a workspace folder.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { DownloadProgress } from '../../core/hub/download';
import { parseTokenizerSpec } from '../../core/models/tokenizerSpec';
import { openModelTokenizer } from '../../node/modelSource';
import { nodeSourceFiles } from './nodeFiles';
import type { FromWorker, ToWorker } from './protocol';
import { serve } from './serve';
import { saveTraining, train } from './training';
import { lowerThreadPriority } from '../../node/threadPriority';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');
// Training, projections and neighbour search give way to the extension host's thread on a busy machine.
lowerThreadPriority();

serve(
  {
    post: (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer),
    onMessage: (listener: (message: ToWorker) => void) => port.on('message', listener),
  },
  {
    files: nodeSourceFiles,
    heapLimitMb: () => Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    folders: {
      loadTokenizer: async (request, signal, progress) => {
        const spec = parseTokenizerSpec(request.spec);
        if (spec.kind === 'encoding') throw new Error(`${request.spec}: expected a model folder or hub:ORG/NAME, found an encoding name`);
        const onDownload = ({ received, total }: DownloadProgress) => progress(total ? received / total : 0, 'download');
        // The compiled cache is written after the reply is posted: the host waits only for the tokenizer.
        const deferCacheWrite = (write: () => Promise<unknown>) => void setTimeout(() => void write(), 0);
        const tokenizer = await openModelTokenizer(spec, { signal, hub: request.hub, cacheDir: request.cacheDir, onDownload, deferCacheWrite, revalidate: request.revalidate });
        return { ...tokenizer.data, tables: tokenizer.tables };
      },
      train,
      saveTraining,
    },
  },
);
