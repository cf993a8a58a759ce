/**
 * The messages between the extension host and the Token Lens panel's webview, declared once: each
 * is a schema (`core/schema.ts`) that checks the message on receipt (`protocolCheck.ts`), and its
 * type is inferred from that schema, so a field cannot be added without being checked.
 */
import { PROJECTION_METHODS } from './core/projection/methods';
import { VECTOR_PROVENANCES } from './core/training/vectorProvenance';
import { type Infer, array, boolean, integer, keyed, literal, message, messages, nullable, number, object, refine, string } from './core/schema';

export { PROJECTION_METHODS, type ProjectionMethod } from './core/projection/methods';

/** Limits that keep a malformed message from costing much: far above what the panel sends. */
export const PROTOCOL_LIMITS = { tokens: 100_000, text: 1_000, export: 64 * 1024 * 1024, lossPoints: 1_000, trackedTokens: 100 } as const;

export const VECTOR_KINDS = ['word', 'position', 'input'] as const;
export type VectorKind = (typeof VECTOR_KINDS)[number];

const text = (max: number = PROTOCOL_LIMITS.text) => string({ max });
const generation = integer({ min: 1 });

/** What the plot shows; kept by the webview across reloads and told to the host. */
export const ViewSettings = object({ kind: literal(...VECTOR_KINDS), method: literal(...PROJECTION_METHODS) });
export type ViewSettings = Infer<typeof ViewSettings>;

/** What the panel shows first: the input vectors (what the model receives), by PCA. */
export const DEFAULT_VIEW: ViewSettings = { kind: 'input', method: 'pca' };

/** One token as the panel shows it. */
export const PanelToken = object({
  /** Position in the document's token sequence: the position the model sees, and the colour (index % 8). */
  index: integer(),
  id: integer(),
  /** The token's text with whitespace and invisible characters made visible (bytes such as \xE2 when `partial`). */
  text: text(),
  /** Line breaks inside the token, so the strip can break lines where the text does. */
  lineBreaks: integer(),
  special: boolean,
  /** The token holds only part of a character's UTF-8 bytes; `text` shows the bytes. */
  partial: boolean,
  /** The token lies in a chat request's framing (roles, names, function definitions), drawn in the framing colour. */
  framing: boolean,
});
export type PanelToken = Infer<typeof PanelToken>;

export const PanelMatrix = object({ label: text(), rows: integer(), columns: integer(), weights: integer(), trainable: boolean });
export type PanelMatrix = Infer<typeof PanelMatrix>;

export const PanelSource = object({
  label: text(),
  learned: boolean,
  dimension: integer({ min: 1 }),
  /** Null when positions are not limited (rotary, unknown). */
  contextLength: nullable(integer({ min: 1 })),
  /** Whether input vectors include a position vector at all. */
  addsPositions: boolean,
  matrices: array(PanelMatrix, { max: 4 }),
  /** Untrained (random), trained in miniature, or pretrained: the panel offers a trained space for the first. */
  provenance: literal(...VECTOR_PROVENANCES),
  /** That, said in one sentence for people. */
  about: text(),
});
export type PanelSource = Infer<typeof PanelSource>;

/** The webview's UI strings; the host localises them (`{0}` marks an argument). */
export const PANEL_STRING_KEYS = [
  'empty', 'scopeSelection', 'scopeDocument', 'capped', 'showDocument',
  'statTokens', 'statCharacters', 'statCharsPerToken', 'statEncoding',
  'matrixWord', 'matrixPosition', 'matrixWeights', 'matrixValues',
  'showIds', 'stripLabel', 'vectors', 'kindWord', 'kindPosition', 'kindInput',
  'method', 'methodPca', 'methodUmap', 'methodTsne', 'explained', 'aboutNeighbors', 'projecting', 'cancel', 'cancelled', 'failed',
  'zoomIn', 'zoomOut', 'resetView', 'exportSvg', 'exportPng', 'plotLabel', 'plotHelp',
  'tokenLabel', 'special', 'partial', 'framing', 'tipId', 'tipPosition', 'tipNorm', 'neighbors', 'neighborsLoading',
  'announceProjection', 'noTokens', 'offerTrained', 'trainingHeading', 'lossCurve', 'trackedTokens',
] as const;
export type PanelStringKey = (typeof PANEL_STRING_KEYS)[number];

// ── extension host → webview ──────────────────────────────────────────────────────────────

/** Sent after each `ready`: the UI strings, already localised by the host. */
export const InitMessage = message('init', { locale: text(64), strings: keyed(PANEL_STRING_KEYS, text()) });
export type InitMessage = Infer<typeof InitMessage>;

/** The tokens to show; `generation` numbers them so late answers about older tokens are dropped. */
export const TokensMessage = message('tokens', {
  generation,
  documentName: text(),
  scope: literal('selection', 'document'),
  encoding: text(),
  characters: integer(),
  /** Tokens in the scope; more than `tokens.length` when the panel's cap cut the list. */
  total: integer(),
  tokens: array(PanelToken, { max: PROTOCOL_LIMITS.tokens }),
  source: nullable(PanelSource),
  /** Why there are no tokens, or why the source is missing; shown as it is. */
  notice: nullable(text()),
});
export type TokensMessage = Infer<typeof TokensMessage>;

/** Token indices that the editor's selection covers, or (`cursor`) the tokens at its cursors. */
export const HighlightMessage = message('highlight', {
  generation,
  indices: array(integer(), { max: PROTOCOL_LIMITS.tokens }),
  /** True when nothing is selected: the tokens are marked, the others stay as they are. */
  cursor: boolean,
});
export type HighlightMessage = Infer<typeof HighlightMessage>;

