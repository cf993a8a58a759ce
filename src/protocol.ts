/**
 * The messages between the extension host and the Token Lens panel's webview, the types both
 * sides import. Every message is checked on receipt (`protocolCheck.ts`, beside this file).
 */

export type VectorKind = 'word' | 'position' | 'input';
export const VECTOR_KINDS: readonly VectorKind[] = ['word', 'position', 'input'];
export { PROJECTION_METHODS, type ProjectionMethod } from './core/projection/methods';
import type { ProjectionMethod } from './core/projection/methods';

/** What the plot shows; kept by the webview across reloads and told to the host. */
export interface ViewSettings {
  readonly kind: VectorKind;
  readonly method: ProjectionMethod;
}

/** What the panel shows first: the input vectors (what the model receives), by PCA. */
export const DEFAULT_VIEW: ViewSettings = { kind: 'input', method: 'pca' };

/** One token as the panel shows it. */
export interface PanelToken {
  /** Position in the document's token sequence: the position the model sees, and the colour (index % 8). */
  readonly index: number;
  readonly id: number;
  /** The token's text with whitespace and invisible characters made visible (bytes such as \xE2 when `partial`). */
  readonly text: string;
  /** Line breaks inside the token, so the strip can break lines where the text does. */
  readonly lineBreaks: number;
  readonly special: boolean;
  /** The token holds only part of a character's UTF-8 bytes; `text` shows the bytes. */
  readonly partial: boolean;
}

export interface PanelMatrix {
  readonly label: string;
  readonly rows: number;
  readonly columns: number;
  readonly weights: number;
  readonly trainable: boolean;
}

export interface PanelSource {
  readonly label: string;
  readonly learned: boolean;
  readonly dimension: number;
  /** Undefined when positions are not limited (rotary, unknown). */
  readonly contextLength: number | null;
  /** Whether input vectors include a position vector at all. */
  readonly addsPositions: boolean;
  readonly matrices: readonly PanelMatrix[];
}

/** The webview's UI strings; the host localises them (`{0}` marks an argument). */
export type PanelStringKey =
  | 'empty' | 'scopeSelection' | 'scopeDocument' | 'capped' | 'showDocument'
  | 'statTokens' | 'statCharacters' | 'statCharsPerToken' | 'statEncoding'
  | 'matrixWord' | 'matrixPosition' | 'matrixWeights' | 'matrixValues'
  | 'showIds' | 'stripLabel' | 'vectors' | 'kindWord' | 'kindPosition' | 'kindInput'
  | 'method' | 'methodPca' | 'methodUmap' | 'methodTsne' | 'explained' | 'aboutNeighbors' | 'projecting' | 'cancel' | 'cancelled' | 'failed'
  | 'zoomIn' | 'zoomOut' | 'resetView' | 'exportSvg' | 'exportPng' | 'plotLabel' | 'plotHelp'
  | 'tokenLabel' | 'special' | 'partial' | 'tipId' | 'tipPosition' | 'tipNorm' | 'neighbors' | 'neighborsLoading'
  | 'announceProjection' | 'noTokens';

// ── extension host → webview ──────────────────────────────────────────────────────────────

/** Sent after each `ready`: the UI strings, already localised by the host. */
export interface InitMessage {
  readonly type: 'init';
  readonly locale: string;
  readonly strings: Readonly<Record<PanelStringKey, string>>;
}

/** The tokens to show; `generation` numbers them so late answers about older tokens are dropped. */
export interface TokensMessage {
  readonly type: 'tokens';
  readonly generation: number;
  readonly documentName: string;
  readonly scope: 'selection' | 'document';
  readonly encoding: string;
  readonly characters: number;
  /** Tokens in the scope; more than `tokens.length` when the panel's cap cut the list. */
  readonly total: number;
  readonly tokens: readonly PanelToken[];
  readonly source: PanelSource | null;
  /** Why there are no tokens, or why the source is missing; shown as it is. */
  readonly notice: string | null;
}

/** Token indices that the editor's selection covers, or (`cursor`) the tokens at its cursors. */
export interface HighlightMessage {
  readonly type: 'highlight';
  readonly generation: number;
  readonly indices: readonly number[];
  /** True when nothing is selected: the tokens are marked, the others stay as they are. */
  readonly cursor: boolean;
}

export interface ProgressMessage {
  readonly type: 'progress';
  readonly generation: number;
  readonly view: ViewSettings;
  readonly fraction: number;
  readonly phase: string;
}

export interface ProjectionMessage {
  readonly type: 'projection';
  readonly generation: number;
  readonly view: ViewSettings;
  /** x, y per token in [-1, 1], in the order of the tokens message. */
  readonly points: readonly number[];
  /** The length of each token's projected vector. */
  readonly norms: readonly number[];
  /** PCA only: share of the variance along each axis. */
  readonly explainedVariance: readonly number[] | null;
  readonly note: string | null;
}

export interface ProjectionFailedMessage {
  readonly type: 'projectionFailed';
  readonly generation: number;
  readonly view: ViewSettings;
  readonly cancelled: boolean;
  readonly message: string;
}

export interface NeighborsMessage {
  readonly type: 'neighbors';
  readonly generation: number;
  readonly index: number;
  readonly neighbors: readonly { readonly id: number; readonly text: string; readonly cosine: number }[];
  readonly note: string | null;
}

export type ToWebview =
  | InitMessage
  | TokensMessage
  | HighlightMessage
  | ProgressMessage
  | ProjectionMessage
  | ProjectionFailedMessage
  | NeighborsMessage;

// ── webview → extension host ──────────────────────────────────────────────────────────────

export interface ReadyMessage {
  readonly type: 'ready';
  readonly view: ViewSettings;
}

/** The user switched vector kind or method: project again. */
export interface ViewMessage {
  readonly type: 'view';
  readonly view: ViewSettings;
}

export interface CancelMessage {
  readonly type: 'cancel';
}

/** A point or strip token was clicked: select that token in the editor. */
export interface SelectMessage {
  readonly type: 'select';
  readonly generation: number;
  readonly index: number;
}

/** The pointer rests on a token: send its nearest neighbours. */
export interface HoverMessage {
  readonly type: 'hover';
  readonly generation: number;
  readonly index: number;
}

/** Show the whole document again instead of the selection. */
export interface ScopeMessage {
  readonly type: 'scope';
  readonly scope: 'document';
}

/** Save the plot: an SVG document, or a PNG as a data URL. */
export interface ExportMessage {
  readonly type: 'export';
  readonly format: 'svg' | 'png';
  readonly data: string;
}

export type FromWebview = ReadyMessage | ViewMessage | CancelMessage | SelectMessage | HoverMessage | ScopeMessage | ExportMessage;
