/** Models whose embedding shapes Token Lens can show before any weights are downloaded. */
import type { EncodingName } from '../tokenizer';
import type { InitialWeightsOptions } from './initialWeights';
import { type MatrixShape, embeddingMatrices } from './source';

export type ModelPresetId = 'gpt2' | 'gpt2-medium' | 'gpt2-large' | 'gpt2-xl' | 'gpt3';

export interface ModelPreset {
  readonly id: ModelPresetId;
  readonly label: string;
  /** d_model: the length of every embedding vector. */
  readonly dimension: number;
  readonly contextLength: number;
  readonly encoding: EncodingName;
  /** Rows of the word matrix: the encoding's ids 0 … vocabularySize − 1. */
  readonly vocabularySize: number;
  readonly positions: 'learned';
}

const gpt = (id: ModelPresetId, label: string, dimension: number, contextLength: number): ModelPreset => ({
  id,
  label,
  dimension,
  contextLength,
  encoding: 'r50k_base',
  vocabularySize: 50257,
  positions: 'learned',
});

/** Sizes from the GPT-2 paper (Radford et al., 2019, table 2) and GPT-3 paper (Brown et al., 2020, table 2.1). */
export const MODEL_PRESETS: Readonly<Record<ModelPresetId, ModelPreset>> = {
  gpt2: gpt('gpt2', 'GPT-2 small (124M)', 768, 1024),
  'gpt2-medium': gpt('gpt2-medium', 'GPT-2 medium (355M)', 1024, 1024),
  'gpt2-large': gpt('gpt2-large', 'GPT-2 large (774M)', 1280, 1024),
  'gpt2-xl': gpt('gpt2-xl', 'GPT-2 XL (1.5B)', 1600, 1024),
  gpt3: gpt('gpt3', 'GPT-3 175B (davinci)', 12288, 2048),
};

export const MODEL_PRESET_IDS = Object.keys(MODEL_PRESETS) as ModelPresetId[];

export function presetMatrices(preset: ModelPreset): MatrixShape[] {
  const { vocabularySize, dimension, contextLength } = preset;
  return embeddingMatrices({ vocabularySize, dimension, contextLength }, preset.positions);
}

/** Options for the preset's weights as they are before pre-training. */
export function presetInitialWeights(preset: ModelPreset, seed = 0): InitialWeightsOptions {
  const { vocabularySize, dimension, contextLength, positions } = preset;
  return { vocabularySize, dimension, contextLength, positions, seed };
}
