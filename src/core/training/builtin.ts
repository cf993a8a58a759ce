/**
 * The built-in trained space: one truth for its name, file, encoding and training settings,
 * read by `npm run train:builtin` (which makes it), the CLI and the extension (which open it).
 */
import type { EncodingName } from '../tokenizer/encodings';
import type { SkipGramOptions } from './skipGram';

export const BUILTIN_TABLE = {
  /** What users see as the source. */
  name: 'trained (built-in)',
  /** Under media/embeddings/ in the package. */
  file: 'builtin-o200k_base-d64.safetensors',
  /** The default encoding, whose large vocabulary also holds whole Chinese characters and words. */
  encoding: 'o200k_base' as EncodingName,
  /** Tokens seen fewer times than this keep their initial rows: too few contexts to place them. */
  minCount: 3,
  training: { dimension: 64, window: 5, negatives: 5, epochs: 5, seed: 0, subsample: 1e-4, learningRate: 0.025 } satisfies Required<SkipGramOptions>,
} as const;
