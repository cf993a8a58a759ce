/**
 * A `tokenizer.json` on disk read piece by piece into one reused buffer (core/hf/tokenizerFile.ts
 * readTokenizerFile): a 33 MB file is never held whole unless the fast path gives up on it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type HfTokenizerData, readTokenizerFile } from '../core/hf';

/** The tokenizer in the file at `path` (`config`: tokenizer_config.json's bytes); one-line errors. */
export function readTokenizerFromDisk(path: string, source: string, config?: Uint8Array): HfTokenizerData {
  const fd = openSync(path, 'r');
  try {
    return readTokenizerFile((into, position) => readSync(fd, into, 0, into.length, position), fstatSync(fd).size, source, config);
  } finally {
    closeSync(fd);
  }
}
