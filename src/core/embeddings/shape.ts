/**
 * The shape of initial weights, resolved from what a person chose. The extension's
 * tokenLens.embedding.* settings and the CLI's options go through this one function, with these
 * defaults and ranges, so the same choices give the same vectors in both.
 */
import type { IntegerRange } from '../integerRange';
import { type ContextWindow, DEFAULT_CONTEXT_WINDOW, contextWindow } from '../tokenizer/contextWindows';
import type { InitialPositions } from './initialWeights';
import { MODEL_PRESETS, MODEL_PRESET_IDS, type ModelPreset, type ModelPresetId } from './presets';

/** `auto` follows the encoding and the context window; a preset fixes d and the context; `custom` takes both as given. */
export type EmbeddingModel = 'auto' | ModelPresetId | 'custom';
export const EMBEDDING_MODELS: readonly EmbeddingModel[] = ['auto', ...MODEL_PRESET_IDS, 'custom'];
export const INITIAL_POSITION_KINDS: readonly InitialPositions[] = ['learned', 'sinusoidal', 'none'];

/** What sizes initial weights may take; package.json's schema declares the same ranges (a test checks). */
export const EMBEDDING_LIMITS = {
  dimension: { min: 2, max: 65_536 },
  contextLength: { min: 1, max: 10_000_000 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
} as const satisfies Record<string, IntegerRange>;

/** A person's choices for initial weights: the settings, or the CLI's options. */
export interface EmbeddingChoice {
  readonly model: EmbeddingModel;
  /** d when the model does not fix it (auto other than GPT-2's encoding, custom). */
  readonly dimension: number;
  /** The context of `custom`. */
  readonly contextLength: number;
  /** The id of the model whose context `auto` takes (CONTEXT_WINDOWS). */
  readonly contextWindow: string;
  /** That model's window when the caller has resolved it in a table of its own (the extension's, with tokenLens.models); else the built-in table's. */
  readonly window?: ContextWindow;
  readonly positions: InitialPositions;
  readonly seed: number;
}

export const EMBEDDING_DEFAULTS: EmbeddingChoice = {
  model: 'auto',
  dimension: 768,
  contextLength: 1024,
  contextWindow: DEFAULT_CONTEXT_WINDOW,
  positions: 'learned',
  seed: 0,
};

/** Where d and the context came from. */
export type ShapeBasis =
  | { readonly kind: 'preset'; readonly preset: ModelPreset }
  | { readonly kind: 'window'; readonly window: ContextWindow }
  | { readonly kind: 'custom' };

export interface ResolvedShape {
  readonly vocabularySize: number;
  readonly dimension: number;
  readonly contextLength: number;
  readonly positions: InitialPositions;
  readonly seed: number;
  readonly basis: ShapeBasis;
}

/** The shape `choice` gives for an encoding (its name and vocabulary size). */
export function resolveEmbeddingShape(encoding: { readonly name: string; readonly vocabularySize: number }, choice: EmbeddingChoice): ResolvedShape {
  const basis = shapeBasis(encoding.name, choice);
  const dimension = basis.kind === 'preset' ? basis.preset.dimension : choice.dimension;
  const contextLength = basis.kind === 'preset' ? basis.preset.contextLength : basis.kind === 'window' ? basis.window.tokens : choice.contextLength;
  return { vocabularySize: encoding.vocabularySize, dimension, contextLength, positions: choice.positions, seed: choice.seed, basis };
}

function shapeBasis(encodingName: string, choice: EmbeddingChoice): ShapeBasis {
  switch (choice.model) {
    case 'custom':
      return { kind: 'custom' };
    case 'auto':
      // GPT-2's own shape for its own encoding; otherwise the context of the model the status bar measures against.
      return encodingName === 'r50k_base' ? { kind: 'preset', preset: MODEL_PRESETS.gpt2 } : { kind: 'window', window: choice.window ?? contextWindow(choice.contextWindow) };
    default:
      return { kind: 'preset', preset: MODEL_PRESETS[choice.model] };
  }
}
