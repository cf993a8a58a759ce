import { readFile } from 'node:fs/promises';
import { type EmbeddingSource, InitialWeights, type RandomAccessReader, openSafetensorsEmbeddings } from '../../core/embeddings';
import { BUILTIN_TABLE, openTrainedTable } from '../../core/training';
import { RandomAccessFile } from '../../node/randomAccessFile';
import { openModelEmbeddingsIfAny } from '../../node/modelSource';
import { parseTokenizerSpec } from '../../core/models/tokenizerSpec';
import type { EmbeddingSourceSpec } from '../embeddings/sourceSpec';

let openFiles = 0;

/** Weight files whose handle is open now (the worker's stats report it). */
export function openFileCount(): number {
  return openFiles;
}

/** Opens a source in the worker: files are read with positioned reads, only the rows asked for. */
export async function openSource(spec: EmbeddingSourceSpec): Promise<EmbeddingSource> {
  switch (spec.kind) {
    case 'initial':
      return new InitialWeights(spec.options);
    case 'file': {
      const reader = counted(await RandomAccessFile.open(spec.path));
      try {
        return await openSafetensorsEmbeddings(reader, { file: spec.path, encoding: spec.encoding });
      } catch (error) {
        await reader.close();
        throw error;
      }
    }
    case 'builtin': {
      // The same reader as `token-lens --weights builtin`; the table is small (trained rows only).
      let bytes: Uint8Array;
      try {
        bytes = await readFile(spec.path);
      } catch (error) {
        throw new Error(`cannot read the built-in table ${spec.path}: ${(error as Error).message}`);
      }
      return openTrainedTable(bytes, spec.path, BUILTIN_TABLE.name);
    }
    case 'model': {
      const location = parseTokenizerSpec(spec.model);
      if (location.kind === 'encoding') throw new Error(`${spec.model}: expected a model folder or hub:ORG/NAME, found an encoding name`);
      const { endpoint, token, cacheDir } = spec.hub ?? {};
      const embeddings = await openModelEmbeddingsIfAny(location, { hub: { endpoint, token }, cacheDir, encoding: spec.encoding });
      // A model without safetensors files (only its tokenizer was published or copied): the initial weights stand in.
      return embeddings ?? new InitialWeights(spec.initial);
    }
  }
}

/** `file`, counted in `openFiles` until it is closed. */
function counted(file: RandomAccessFile): RandomAccessReader & { close(): Promise<void> } {
  openFiles++;
  let closed = false;
  return {
    size: file.size,
    read: (offset, length) => file.read(offset, length),
    readInto: (offset, target) => file.readInto(offset, target),
    close: async () => {
      if (closed) return;
      closed = true;
      openFiles--;
      await file.close();
    },
  };
}
