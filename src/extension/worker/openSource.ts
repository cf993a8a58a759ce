import { type EmbeddingSource, InitialWeights, type RandomAccessReader, openSafetensorsEmbeddings } from '../../core/embeddings';
import { BUILTIN_TABLE, openTrainedTable } from '../../core/training';
import { type TokenizerSpec, parseTokenizerSpec } from '../../core/models/tokenizerSpec';
import type { EmbeddingSourceSpec } from '../embeddings/sourceSpec';

/** A reader that holds a file open until closed. */
export type ClosableReader = RandomAccessReader & { close(): Promise<void> };

/** How the worker reads files: Node's fs on the desktop (nodeFiles.ts), the host's workspace.fs in VS Code for the Web (webWorker.ts). */
export interface SourceFiles {
  /** A weight file, for positioned reads: only the rows asked for are read. */
  openRandomAccess(path: string): Promise<ClosableReader>;
  /** A whole (small) file. */
  readFile(path: string): Promise<Uint8Array>;
  /** An open model's own word table (folder or Hub), undefined when it publishes none. */
  openModelEmbeddings(location: Exclude<TokenizerSpec, { kind: 'encoding' }>, options: ModelRowsOptions): Promise<EmbeddingSource | undefined>;
}

/** Where Hub rows come from and are cached, and the tokenizer whose ids index the rows. */
export interface ModelRowsOptions {
  readonly hub: { readonly endpoint?: string; readonly token?: string };
  readonly cacheDir?: string;
  readonly encoding?: { readonly name: string; readonly vocabularySize: number };
}

let openFiles = 0;

/** Weight files whose handle is open now (the worker's stats report it). */
export function openFileCount(): number {
  return openFiles;
}

/** Opens a source in the worker: files are read with positioned reads, only the rows asked for. */
export async function openSource(spec: EmbeddingSourceSpec, files: SourceFiles): Promise<EmbeddingSource> {
  switch (spec.kind) {
    case 'initial':
      return new InitialWeights(spec.options);
    case 'file': {
      const reader = counted(await files.openRandomAccess(spec.path));
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
        bytes = await files.readFile(spec.path);
      } catch (error) {
        throw new Error(`cannot read the built-in table ${spec.path}: ${(error as Error).message}`);
      }
      return openTrainedTable(bytes, spec.path, BUILTIN_TABLE.name);
    }
    case 'model': {
      const location = parseTokenizerSpec(spec.model);
      if (location.kind === 'encoding') throw new Error(`${spec.model}: expected a model folder or hub:ORG/NAME, found an encoding name`);
      const { endpoint, token, cacheDir } = spec.hub ?? {};
      const embeddings = await files.openModelEmbeddings(location, { hub: { endpoint, token }, cacheDir, encoding: spec.encoding });
      // A model without safetensors files (only its tokenizer was published or copied): the initial weights stand in.
      return embeddings ?? new InitialWeights(spec.initial);
    }
  }
}

/** `file`, counted in `openFiles` until it is closed. */
function counted(file: ClosableReader): ClosableReader {
  openFiles++;
  let closed = false;
  return {
    size: file.size,
    read: (offset, length) => file.read(offset, length),
    readInto: file.readInto?.bind(file),
    close: async () => {
      if (closed) return;
      closed = true;
      openFiles--;
      await file.close();
    },
  };
}
