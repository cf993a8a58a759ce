import { readFile } from 'node:fs/promises';
import { openModelEmbeddingsIfAny } from '../../node/modelSource';
import { RandomAccessFile } from '../../node/randomAccessFile';
import type { SourceFiles } from './openSource';

/** The desktop worker's files: paths on this machine, read with Node's fs. */
export const nodeSourceFiles: SourceFiles = {
  openRandomAccess: (path) => RandomAccessFile.open(path),
  readFile: (path) => readFile(path),
  openModelEmbeddings: (location, options) => openModelEmbeddingsIfAny(location, options),
};
