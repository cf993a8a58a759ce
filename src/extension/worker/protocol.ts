/**
 * Messages between the extension host and its compute worker. The worker owns every embedding
 * source (it opens weight files; the host only describes them with an EmbeddingSourceSpec) and
 * answers each request with a reply typed by the request's `type`.
 */
import type { EmbeddingShape, MatrixShape, Neighbor, PositionKind, TokenVectorKind } from '../../core/embeddings';
import type { ProjectionMethod, ProjectionPhase } from '../../core/projection';
import type { TrainingProgress, VectorProvenance } from '../../core/training';
import type { EmbeddingSourceSpec } from '../embeddings/sourceSpec';
import type { HfTokenizerData } from '../../core/hf';
import type { ChatRenders, ChatTemplateSpec, TemplateMessage } from '../../core/chat';

/** Everything the host keeps of a source opened in the worker: all but its rows. */
export interface SourceDescription {
  readonly name: string;
  readonly learned: boolean;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind;
  readonly matrices: readonly MatrixShape[];
  /** Untrained (random initial weights), trained in miniature, or pretrained. */
  readonly provenance: VectorProvenance;
  /** What a miniature training read, when its file says. */
  readonly corpus: string | undefined;
}

/** Opens the source (kept open for the requests that name it) and describes it. */
export interface OpenRequest {
  readonly type: 'open';
  readonly source: EmbeddingSourceSpec;
}

/** Rows [firstId, firstId + count) of the word matrix, back to back. */
export interface WordRowsRequest {
  readonly type: 'wordRows';
  readonly source: EmbeddingSourceSpec;
  readonly firstId: number;
  readonly count: number;
}

/** Row `position` of the position table; undefined outside the context or when nothing is added. */
export interface PositionVectorRequest {
  readonly type: 'positionVector';
  readonly source: EmbeddingSourceSpec;
  readonly position: number;
}

/** Closes the source (its file) and drops its neighbour index: the host moved to another source. */
export interface ReleaseRequest {
  readonly type: 'release';
  readonly source: EmbeddingSourceSpec;
}

/** Reads and parses a model folder's tokenizer.json (files are the worker's; the host gets the parsed tables). */
export interface LoadTokenizerRequest {
  readonly type: 'loadTokenizer';
  /** A model folder (or a tokenizer.json in one), or hub:ORG/NAME[@REVISION]. */
  readonly spec: string;
  /** Where compiled tokenizers (and Hub downloads) are cached: the extension's global storage. */
  readonly cacheDir: string;
  /** For hub: specs: the endpoint setting and the stored token (downloads go under cacheDir). */
  readonly hub?: { readonly endpoint?: string; readonly token?: string };
  /** For hub: specs opened from the Hub afresh: download the files again if the revision moved since they were cached. */
  readonly revalidate?: boolean;
}

/** Renders chats with an open model's chat_template: here a slow or hostile template holds up no other extension. */
export interface RenderChatRequest {
  readonly type: 'renderChat';
  readonly template: ChatTemplateSpec;
  /** Each request's messages, in the document's order. */
  readonly chats: readonly (readonly TemplateMessage[])[];
}

/** Each request's renders; or why there are none, `unusable` when the template will never give any (it does not parse, or ran past its budgets). */
export type RenderChatResult = { readonly renders: readonly ChatRenders[] } | { readonly failure: string; readonly unusable: boolean };

/** What the worker holds, for tests and diagnostics. */
export interface StatsRequest {
  readonly type: 'stats';
}

export interface WorkerStats {
  /** Sources held open, by spec key. */
  readonly sources: readonly string[];
  /** Neighbour indexes held (built or building), by spec key. */
  readonly indexes: readonly string[];
  /** Weight files whose handle is open. */
  readonly openFiles: number;
  /** The worker's JavaScript heap limit in MB (bounded by resourceLimits); undefined in a browser's Web Worker, which sets none. */
  readonly heapLimitMb: number | undefined;
}

export interface NeighborsRequest {
  readonly type: 'neighbors';
  readonly source: EmbeddingSourceSpec;
  /** Token id whose row is the query. */
  readonly id: number;
  readonly k: number;
}

export interface NeighborsResult {
  /** Best first; none when the query's own row holds NaN or ±Infinity. */
  readonly neighbors: Neighbor[];
  /** Rows of the word matrix left out of every answer for holding NaN or ±Infinity. */
  readonly nonFiniteRows: number;
}

export interface ProjectRequest {
  readonly type: 'project';
  /** rows × dimension, row-major. */
  readonly vectors: Float32Array;
  readonly rows: number;
  readonly dimension: number;
  readonly method: ProjectionMethod;
  readonly seed: number;
}

export interface ProjectResult {
  /** rows × 2, row-major. */
  readonly points: Float32Array;
  /** PCA only: share of the variance each of the two axes explains. */
  readonly explainedVariance?: readonly number[];
}

/** Gathers the tokens' vectors from the source in the worker, then projects them. */
export interface ProjectTokensRequest {
  readonly type: 'projectTokens';
  readonly source: EmbeddingSourceSpec;
  readonly ids: Int32Array;
  /** Each token's position in its document. */
  readonly positions: Int32Array;
  readonly kind: TokenVectorKind;
  readonly method: ProjectionMethod;
  readonly seed: number;
}

