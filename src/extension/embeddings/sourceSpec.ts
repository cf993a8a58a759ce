import {
  type EmbeddingSource,
  InitialWeights,
  type InitialWeightsOptions,
  openSafetensorsEmbeddings,
} from '../../core/embeddings';
import { RandomAccessFile } from '../../node/randomAccessFile';

/** Which embedding source to open, as plain data (it crosses to the worker). */
export type EmbeddingSourceSpec =
  | { readonly kind: 'initial'; readonly options: InitialWeightsOptions }
  | { readonly kind: 'file'; readonly path: string; readonly encoding: { readonly name: string; readonly vocabularySize: number } };

/** A stable key for caching per source. */
export function specKey(spec: EmbeddingSourceSpec): string {
  return JSON.stringify(spec);
}

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
