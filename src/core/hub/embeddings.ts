/**
 * A Hub model's input embeddings as the project's EmbeddingSource, read lazily: the safetensors
 * header once, then only the rows asked for, by Range requests through the cache. The file is
 * `model.safetensors`, or the shard that `model.safetensors.index.json` names for the word table.
 * Validation and decoding are the local reader's (SafetensorsEmbeddings): one truth for the format.
 */
import { readSafetensorsHeader } from '../embeddings/safetensors/header';
import { SafetensorsEmbeddings, type SafetensorsEmbeddingsOptions } from '../embeddings/safetensors/embeddingFile';
import { type BlobCache, cacheKey } from './blobCache';
import { type HubClient, checkSameFile, currentIdentity } from './client';
import { TOKENIZER_JSON, cachedTokenizerFile, downloadFile } from './download';
import { HubError, describeRef } from './errors';
import { type CancelSignal } from './http';
import { HubRangeReader, type RangeProgress, type RangeReaderOptions } from './rangeReader';
import { MAX_INDEX_BYTES, SHARD_INDEX_FILE, SINGLE_WEIGHTS_FILE, embeddingShards } from './shards';

/** Real headers are kilobytes (a few hundred at most); over the network a larger one is refused before it is fetched. */
export const HUB_MAX_HEADER_BYTES = 16 * 1024 * 1024;

export interface HubModelRef {
  readonly repo: string;
  readonly revision: string;
}

export interface HubEmbeddingsOptions extends RangeReaderOptions {
  readonly encoding?: SafetensorsEmbeddingsOptions['encoding'];
  readonly maxHeaderBytes?: number;
}

/** `hub:ORG/NAME@REVISION/FILE`: how a Hub file is named in messages and as a source name. */
export function hubSourceName(model: HubModelRef, file: string): string {
  return `hub:${model.repo}@${model.revision}/${file}`;
}

/** The model has neither model.safetensors nor model.safetensors.index.json (only its tokenizer was published). */
export class NoHubWeightsError extends HubError {
  constructor(model: HubModelRef) {
    super('not-found', `hub:${model.repo}@${model.revision}: expected ${SINGLE_WEIGHTS_FILE} or ${SHARD_INDEX_FILE} for embeddings, found neither (404)`);
  }
}

export class HubEmbeddings extends SafetensorsEmbeddings {
  constructor(
    private readonly wordFile: HubRangeReader,
    header: SafetensorsEmbeddings['header'],
    options: SafetensorsEmbeddingsOptions,
  ) {
    super(wordFile, header, options);
  }

  /** Bytes of the whole word table: what neighbour search must download (say it before starting). */
  get wordMatrixBytes(): number {
    const tensor = this.wordTensor();
    return tensor.end - tensor.begin;
  }

  /** Whether the whole word table is already on disk. */
  async hasWordMatrix(): Promise<boolean> {
    const tensor = this.wordTensor();
    return this.wordFile.attachWhole(tensor.begin, tensor.end);
  }

  /** Downloads the whole word table once (streamed into the cache, with progress); later reads come from disk. */
  async downloadWordMatrix(options: { signal?: CancelSignal; onProgress?: (progress: RangeProgress) => void } = {}): Promise<void> {
    const tensor = this.wordTensor();
    await this.wordFile.downloadWhole(tensor.begin, tensor.end, options);
  }

  private wordTensor() {
    const tensor = this.header.tensors.get(this.wordTensorName);
    if (!tensor) throw new Error(`${this.name}: the word table ${this.wordTensorName} vanished from the header`);
    return tensor;
  }
}

/**
 * The model's embeddings, read at the commit its cached tokenizer came from when there is one: the
 * revision may have moved since, and a row is only the vector of the id that tokenizer gives when
 * both come from one snapshot (as huggingface_hub reads a model). When the Hub no longer has that
 * commit (its history was squashed), the revision serves if its tokenizer.json is still the same
 * file. That the commit is gone is kept in the cache: later opens ask for it no more, and offline
 * they read what the cache holds of the revision, which matched when it was read.
 */
