/**
 * Which tensors of a model hold its input embeddings: the one list every reader uses (a single
 * file, a sharded index's weight_map, a file on the Hub).
 */

/** Word tables with a learned position table beside them: GPT-2 (with or without `transformer.`), BERT-style. */
export const LEARNED_POSITION_FAMILIES = [
  { word: 'wte.weight', position: 'wpe.weight' },
  { word: 'transformer.wte.weight', position: 'transformer.wpe.weight' },
  { word: 'embeddings.word_embeddings.weight', position: 'embeddings.position_embeddings.weight' },
] as const;

/** Word tables of models that add no position vector (rotary positions inside attention: Llama, Qwen, Gemma…). */
export const ROTARY_WORD_NAMES = ['model.embed_tokens.weight'] as const;

export interface EmbeddingTensorNames {
  readonly word: string;
  /** The learned position table, when the model has one and it is present. */
  readonly position: string | undefined;
  /** The word table belongs to a family whose positions are rotary (nothing is added). */
  readonly rotary: boolean;
}

/** Every word-table name, in the order they are looked for (for messages). */
export const WORD_TENSOR_NAMES: readonly string[] = [...LEARNED_POSITION_FAMILIES.map((family) => family.word), ...ROTARY_WORD_NAMES];

/** The embedding tensors among the names `has` knows, or undefined when there is no word table. */
export function findEmbeddingTensors(has: (name: string) => boolean): EmbeddingTensorNames | undefined {
  const family = LEARNED_POSITION_FAMILIES.find((names) => has(names.word));
  if (family) return { word: family.word, position: has(family.position) ? family.position : undefined, rotary: false };
  const rotary = ROTARY_WORD_NAMES.find((name) => has(name));
  return rotary === undefined ? undefined : { word: rotary, position: undefined, rotary: true };
}
