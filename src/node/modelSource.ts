/**
 * An open model's tokenizer and embeddings from where the user named them: a local folder (or a
 * file in it) or the Hugging Face Hub (downloads into the cache, progress reported). The CLI and
 * the extension resolve a spec through these same functions.
 */
import { readFile, stat } from 'node:fs/promises';
import { HfTokenizer, MAX_TOKENIZER_FILE_BYTES } from '../core/hf';
import { HubClient } from '../core/hub/client';
import { type DownloadProgress, downloadTokenizerFiles } from '../core/hub/download';
import { type HubEmbeddings, NoHubWeightsError, openHubEmbeddings } from '../core/hub/embeddings';
import type { CancelSignal } from '../core/hub/http';
import type { HubModelSpec } from '../core/hub/spec';
import type { SafetensorsEmbeddings } from '../core/embeddings/safetensors/embeddingFile';
import { FsBlobCache, defaultCacheDir } from './fsBlobCache';
import { type HubOverrides, hubClientOptions } from './hubEnvironment';
import { TOKENIZER_FILE, openLocalEmbeddings, resolveLocalModel } from './localModel';

/** A model named by a path or on the Hub (encodings are not models: they ship with Token Lens). */
export type ModelLocation = { readonly kind: 'path'; readonly path: string } | ({ readonly kind: 'hub' } & HubModelSpec);

export interface ModelSourceOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The extension's endpoint setting and stored token (they win over HF_ENDPOINT / HF_TOKEN). */
  readonly hub?: HubOverrides;
  /** Where Hub files are cached; default $TOKEN_LENS_CACHE or ~/.cache/token-lens. */
  readonly cacheDir?: string;
  readonly signal?: CancelSignal;
  readonly onDownload?: (progress: DownloadProgress) => void;
}

/** `hub:ORG/NAME@REVISION`: how a Hub model is named in messages and as a tokenizer's name. */
export function describeLocation(location: ModelLocation): string {
  return location.kind === 'path' ? location.path : `hub:${location.repo}@${location.revision}`;
}

function hubAccess(options: ModelSourceOptions): { client: HubClient; cache: FsBlobCache } {
  const env = options.env ?? process.env;
  return { client: new HubClient(hubClientOptions(env, options.hub)), cache: new FsBlobCache(options.cacheDir ?? defaultCacheDir(env)) };
}

/** The model's tokenizer.json (and tokenizer_config.json) as an HfTokenizer; one-line errors. */
export async function openModelTokenizer(location: ModelLocation, options: ModelSourceOptions = {}): Promise<HfTokenizer> {
  if (location.kind === 'hub') {
    const { client, cache } = hubAccess(options);
    const files = await downloadTokenizerFiles(client, cache, location.repo, location.revision, { signal: options.signal, onProgress: options.onDownload });
    const tokenizer = files.files.get(TOKENIZER_FILE);
    if (!tokenizer) throw new Error(`${describeLocation(location)}: expected ${TOKENIZER_FILE}, found none`);
    return HfTokenizer.fromJson(tokenizer, describeLocation(location), files.files.get('tokenizer_config.json'));
  }
  const model = await resolveLocalModel(location.path);
  if (!model.tokenizer) throw new Error(`${location.path}: expected ${TOKENIZER_FILE} in ${model.folder}, found none`);
  const size = (await stat(model.tokenizer)).size;
  if (size > MAX_TOKENIZER_FILE_BYTES) {
    throw new Error(`${model.tokenizer}: expected at most ${MAX_TOKENIZER_FILE_BYTES / 1024 / 1024} MB, found ${(size / 1024 / 1024).toFixed(1)} MB`);
  }
  const config = model.tokenizerConfig ? await readFile(model.tokenizerConfig) : undefined;
  return HfTokenizer.fromJson(await readFile(model.tokenizer), model.tokenizer, config);
}

export interface ModelEmbeddingsOptions extends ModelSourceOptions {
  /** The tokenizer whose ids index the rows (the word table needs a row for each). */
  readonly encoding?: { readonly name: string; readonly vocabularySize: number };
}

/** The model's input embeddings: read by offset from local files, or lazily by Range requests from the Hub. */
export async function openModelEmbeddings(location: ModelLocation, options: ModelEmbeddingsOptions = {}): Promise<SafetensorsEmbeddings | HubEmbeddings> {
  if (location.kind === 'path') return openLocalEmbeddings(await resolveLocalModel(location.path), { encoding: options.encoding });
  const { client, cache } = hubAccess(options);
  return openHubEmbeddings(client, cache, location, { encoding: options.encoding, signal: options.signal });
}

/** The model's input embeddings, or undefined when it has no safetensors files (other failures still throw). */
export async function openModelEmbeddingsIfAny(location: ModelLocation, options: ModelEmbeddingsOptions = {}): Promise<SafetensorsEmbeddings | HubEmbeddings | undefined> {
  if (location.kind === 'path') {
    const model = await resolveLocalModel(location.path);
    return model.weights ? openLocalEmbeddings(model, { encoding: options.encoding }) : undefined;
  }
  try {
    return await openModelEmbeddings(location, options);
  } catch (error) {
    if (error instanceof NoHubWeightsError) return undefined;
    throw error;
  }
}
