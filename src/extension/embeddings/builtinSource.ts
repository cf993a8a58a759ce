import { BUILTIN_TABLE } from '../../core/training/builtin';
import type { Configuration } from '../config';
import { Settings } from '../constants';

/** Where the built-in table ships in the extension: media/embeddings/. */
export const BUILTIN_TABLE_SEGMENTS: readonly string[] = ['media', 'embeddings', BUILTIN_TABLE.file];

/** Selects the built-in space, and its encoding (its rows are indexed by that encoding's ids). */
export async function selectBuiltinSource(config: Configuration): Promise<void> {
  if (config.encoding !== BUILTIN_TABLE.encoding) await config.update(Settings.encoding, BUILTIN_TABLE.encoding);
  await config.update(Settings.embeddingSource, 'builtin');
}
