/**
 * Sharded safetensors models: `model.safetensors.index.json` maps each tensor to the file holding it
 * ({ "weight_map": { "model.embed_tokens.weight": "model-00001-of-00004.safetensors", … } }).
 * Shared by local folders and the Hub.
 */
import { SafetensorsError, describeJson } from '../embeddings/safetensors/errors';
import { type EmbeddingTensorNames, WORD_TENSOR_NAMES, findEmbeddingTensors } from '../embeddings/safetensors/tensorNames';

export const SINGLE_WEIGHTS_FILE = 'model.safetensors';
export const SHARD_INDEX_FILE = 'model.safetensors.index.json';

/** An index larger than this is not one (real ones are well under 1 MB). */
export const MAX_INDEX_BYTES = 16 * 1024 * 1024;

export interface EmbeddingShards {
  /** The tables the index names: the shards must hold exactly these (SafetensorsEmbeddingsOptions.indexed). */
  readonly names: EmbeddingTensorNames;
  /** The shard holding the word table. */
  readonly wordFile: string;
  /** The shard holding the position table, when there is one and it is elsewhere. */
  readonly positionFile: string | undefined;
}

/** Which shard files hold the embedding tensors of the index in `bytes`. */
export function embeddingShards(bytes: Uint8Array, indexName: string): EmbeddingShards {
  if (bytes.length > MAX_INDEX_BYTES) throw new SafetensorsError(indexName, `expected an index of at most ${MAX_INDEX_BYTES} bytes, found ${bytes.length}`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new SafetensorsError(indexName, `expected a JSON index, found malformed JSON (${String((error as Error).message).split('\n')[0]})`);
  }
  const map = typeof json === 'object' && json !== null ? (json as { weight_map?: unknown }).weight_map : undefined;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new SafetensorsError(indexName, `expected "weight_map" to be an object of tensor names to files, found ${describeJson(map)}`);
  }
  const weightMap = map as Record<string, unknown>;
  const has = (name: string) => Object.prototype.hasOwnProperty.call(weightMap, name);
  const names = findEmbeddingTensors(has);
  if (!names) {
    throw new SafetensorsError(indexName, `expected "weight_map" to name a word-embedding tensor (${WORD_TENSOR_NAMES.join(', ')}), found none`);
  }
  const shardOf = (name: string): string => {
    const file = weightMap[name];
    if (typeof file !== 'string' || !/^[\w.-]+\.safetensors$/.test(file) || file.startsWith('.')) {
      throw new SafetensorsError(indexName, `expected "weight_map" to map "${name}" to a .safetensors file in the same folder, found ${describeJson(file)}`);
    }
    return file;
  };
  const wordFile = shardOf(names.word);
  const positionFile = names.position === undefined ? undefined : shardOf(names.position);
  return { names, wordFile, positionFile: positionFile === wordFile ? undefined : positionFile };
}
