import { EMBEDDING_DEFAULTS, EMBEDDING_LIMITS } from '../core/embeddings/shape';
import type { IntegerRange } from '../core/integerRange';
import { DEFAULT_BUDGET_THRESHOLDS } from '../core/models';
import { DEFAULT_SIZE_CAP } from '../core/workspace/walk';

/** Every id the manifest and the code share, in one place. */
export const Commands = {
  toggleHighlighting: 'tokenLens.toggleHighlighting',
  selectEncoding: 'tokenLens.selectEncoding',
  selectTokenizer: 'tokenLens.selectTokenizer',
  compareTokenizers: 'tokenLens.compareTokenizers',
  countTokens: 'tokenLens.countTokens',
  copyTokenIds: 'tokenLens.copyTokenIds',
  selectEmbeddingSource: 'tokenLens.selectEmbeddingSource',
  showEmbeddingDetails: 'tokenLens.showEmbeddingDetails',
  exportEmbeddings: 'tokenLens.exportEmbeddings',
  showPanel: 'tokenLens.showPanel',
  openSample: 'tokenLens.openSample',
  exportWorkspaceCounts: 'tokenLens.exportWorkspaceCounts',
  refreshWorkspaceCounts: 'tokenLens.refreshWorkspaceCounts',
  sortWorkspaceCounts: 'tokenLens.sortWorkspaceCounts',
  trainEmbeddings: 'tokenLens.trainEmbeddings',
} as const;

/** The chat agents' tools (package.json `languageModelTools`). */
export const AgentTools = {
  countTokens: 'tokenLens_countTokens',
  splitTokens: 'tokenLens_splitTokens',
} as const;

/** The Explorer view of token counts (package.json `views.explorer`). */
export const WorkspaceViewId = 'tokenLens.workspaceCounts';

/** The panel's webview type, also named in the manifest's `onWebviewPanel` activation event. */
export const PanelViewType = 'tokenLens.panel';

/** The compare-tokenizers webview's type. */
export const CompareViewType = 'tokenLens.compare';

export const ConfigSection = 'tokenLens';

export const Settings = {
  highlightEnabled: 'highlight.enabled',
  whitespaceMarkers: 'highlight.whitespaceMarkers',
  encoding: 'encoding',
  allowSpecialTokens: 'allowSpecialTokens',
  contextWindow: 'contextWindow',
  maxDocumentSize: 'maxDocumentSize',
  workspaceMaxFileSize: 'workspace.maxFileSize',
  embeddingSource: 'embedding.source',
  embeddingModel: 'embedding.model',
  embeddingDimension: 'embedding.dimension',
  embeddingContextLength: 'embedding.contextLength',
  embeddingPositions: 'embedding.positions',
  embeddingSeed: 'embedding.seed',
  embeddingWeightsPath: 'embedding.weightsPath',
  panelMaxTokens: 'panel.maxTokens',
  hubEndpoint: 'hub.endpoint',
  models: 'models',
  budgetWarning: 'budget.warning',
  budgetError: 'budget.error',
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
  [Settings.workspaceMaxFileSize]: { min: 1000, max: 50_000_000, default: DEFAULT_SIZE_CAP },
  [Settings.panelMaxTokens]: { min: 1, max: 10_000, default: 2000 },
  [Settings.embeddingDimension]: { ...EMBEDDING_LIMITS.dimension, default: EMBEDDING_DEFAULTS.dimension },
  [Settings.embeddingContextLength]: { ...EMBEDDING_LIMITS.contextLength, default: EMBEDDING_DEFAULTS.contextLength },
  [Settings.embeddingSeed]: { ...EMBEDDING_LIMITS.seed, default: EMBEDDING_DEFAULTS.seed },
} as const satisfies Partial<Record<SettingKey, NumericSetting>>;

export type NumericSettingKey = keyof typeof NumericSettings;

/** Groups of settings, for `affectsConfiguration` on all of them at once. */
export const SettingGroups = { embedding: 'embedding', panel: 'panel', budget: 'budget' } as const;

/**
 * Settings that are shares of the context window (0.8 is 80%), read through core's
 * parseBudgetThresholds: package.json declares them `number` with these bounds (a unit test compares).
 */
export const ShareSettings = {
  [Settings.budgetWarning]: { exclusiveMinimum: 0, maximum: 10, default: DEFAULT_BUDGET_THRESHOLDS.warning },
  [Settings.budgetError]: { exclusiveMinimum: 0, maximum: 10, default: DEFAULT_BUDGET_THRESHOLDS.error },
} as const satisfies Partial<Record<SettingKey, { exclusiveMinimum: number; maximum: number; default: number }>>;

/** The id a person sees and package.json declares: `settingId('embedding.dimension')` is `tokenLens.embedding.dimension`. */
export function settingId(key: SettingKey | (typeof SettingGroups)[keyof typeof SettingGroups]): string {
  return `${ConfigSection}.${key}`;
}

/** VS Code's command that opens the Settings editor at a setting; Markdown linking to it must enable it (`isTrusted: { enabledCommands }`). */
export const OPEN_SETTINGS_COMMAND = 'workbench.action.openSettings';

/** For Markdown only: the setting's id in code, a link that opens it in the Settings editor. */
export function settingLink(key: SettingKey): string {
  const id = settingId(key);
  return `[\`${id}\`](command:${OPEN_SETTINGS_COMMAND}?${encodeURIComponent(JSON.stringify([id]))})`;
}

export const StatusBarId = 'tokenLens.status';

/** Keys of what the extension remembers in its global state (not settings: paths on this machine). */
export const StateKeys = {
  /** The open model in use (a folder with tokenizer.json); absent: the encoding setting. */
  openModel: 'tokenLens.openModel',
  recentModels: 'tokenLens.recentModels',
  /** The Hugging Face token, in SecretStorage. */
  hubToken: 'tokenLens.hub.token',
} as const;

/** Context keys the extension sets, for `when` clauses in package.json. */
export const ContextKeys = {
  /** True in VS Code for the Web's extension host (no Node): commands that need Node are hidden. */
  webHost: 'tokenLens.webHost',
} as const;

/** Theme colour ids from `contributes.colors`. */
export const Colors = {
  tokenBackgrounds: Array.from({ length: 8 }, (_, i) => `tokenLens.token${i + 1}Background`),
  tokenBorder: 'tokenLens.tokenBorder',
  specialBackground: 'tokenLens.specialTokenBackground',
  specialForeground: 'tokenLens.specialTokenForeground',
  whitespaceMarker: 'tokenLens.whitespaceMarkerForeground',
  chatFramingBackground: 'tokenLens.chatFramingBackground',
} as const;
