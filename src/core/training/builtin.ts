/**
 * The built-in trained space: one truth for its name, file, encoding and training settings,
 * read by `npm run train:builtin` (which makes it), the CLI and the extension (which open it).
 */
import type { EncodingName } from '../tokenizer/encodings';
import type { SkipGramOptions } from './options';

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

/**
 * Groups whose members a trained space should put near each other, as token texts the way they
 * occur mid-sentence (English words after a space; digits and Chinese characters bare).
 */
export const NEIGHBOUR_GROUPS: Readonly<Record<string, readonly string[]>> = {
  weekdays: [' Monday', ' Tuesday', ' Wednesday', ' Thursday', ' Friday', ' Saturday', ' Sunday'],
  months: [' January', ' February', ' March', ' April', ' May', ' June', ' July', ' August', ' September', ' October', ' November', ' December'],
  digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'English number words': [' one', ' two', ' three', ' four', ' five', ' six', ' seven', ' eight', ' nine', ' ten'],
  'Chinese numerals': ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'],
};
