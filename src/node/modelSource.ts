/**
 * An open model's tokenizer and embeddings from where the user named them: a local folder (or a
 * file in it) or the Hugging Face Hub (downloads into the cache, progress reported). The CLI and
 * the extension resolve a spec through these same functions.
 */
import { readFile, stat } from 'node:fs/promises';
import { HfTokenizer, MAX_TOKENIZER_FILE_BYTES, readTokenizerData } from '../core/hf';
import { readContextLength } from '../core/hf/contextLength';
import { HubClient } from '../core/hub/client';
import { type DownloadProgress, cachedFileIdentities, downloadTokenizerFiles, readCachedFile, tokenizerFilesMoved } from '../core/hub/download';
import { type HubEmbeddings, NoHubWeightsError, openHubEmbeddings } from '../core/hub/embeddings';
import type { CancelSignal } from '../core/hub/http';
import type { HubModelSpec } from '../core/hub/spec';
import type { SafetensorsEmbeddings } from '../core/embeddings/safetensors/embeddingFile';
import { FsBlobCache, defaultCacheDir } from './fsBlobCache';
import { type HubOverrides, hubClientOptions } from './hubEnvironment';
import { compiledTokenizerSlot, pruneCompiledTokenizers, readCompiledTokenizer, writeCompiledTokenizer } from './compiledTokenizer';
import { MODEL_CONFIG_FILE, TOKENIZER_CONFIG_FILE, TOKENIZER_FILE, localContextLength, openLocalEmbeddings, resolveLocalModel } from './localModel';
import { readTokenizerFromDisk } from './tokenizerFileReader';

/** A model named by a path or on the Hub (encodings are not models: they ship with Token Lens). */
export type ModelLocation = { readonly kind: 'path'; readonly path: string } | ({ readonly kind: 'hub' } & HubModelSpec);

export interface ModelSourceOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The extension's endpoint setting and stored token (they win over HF_ENDPOINT / HF_TOKEN). */
  readonly hub?: HubOverrides;
  /** Where Hub files and compiled tokenizers are cached; default $TOKEN_LENS_CACHE or ~/.cache/token-lens. */
  readonly cacheDir?: string;
  readonly signal?: CancelSignal;
  readonly onDownload?: (progress: DownloadProgress) => void;
  /**
   * Runs the writing of a newly compiled tokenizer's cache (Gemma 3's takes ~0.3 s to build) when the
   * caller chooses, e.g. after its reply is sent; by default it is awaited before the tokenizer is returned.
   */
  readonly deferCacheWrite?: (write: () => Promise<unknown>) => void;
  /**
   * For a Hub model whose files are cached: ask the Hub whether its revision moved since, and download
   * them again if it did (the user opened it from the Hub afresh). A Hub that cannot answer leaves the cached files in use.
   */
  readonly revalidate?: boolean;
}

/** `hub:ORG/NAME@REVISION`: how a Hub model is named in messages and as a tokenizer's name. */
export function describeLocation(location: ModelLocation): string {
  return location.kind === 'path' ? location.path : `hub:${location.repo}@${location.revision}`;
}

function cacheDirOf(options: ModelSourceOptions): string {
  return options.cacheDir ?? defaultCacheDir(options.env ?? process.env);
}

function hubAccess(options: ModelSourceOptions): { client: HubClient; cache: FsBlobCache } {
  return { client: new HubClient(hubClientOptions(options.env ?? process.env, options.hub)), cache: new FsBlobCache(cacheDirOf(options)) };
}

/** Cache folders swept in this process (see sweepOnce). */
const swept = new Map<string, Promise<void>>();

/**
 * Removes the temporary files a killed process left under the cache folder (a day old or more, so
 * none another process is still writing) and the compiled tokenizers unused for a month, once per
 * folder and process, before the first use that writes there. A sweep that fails is not an error:
 * the files only take space.
 */
function sweepOnce(cacheDir: string): Promise<void> {
  let sweep = swept.get(cacheDir);
  if (!sweep) {
    sweep = Promise.all([new FsBlobCache(cacheDir).removeLeftovers(), pruneCompiledTokenizers(cacheDir)]).then(
      () => undefined,
      () => undefined,
    );
    swept.set(cacheDir, sweep);
  }
  return sweep;
}

/**
 * The model's tokenizer.json (and tokenizer_config.json) as an HfTokenizer, with the model's own context
 * window (config.json; see core/hf/contextLength.ts); one-line errors. Built from its compiled cache (see
 * compiledTokenizer.ts) while the files are unchanged: for a folder, their paths, sizes and modification
 * times; for the Hub, the repository, revision and each downloaded file's identity.
 */
