import type { InitialWeightsOptions } from '../../core/embeddings';

/** The Hub settings a Hub model's rows are read with (they cross to the worker with the spec). */
export interface HubAccess {
  readonly endpoint?: string;
  readonly token?: string;
  /** Where Hub downloads (and fetched rows) are cached. */
  readonly cacheDir: string;
}

/** Which embedding source to open, as plain data (it crosses to the worker). */
export type EmbeddingSourceSpec =
  | { readonly kind: 'initial'; readonly options: InitialWeightsOptions }
  | { readonly kind: 'file'; readonly path: string; readonly encoding: { readonly name: string; readonly vocabularySize: number } }
  /** The built-in space trained in miniature: the compact table shipped under media/embeddings/. */
  | { readonly kind: 'builtin'; readonly path: string }
  /**
   * The open model's own input embeddings (a folder or hub:ORG/NAME), from its safetensors files;
   * `initial` is what stands in when the model has none.
   */
  | {
      readonly kind: 'model';
      readonly model: string;
      readonly hub: HubAccess | undefined;
      readonly encoding: { readonly name: string; readonly vocabularySize: number };
      readonly initial: InitialWeightsOptions;
    };

/** A stable key for caching per source (a Hub token is not part of it: keys are shown in stats). */
export function specKey(spec: EmbeddingSourceSpec): string {
  return JSON.stringify(spec.kind === 'model' && spec.hub ? { ...spec, hub: { ...spec.hub, token: spec.hub.token === undefined ? undefined : '…' } } : spec);
}