export const ProgressMessage = message('progress', {
  generation,
  view: ViewSettings,
  fraction: number({ min: 0, max: 1 }),
  /** What the projection is busy with, already localised. */
  phase: text(200),
});
export type ProgressMessage = Infer<typeof ProgressMessage>;

export const ProjectionMessage = refine(
  message('projection', {
    generation,
    view: ViewSettings,
    /** x, y per token in [-1, 1], in the order of the tokens message. */
    points: array(number(), { max: 2 * PROTOCOL_LIMITS.tokens }),
    /** The length of each token's projected vector. */
    norms: array(number(), { max: PROTOCOL_LIMITS.tokens }),
    /** PCA only: share of the variance along each axis. */
    explainedVariance: nullable(array(number({ min: 0, max: 1 }), { max: 2, length: 2 })),
    note: nullable(text()),
  }),
  ({ points, norms }, path) =>
    points.length === 2 * norms.length ? undefined : `${path}.points: expected 2 numbers per norm (${norms.length}), found ${points.length}`,
);
export type ProjectionMessage = Infer<typeof ProjectionMessage>;

export const ProjectionFailedMessage = message('projectionFailed', { generation, view: ViewSettings, cancelled: boolean, message: text() });
export type ProjectionFailedMessage = Infer<typeof ProjectionFailedMessage>;

export const NeighborsMessage = message('neighbors', {
  generation,
  index: integer(),
  neighbors: array(object({ id: integer(), text: text(), cosine: number() }), { max: 100 }),
  note: nullable(text()),
});
export type NeighborsMessage = Infer<typeof NeighborsMessage>;

/** A training run (Train Embeddings on Workspace): its loss so far and the latest frame of its most frequent tokens. */
export const TrainingMessage = refine(
  message('training', {
    /** "Training on notes: epoch 2/5 · 120,000 tokens/s · loss 2.345", already localised. */
    status: text(),
    /** Share of the training done at each loss report, and the loss then (finite values only). */
    fractions: array(number({ min: 0, max: 1 }), { max: PROTOCOL_LIMITS.lossPoints }),
    losses: array(number({ min: 0 }), { max: PROTOCOL_LIMITS.lossPoints }),
    /** The tracked tokens' texts (whitespace made visible) and their points, x, y each in [-1, 1]. */
    texts: array(text(64), { max: PROTOCOL_LIMITS.trackedTokens }),
    points: array(number({ min: -1, max: 1 }), { max: 2 * PROTOCOL_LIMITS.trackedTokens }),
    done: boolean,
  }),
  ({ fractions, losses, texts, points }, path) =>
    fractions.length !== losses.length
      ? `${path}.losses: expected one per fraction (${fractions.length}), found ${losses.length}`
      : points.length !== 2 * texts.length
        ? `${path}.points: expected 2 numbers per text (${texts.length}), found ${points.length}`
        : undefined,
);
export type TrainingMessage = Infer<typeof TrainingMessage>;

export const ToWebview = messages(InitMessage, TokensMessage, HighlightMessage, ProgressMessage, ProjectionMessage, ProjectionFailedMessage, NeighborsMessage, TrainingMessage);
export type ToWebview = Infer<typeof ToWebview>;

// ── webview → extension host ──────────────────────────────────────────────────────────────

export const ReadyMessage = message('ready', { view: ViewSettings });
export type ReadyMessage = Infer<typeof ReadyMessage>;

/** The user switched vector kind or method: project again. */
export const ViewMessage = message('view', { view: ViewSettings });
export type ViewMessage = Infer<typeof ViewMessage>;

export const CancelMessage = message('cancel', {});
export type CancelMessage = Infer<typeof CancelMessage>;

/** A point or strip token was clicked: select that token in the editor. */
export const SelectMessage = message('select', { generation, index: integer() });
export type SelectMessage = Infer<typeof SelectMessage>;

/** The pointer rests on a token: send its nearest neighbours. */
export const HoverMessage = message('hover', { generation, index: integer() });
export type HoverMessage = Infer<typeof HoverMessage>;

/** Show the whole document again instead of the selection. */
export const ScopeMessage = message('scope', { scope: literal('document') });
export type ScopeMessage = Infer<typeof ScopeMessage>;

/** Save the plot: an SVG document, or a PNG as a data URL. */
export const ExportMessage = refine(message('export', { format: literal('svg', 'png'), data: text(PROTOCOL_LIMITS.export) }), ({ format, data }, path) => {
  const valid = format === 'png' ? data.startsWith('data:image/png;base64,') : /^\s*<svg[\s>]/.test(data);
  return valid ? undefined : `${path}.data: expected ${format === 'png' ? 'a PNG data URL' : 'an SVG document'}`;
});
export type ExportMessage = Infer<typeof ExportMessage>;

/** The user took the offer of a trained space: select the built-in one. */
export const UseTrainedMessage = message('useTrained', {});
export type UseTrainedMessage = Infer<typeof UseTrainedMessage>;

/** The webview dropped a message from the host that failed its check: why (the host logs it and tells the user). */
export const RejectedMessage = message('rejected', { error: text() });
export type RejectedMessage = Infer<typeof RejectedMessage>;

export const FromWebview = messages(ReadyMessage, ViewMessage, CancelMessage, SelectMessage, HoverMessage, ScopeMessage, ExportMessage, UseTrainedMessage, RejectedMessage);
export type FromWebview = Infer<typeof FromWebview>;