export async function openModelTokenizer(location: ModelLocation, options: ModelSourceOptions = {}): Promise<HfTokenizer> {
  const cacheDir = cacheDirOf(options);
  await sweepOnce(cacheDir);
  if (location.kind === 'hub') {
    const name = describeLocation(location);
    const { client, cache } = hubAccess(options);
    const slotNow = async () => {
      const sources = await cachedFileIdentities(cache, location.repo, location.revision, [TOKENIZER_FILE, TOKENIZER_CONFIG_FILE]);
      return sources && compiledTokenizerSlot(cacheDir, name, sources);
    };
    const moved = options.revalidate === true && (await tokenizerFilesMoved(client, cache, location.repo, location.revision, options.signal));
    const before = moved ? undefined : await slotNow();
    const cachedFile = async (file: string) => (await readCachedFile(cache, location.repo, location.revision, file)) ?? undefined;
    // config.json comes down with tokenizer.json: a cache without it (damaged) is a miss, and the download fetches it.
    if (before && (await readCachedFile(cache, location.repo, location.revision, MODEL_CONFIG_FILE)) !== undefined) {
      const cached = await readCompiledTokenizer(before, name, await readContextLength(cachedFile));
      if (cached) return cached;
    }
    const files = await downloadTokenizerFiles(client, cache, location.repo, location.revision, { signal: options.signal, onProgress: options.onDownload, refresh: moved });
    const tokenizerFile = files.files.get(TOKENIZER_FILE);
    if (!tokenizerFile) throw new Error(`${name}: expected ${TOKENIZER_FILE}, found none`);
    const config = files.files.get(TOKENIZER_CONFIG_FILE);
    const contextLength = await readContextLength((file) => files.files.get(file));
    const tokenizer = new HfTokenizer({ ...readTokenizerData(tokenizerFile, name, config), contextLength });
    const after = await slotNow();
    if (after) await cacheWrite(options, () => writeCompiledTokenizer(after, tokenizer));
    return tokenizer;
  }
  const model = await resolveLocalModel(location.path);
  if (!model.tokenizer) throw new Error(`${location.path}: expected ${TOKENIZER_FILE} in ${model.folder}, found none`);
  const info = await stat(model.tokenizer);
  if (info.size > MAX_TOKENIZER_FILE_BYTES) {
    throw new Error(`${model.tokenizer}: expected at most ${MAX_TOKENIZER_FILE_BYTES / 1024 / 1024} MB, found ${(info.size / 1024 / 1024).toFixed(1)} MB`);
  }
  // Identified before reading: a file changed meanwhile makes the cache written below stale, never wrong.
  const configInfo = model.tokenizerConfig ? await stat(model.tokenizerConfig) : undefined;
  const sources = [
    [model.tokenizer, info.size, Math.trunc(info.mtimeMs)],
    model.tokenizerConfig && configInfo ? [model.tokenizerConfig, configInfo.size, Math.trunc(configInfo.mtimeMs)] : null,
  ];
  const slot = compiledTokenizerSlot(cacheDir, model.tokenizer, sources);
  const contextLength = await localContextLength(model);
  const cached = await readCompiledTokenizer(slot, model.tokenizer, contextLength);
  if (cached) return cached;
  const config = model.tokenizerConfig ? await readFile(model.tokenizerConfig) : undefined;
  const tokenizer = new HfTokenizer({ ...readTokenizerFromDisk(model.tokenizer, model.tokenizer, config), contextLength });
  await cacheWrite(options, () => writeCompiledTokenizer(slot, tokenizer));
  return tokenizer;
}

/** `write` awaited, or handed to the caller's deferCacheWrite (a write never throws: see writeCompiledTokenizer). */
async function cacheWrite(options: ModelSourceOptions, write: () => Promise<unknown>): Promise<void> {
  if (options.deferCacheWrite) options.deferCacheWrite(write);
  else await write();
}

export interface ModelEmbeddingsOptions extends ModelSourceOptions {
  /** The tokenizer whose ids index the rows (the word table needs a row for each). */
  readonly encoding?: { readonly name: string; readonly vocabularySize: number };
}

/** The model's input embeddings: read by offset from local files, or lazily by Range requests from the Hub. */
export async function openModelEmbeddings(location: ModelLocation, options: ModelEmbeddingsOptions = {}): Promise<SafetensorsEmbeddings | HubEmbeddings> {
  if (location.kind === 'path') return openLocalEmbeddings(await resolveLocalModel(location.path), { encoding: options.encoding });
  await sweepOnce(cacheDirOf(options));
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
