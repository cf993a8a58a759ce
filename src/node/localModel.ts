/**
 * A model on disk: a folder (or a file inside it) holding `tokenizer.json` (+ `tokenizer_config.json`,
 * `config.json`) and, if present, `model.safetensors` or a sharded `model.safetensors.index.json`.
 * The rows are read by offset through the same safetensors reader as any weights file.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SafetensorsEmbeddings, type SafetensorsEmbeddingsOptions } from '../core/embeddings/safetensors/embeddingFile';
import { type ConfigFile, MODEL_CONFIG_FILE, type ModelContextLength, TOKENIZER_CONFIG_FILE, readContextLength } from '../core/hf/contextLength';
import { readSafetensorsHeader } from '../core/embeddings/safetensors/header';
import { SafetensorsError } from '../core/embeddings/safetensors/errors';
import { MAX_INDEX_BYTES, SHARD_INDEX_FILE, SINGLE_WEIGHTS_FILE, embeddingShards } from '../core/hub/shards';
import { RandomAccessFile } from './randomAccessFile';

export const TOKENIZER_FILE = 'tokenizer.json';
export { MODEL_CONFIG_FILE, TOKENIZER_CONFIG_FILE };

/** A config file larger than this is not read for the context window (real ones are kilobytes; Gemma 3's tokenizer_config.json is 1.1 MB). */
const MAX_CONFIG_FILE_BYTES = 16 * 1024 * 1024;

/** The JSON files beside tokenizer.json in a Hugging Face model folder that are not tokenizers. */
const COMPANION_FILES: ReadonlySet<string> = new Set([
  TOKENIZER_CONFIG_FILE,
  MODEL_CONFIG_FILE,
  'generation_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'preprocessor_config.json',
  'vocab.json',
]);

export type LocalWeights = { readonly kind: 'single'; readonly file: string } | { readonly kind: 'sharded'; readonly index: string };

export interface LocalModel {
  readonly folder: string;
  /** Absolute paths of the files found; undefined when absent. */
  readonly tokenizer: string | undefined;
  readonly tokenizerConfig: string | undefined;
  readonly config: string | undefined;
  readonly weights: LocalWeights | undefined;
}

/** Finds the model files for a folder, a tokenizer.json, a .safetensors file or an index; one-line error when there are none. */
export async function resolveLocalModel(path: string): Promise<LocalModel> {
  const full = resolve(path);
  const info = await stat(full).catch(() => undefined);
  if (!info) throw new Error(`${path}: expected a model folder or a model file, found nothing at this path`);
  const folder = info.isDirectory() ? full : dirname(full);
  const inFolder = async (name: string) => ((await isFile(join(folder, name))) ? join(folder, name) : undefined);
  const name = basename(full);
  let weights: LocalWeights | undefined;
  if (info.isFile() && name.endsWith('.safetensors')) weights = { kind: 'single', file: full };
  else if (info.isFile() && name.endsWith('.safetensors.index.json')) weights = { kind: 'sharded', index: full };
  else {
    const single = await inFolder(SINGLE_WEIGHTS_FILE);
    const index = await inFolder(SHARD_INDEX_FILE);
    weights = single ? { kind: 'single', file: single } : index ? { kind: 'sharded', index } : undefined;
  }
  // A model's other JSON files stand for their folder (picking tokenizer_config.json is picking the model); any other JSON file is read as a tokenizer.json.
  const pickedTokenizer = info.isFile() && name.endsWith('.json') && weights?.kind !== 'sharded' && !COMPANION_FILES.has(name) ? full : undefined;
  const tokenizer = pickedTokenizer ?? (await inFolder(TOKENIZER_FILE));
  if (!tokenizer && !weights) {
    throw new Error(`${path}: expected a model folder with ${TOKENIZER_FILE} or ${SINGLE_WEIGHTS_FILE} (or ${SHARD_INDEX_FILE}), found neither`);
  }
  return {
    folder,
    tokenizer,
    tokenizerConfig: await inFolder(TOKENIZER_CONFIG_FILE),
    config: await inFolder(MODEL_CONFIG_FILE),
    weights,
  };
}

/** The model's own context window from its folder's config files; never throws (see core/hf/contextLength.ts). */
export function localContextLength(model: Pick<LocalModel, 'config' | 'tokenizerConfig'>): Promise<ModelContextLength> {
  const paths: Readonly<Record<string, string | undefined>> = { [MODEL_CONFIG_FILE]: model.config, [TOKENIZER_CONFIG_FILE]: model.tokenizerConfig };
  return readContextLength((file) => readConfigFile(paths[file]));
}

async function readConfigFile(path: string | undefined): Promise<ConfigFile> {
  if (path === undefined) return undefined;
  try {
    const { size } = await stat(path);
    if (size > MAX_CONFIG_FILE_BYTES) return { unreadable: `expected at most ${MAX_CONFIG_FILE_BYTES / 1024 / 1024} MB, found ${(size / 1024 / 1024).toFixed(1)} MB` };
    return await readFile(path);
  } catch (error) {
    return { unreadable: (error as Error).message };
  }
}

/** The model's input embeddings, read row by row from its (possibly sharded) safetensors files. */
export async function openLocalEmbeddings(
  model: LocalModel,
  options: Pick<SafetensorsEmbeddingsOptions, 'encoding'> = {},
): Promise<SafetensorsEmbeddings> {
  const weights = model.weights;
  if (!weights) throw new Error(`${model.folder}: expected ${SINGLE_WEIGHTS_FILE} or ${SHARD_INDEX_FILE} for embeddings, found neither`);
  const opened: RandomAccessFile[] = [];
  const open = async (file: string) => {
    const reader = await RandomAccessFile.open(file).catch((error: Error) => {
      throw new SafetensorsError(file, `expected a readable safetensors file, found ${error.message}`);
    });
    opened.push(reader);
    return { reader, header: await readSafetensorsHeader(reader, file) };
  };
  try {
    if (weights.kind === 'single') {
      const { reader, header } = await open(weights.file);
      return new SafetensorsEmbeddings(reader, header, { file: weights.file, encoding: options.encoding });
    }
    const size = (await stat(weights.index)).size;
    if (size > MAX_INDEX_BYTES) throw new SafetensorsError(weights.index, `expected an index of at most ${MAX_INDEX_BYTES} bytes, found ${size}`);
    const shards = embeddingShards(new Uint8Array(await readFile(weights.index)), weights.index);
    const folder = dirname(weights.index);
    const word = await open(join(folder, shards.wordFile));
    const positionShard = shards.positionFile === undefined ? undefined : await open(join(folder, shards.positionFile));
    return new SafetensorsEmbeddings(word.reader, word.header, {
      file: word.header.file,
      encoding: options.encoding,
      positionShard,
      indexed: { index: weights.index, names: shards.names },
    });
  } catch (error) {
    for (const reader of opened) await reader.close();
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
