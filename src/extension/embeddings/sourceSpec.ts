import type { InitialWeightsOptions } from '../../core/embeddings';

/** Which embedding source to open, as plain data (it crosses to the worker). */
export type EmbeddingSourceSpec =
  | { readonly kind: 'initial'; readonly options: InitialWeightsOptions }
  | { readonly kind: 'file'; readonly path: string; readonly encoding: { readonly name: string; readonly vocabularySize: number } }
  /** The built-in space trained in miniature: the compact table shipped under media/embeddings/. */
  | { readonly kind: 'builtin'; readonly path: string };

/** A stable key for caching per source. */
export function specKey(spec: EmbeddingSourceSpec): string {
  return JSON.stringify(spec);
}