export interface ProjectTokensResult extends ProjectResult {
  /** Length of each token's vector. */
  readonly norms: Float32Array;
  /** Tokens that have no position vector (past the context, or none in the source). */
  readonly withoutPosition: number;
}

/** Trains skip-gram embeddings on a folder's text files; what was learned is held until `saveTraining`. */
export interface TrainRequest {
  readonly type: 'train';
  /** Absolute path of the folder to walk. */
  readonly folder: string;
  /** Glob of the files to read, relative to the folder. */
  readonly include: string;
  /** The folder's `files.exclude` setting, as VS Code holds it. */
  readonly exclude: unknown;
  /** Files larger than this many bytes are skipped. */
  readonly sizeCap: number;
  /** The encoding's rank file (dist/ranks/NAME.tlr). */
  readonly ranksFile: string;
  readonly dimension: number;
  readonly epochs: number;
  readonly seed: number;
}

export interface TrainResult {
  /** Names what was learned for `saveTraining`; undefined when the files held no tokens. */
  readonly job: number | undefined;
  /** Cancelled before the last epoch ended. */
  readonly stopped: boolean;
  readonly progress: TrainingProgress;
  /** "3 files, 1,234 characters: a.md, …", as the file's metadata records it. */
  readonly corpus: string;
  readonly files: number;
  readonly tokens: number;
  /** Root-relative paths of the files not read, by reason. */
  readonly skipped: { readonly binary: readonly string[]; readonly tooLarge: readonly string[]; readonly unreadable: readonly string[] };
  /** files.exclude entries that are not globs (said, then ignored). */
  readonly excludeErrors: readonly string[];
}

/** Writes what a training learned to `out` (.safetensors), or drops it when `out` is undefined. */
export interface SaveTrainingRequest {
  readonly type: 'saveTraining';
  readonly job: number;
  readonly out: string | undefined;
}

/** What a training reports while it runs. */
export type TrainingUpdate =
  | { readonly stage: 'reading'; readonly files: number; readonly characters: number }
  | {
      readonly stage: 'training';
      readonly progress: TrainingProgress;
      /** The loss after each step since the last report, with the share of the training done then. */
      readonly losses: readonly { readonly fraction: number; readonly loss: number }[];
      readonly snapshot?: TrainingSnapshot;
    };

/** The tracked (most frequent) tokens' rows now, projected to 2-D: frames of the moving picture. */
export interface TrainingSnapshot {
  /** The tokens' texts, in the order of `points`. */
  readonly texts: readonly string[];
  /** x, y per token in [-1, 1]; the axes keep their signs from frame to frame. */
  readonly points: readonly number[];
}

export type WorkerRequest =
  | OpenRequest
  | WordRowsRequest
  | PositionVectorRequest
  | ReleaseRequest
  | StatsRequest
  | NeighborsRequest
  | ProjectRequest
  | ProjectTokensRequest
  | LoadTokenizerRequest
  | RenderChatRequest
  | TrainRequest
  | SaveTrainingRequest;

/** The result of each request type: one entry per request, no more (checked by the mapped types below). */
export interface WorkerResults {
  open: SourceDescription;
  wordRows: Float32Array;
  positionVector: Float32Array | undefined;
  /** Whether the worker held the source. */
  release: boolean;
  stats: WorkerStats;
  neighbors: NeighborsResult;
  project: ProjectResult;
  projectTokens: ProjectTokensResult;
  loadTokenizer: HfTokenizerData;
  renderChat: RenderChatResult;
  train: TrainResult;
  /** The path written, undefined when dropped. */
  saveTraining: string | undefined;
}

export type WorkerRequestType = WorkerRequest['type'] & keyof WorkerResults;

/** A reply: the request's type and its result, so the host can check they match. */
export type WorkerReply = { [K in WorkerRequestType]: { readonly type: K; readonly result: WorkerResults[K] } }[WorkerRequestType];

/**
 * What the worker is busy with: a projection's phases, `gather` (reading the tokens' rows) and
 * `index` (quantising the word matrix for neighbour search). The host names each one.
 */
export type WorkerPhase = ProjectionPhase | 'gather' | 'index' | 'download';

/** The host's answer to a worker's `read` (VS Code for the Web: the worker has no file system, the host reads through workspace.fs). */
export type FileReply = { readonly read: number; readonly bytes: Uint8Array } | { readonly read: number; readonly error: string };

export type ToWorker = { readonly id: number; readonly request: WorkerRequest } | { readonly id: number; readonly cancel: true } | FileReply;

/** The worker asks the host for a file's bytes (`path` as the host named it: a URI in VS Code for the Web). */
export interface FileRead {
  readonly read: number;
  readonly path: string;
}

export type FromWorker =
  | { readonly id: number; readonly progress: number; readonly phase: WorkerPhase }
  | { readonly id: number; readonly training: TrainingUpdate }
  | ({ readonly id: number } & WorkerReply)
  | { readonly id: number; readonly error: string; readonly cancelled: boolean; readonly reason?: WorkerErrorReason }
  | FileRead;

/** A failure the host words itself (in the UI's language), beside the worker's English message. */
export type WorkerErrorReason = { readonly kind: 'wholeWordTable'; readonly model: string; readonly megabytes: string };

/** An error thrown in the worker with a reason the host words. */
export class ReasonedError extends Error {
  constructor(
    message: string,
    readonly reason: WorkerErrorReason,
  ) {
    super(message);
  }
}
