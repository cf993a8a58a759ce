/**
 * VS Code for the Web's compute worker (a Web Worker, started by webThread.ts): serve.ts's request
 * loop, with files read for it by the extension host through workspace.fs. Weight files on this
 * machine, model folders, the Hub and training need Node: they are refused with a reason.
 */
import type { FileReply, FromWorker, ToWorker } from './protocol';
import { serve } from './serve';

/** The parts of a dedicated worker's global scope used here (compiled without the DOM library). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { readonly data: ToWorker }) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

const reads = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
let nextRead = 1;

/** Asks the host for a file's bytes (`path` is a URI the host named, such as the built-in table's). */
function readThroughHost(path: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const read = nextRead++;
    reads.set(read, { resolve, reject });
    scope.postMessage({ read, path }, []);
  });
}

function settleRead(reply: FileReply): void {
  const waiting = reads.get(reply.read);
  reads.delete(reply.read);
  if ('bytes' in reply) waiting?.resolve(reply.bytes);
  else waiting?.reject(new Error(reply.error));
}

function needsDesktop(what: string): Promise<never> {
  return Promise.reject(new Error(`${what} needs desktop VS Code (VS Code for the Web runs extensions without Node or this machine's files)`));
}

serve(
  {
    post: (message, transfer = []) => scope.postMessage(message, transfer),
    onMessage: (listener) => scope.addEventListener('message', (event) => listener(event.data)),
  },
  {
    files: {
      openRandomAccess: (path) => needsDesktop(`opening the weights file ${path}`),
      readFile: readThroughHost,
      openModelEmbeddings: (location) => needsDesktop(`reading the embeddings of ${location.kind === 'hub' ? 'a Hub model' : location.path}`),
    },
    heapLimitMb: () => undefined,
    fileReply: settleRead,
    folders: {
      loadTokenizer: (request) => needsDesktop(`opening the model ${request.spec}`),
      train: () => needsDesktop('training on a workspace folder'),
      saveTraining: () => needsDesktop('saving a training'),
    },
  },
);