export async function openHubEmbeddings(
  client: HubClient,
  cache: BlobCache,
  model: HubModelRef,
  options: HubEmbeddingsOptions = {},
): Promise<HubEmbeddings> {
  const tokenizer = await cachedTokenizerFile(cache, model.repo, model.revision);
  const commit = tokenizer?.commit;
  if (commit === undefined || commit === model.revision) return openAt(client, cache, model, model, options);
  const gone = goneKey(model.repo, commit);
  const knownGone = await cache.has(gone);
  if (!knownGone) {
    try {
      return await openAt(client, cache, { repo: model.repo, revision: commit }, model, options);
    } catch (error) {
      if (!(error instanceof HubError && error.code === 'RevisionNotFound')) throw error;
    }
    await cache.put(gone, new Uint8Array(0));
  }
  const ref = { repo: model.repo, revision: model.revision, file: TOKENIZER_JSON };
  let etag: string | undefined;
  try {
    etag = (await currentIdentity(client, ref, options.signal)).etag;
  } catch (error) {
    // Offline: what the cache holds of the revision was read while its tokenizer.json matched.
    if (knownGone && error instanceof HubError && error.kind === 'offline') return openAt(client, cache, model, model, options);
    throw error;
  }
  if (etag === undefined || etag !== tokenizer?.etag) {
    throw new HubError(
      'changed',
      `${describeRef(ref)}: the tokenizer in use came from commit ${commit}, which the Hub no longer has, and this file is not the same (ETag ${etag ?? 'unknown'}, was ${tokenizer?.etag ?? 'unknown'}); the model's vectors cannot be matched to that tokenizer's ids`,
    );
  }
  return openAt(client, cache, model, model, options);
}

/** Marks a commit of `repo` the Hub no longer has. */
function goneKey(repo: string, commit: string): string {
  return cacheKey('commits', repo, commit, 'gone');
}

/** The embeddings of `at` (a revision or a commit); messages about the model as a whole name `asked`. */
async function openAt(client: HubClient, cache: BlobCache, at: HubModelRef, asked: HubModelRef, options: HubEmbeddingsOptions): Promise<HubEmbeddings> {
  const readers: HubRangeReader[] = [];
  const open = async (file: string) => {
    const reader = await HubRangeReader.open(client, cache, { ...at, file }, options);
    readers.push(reader);
    const header = await readSafetensorsHeader(reader, hubSourceName(at, file), options.maxHeaderBytes ?? HUB_MAX_HEADER_BYTES);
    return { reader, header };
  };
  try {
    type Opened = Awaited<ReturnType<typeof open>>;
    const openShards = async (refresh: boolean): Promise<{ word: Opened; position: Opened | undefined; indexed: SafetensorsEmbeddingsOptions['indexed'] }> => {
      const index = await downloadFile(client, cache, { ...at, file: SHARD_INDEX_FILE }, { signal: options.signal, maxBytes: MAX_INDEX_BYTES, refresh }).catch(
        (indexError: unknown) => {
          if (isMissingFile(indexError)) throw new NoHubWeightsError(asked);
          throw indexError;
        },
      );
      const shards = embeddingShards(index.bytes, hubSourceName(at, SHARD_INDEX_FILE));
      const word = await open(shards.wordFile);
      const position = shards.positionFile === undefined ? undefined : await open(shards.positionFile);
      try {
        for (const { reader } of position ? [word, position] : [word]) {
          checkSameFile(reader.ref, { commit: index.identity.commit, etag: undefined }, { commit: reader.identity.commit, etag: undefined });
        }
      } catch (error) {
        // The index and a shard are of different commits (the branch moved): what the cache knew of the shards is stale.
        for (const reader of readers.splice(0)) {
          await reader.forget();
          await reader.close();
        }
        // An index from the cache may be the stale one: ask for it again, once, instead of failing at every open.
        if (index.fromCache && !refresh) return openShards(true);
        throw error;
      }
      return { word, position, indexed: { index: hubSourceName(at, SHARD_INDEX_FILE), names: shards.names } };
    };
    let word: Opened;
    let position: Opened | undefined;
    let indexed: SafetensorsEmbeddingsOptions['indexed'];
    try {
      word = await open(SINGLE_WEIGHTS_FILE);
    } catch (error) {
      if (!isMissingFile(error)) throw error;
      ({ word, position, indexed } = await openShards(false));
    }
    const embeddings = new HubEmbeddings(word.reader, word.header, {
      file: word.header.file,
      encoding: options.encoding,
      positionShard: position,
      indexed,
    });
    await embeddings.hasWordMatrix();
    return embeddings;
  } catch (error) {
    for (const reader of readers) await reader.close();
    throw error;
  }
}

/** A 404 for the file itself (a revision the Hub lacks is not a missing file). */
function isMissingFile(error: unknown): boolean {
  return error instanceof HubError && error.kind === 'not-found' && error.code !== 'RevisionNotFound';
}
