/**
 * The CLI's worker thread for tokenizers whose pre-tokenizer patterns are untrusted (a
 * `tokenizer.json` chose them): the main thread terminates it when a piece takes too long, so a
 * catastrophic regular expression ends with a message instead of a hung process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HfTokenizer, type HfTokenizerData } from '../core/hf';
import { EncodeStream } from '../core/incremental/encodeStream';
import type { EncodeOptions } from '../core/tokenizer';
import { TokenBuffer } from '../core/tokenizer/tokenBuffer';

/** What the main thread sends: the next piece of text, or the end of it. */
export type PatternWorkerRequest = { readonly piece: string } | { readonly end: true };

/** The tokens that became final, and how much text they cover. */
export interface PatternWorkerReply {
  readonly ids: Uint32Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly offset: number;
}

export interface PatternWorkerData {
  readonly data: HfTokenizerData;
  readonly options: EncodeOptions;
}

if (parentPort) {
  const port = parentPort;
  const { data, options } = workerData as PatternWorkerData;
  const stream = new EncodeStream(new HfTokenizer(data), options);
  port.on('message', (request: PatternWorkerRequest) => {
    const out = new TokenBuffer(1024);
    if ('end' in request) stream.end(out);
    else stream.write(request.piece, out);
    const [ids, starts, ends] = [out.ids, out.starts, out.ends].map((array) => new Uint32Array(array.subarray(0, out.count)));
    port.postMessage({ ids, starts, ends, offset: stream.offset } satisfies PatternWorkerReply, [ids.buffer as ArrayBuffer, starts.buffer as ArrayBuffer, ends.buffer as ArrayBuffer]);
  });
}
