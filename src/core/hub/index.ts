export { type BlobCache, type BlobWriter, MemoryBlobCache, cacheKey } from './blobCache';
export { DEFAULT_HUB_ENDPOINT, HubClient, type FileIdentity, type HubClientOptions } from './client';
export {
  DEFAULT_MAX_FILE_BYTES,
  TOKENIZER_FILES,
  downloadFile,
  downloadTokenizerFiles,
  type DownloadOptions,
  type DownloadProgress,
  type DownloadedFile,
  type ModelFiles,
} from './download';
export { HUB_MAX_HEADER_BYTES, HubEmbeddings, hubSourceName, openHubEmbeddings, type HubEmbeddingsOptions, type HubModelRef } from './embeddings';
export { HubError, type HubErrorKind, type HubFileRef } from './errors';
export { type CancelSignal, type HttpFetch, type HttpRequest, type HttpResponse } from './http';
export { HubRangeReader, type RangeProgress, type RangeReaderOptions } from './rangeReader';
export { MAX_INDEX_BYTES, SHARD_INDEX_FILE, SINGLE_WEIGHTS_FILE, embeddingShards, type EmbeddingShards } from './shards';
export { DEFAULT_REVISION, HUB_SPEC_PREFIX, isHubSpec, parseHubSpec, type HubModelSpec } from './spec';
