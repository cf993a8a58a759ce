import { type EmbeddingSource, InitialWeights, openSafetensorsEmbeddings } from '../../core/embeddings';
import { RandomAccessFile } from '../../node/randomAccessFile';
import type { EmbeddingSourceSpec } from '../embeddings/sourceSpec';

/** Opens a source in Node: files are read with positioned reads, only the rows asked for. */
export async function openSource(spec: EmbeddingSourceSpec): Promise<EmbeddingSource> {
  switch (spec.kind) {
    case 'initial':
      return new InitialWeights(spec.options);
    case 'file': {
      const reader = await RandomAccessFile.open(spec.path);
      try {
        return await openSafetensorsEmbeddings(reader, { file: spec.path, encoding: spec.encoding });
      } catch (error) {
        await reader.close();
        throw error;
      }
    }
  }
}
