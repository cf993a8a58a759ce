import { EMBEDDING_DEFAULTS, EMBEDDING_LIMITS } from '../core/embeddings/shape';
import type { IntegerRange } from '../core/integerRange';

/** Every id the manifest and the code share, in one place. */
export const Commands = {
  toggleHighlighting: 'tokenLens.toggleHighlighting',
  selectEncoding: 'tokenLens.selectEncoding',
  countTokens: 'tokenLens.countTokens',
  copyTokenIds: 'tokenLens.copyTokenIds',
  selectEmbeddingSource: 'tokenLens.selectEmbeddingSource',
  showEmbeddingDetails: 'tokenLens.showEmbeddingDetails',
  exportEmbeddings: 'tokenLens.exportEmbeddings',
  showPanel: 'tokenLens.showPanel',
  trainEmbeddings: 'tokenLens.trainEmbeddings',
} as const;

/** The panel's webview type, also named in the manifest's `onWebviewPanel` activation event. */
export const PanelViewType = 'tokenLens.panel';

export const ConfigSection = 'tokenLens';

export const Settings = {
  highlightEnabled: 'highlight.enabled',
  whitespaceMarkers: 'highlight.whitespaceMarkers',
  encoding: 'encoding',
  allowSpecialTokens: 'allowSpecialTokens',
  contextWindow: 'contextWindow',
  maxDocumentSize: 'maxDocumentSize',
  embeddingSource: 'embedding.source',
  embeddingModel: 'embedding.model',
  embeddingDimension: 'embedding.dimension',
  embeddingContextLength: 'embedding.contextLength',
  embeddingPositions: 'embedding.positions',
  embeddingSeed: 'embedding.seed',
  embeddingWeightsPath: 'embedding.weightsPath',
  panelMaxTokens: 'panel.maxTokens',
} as const;

/** The values of `embedding.source`, as package.json's enum lists them (a unit test compares). */
export const EMBEDDING_SOURCES = ['initial', 'builtin', 'file'] as const;
export type EmbeddingSourceKind = (typeof EMBEDDING_SOURCES)[number];

export type SettingKey = (typeof Settings)[keyof typeof Settings];

/** A numeric setting's range and default. */
export interface NumericSetting extends IntegerRange {
  readonly default: number;
}

/**
 * Every numeric setting's range and default, as package.json's schema declares them (a unit test
 * compares). The schema only warns; Configuration clamps to these, so a workspace cannot ask for more.
 */
export const NumericSettings = {
  [Settings.maxDocumentSize]: { min: 1000, max: 50_000_000, default: 10_000_000 },
  [Settings.panelMaxTokens]: { min: 1, max: 10_000, default: 2000 },
  [Settings.embeddingDimension]: { ...EMBEDDING_LIMITS.dimension, default: EMBEDDING_DEFAULTS.dimension },
  [Settings.embeddingContextLength]: { ...EMBEDDING_LIMITS.contextLength, default: EMBEDDING_DEFAULTS.contextLength },
  [Settings.embeddingSeed]: { ...EMBEDDING_LIMITS.seed, default: EMBEDDING_DEFAULTS.seed },
} as const satisfies Partial<Record<SettingKey, NumericSetting>>;

export type NumericSettingKey = keyof typeof NumericSettings;

/** Groups of settings, for `affectsConfiguration` on all of them at once. */
export const SettingGroups = { embedding: 'embedding', panel: 'panel' } as const;

/** The id a person sees and package.json declares: `settingId('embedding.dimension')` is `tokenLens.embedding.dimension`. */
export function settingId(key: SettingKey | (typeof SettingGroups)[keyof typeof SettingGroups]): string {
  return `${ConfigSection}.${key}`;
}

export const StatusBarId = 'tokenLens.status';

/** Theme colour ids from `contributes.colors`. */
export const Colors = {
  tokenBackgrounds: Array.from({ length: 8 }, (_, i) => `tokenLens.token${i + 1}Background`),
  tokenBorder: 'tokenLens.tokenBorder',
  specialBackground: 'tokenLens.specialTokenBackground',
  specialForeground: 'tokenLens.specialTokenForeground',
  whitespaceMarker: 'tokenLens.whitespaceMarkerForeground',
} as const;
