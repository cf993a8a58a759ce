/**
 * Where a source's vectors come from, for people: random initial weights (nearness means
 * nothing), trained in miniature by this trainer (built in or on the user's text), or pretrained
 * weights from a model's file.
 */
import { SafetensorsEmbeddings } from '../embeddings/safetensors/embeddingFile';
import type { EmbeddingSource } from '../embeddings/source';
import { TrainedEmbeddings } from './trainedEmbeddings';
import type { VectorProvenance } from './vectorProvenance';
import { TRAINER_NAME } from './weightsFile';


export interface SourceProvenance {
  readonly provenance: VectorProvenance;
  /** What a miniature training read ("3 files, 1,234 characters: a.md, …"), when the file says. */
  readonly corpus: string | undefined;
}

export function sourceProvenance(source: EmbeddingSource): SourceProvenance {
  if (!source.learned) return { provenance: 'untrained', corpus: undefined };
  if (source instanceof TrainedEmbeddings) return { provenance: 'miniature', corpus: undefined };
  if (source instanceof SafetensorsEmbeddings && source.metadata.trainer === TRAINER_NAME) {
    return { provenance: 'miniature', corpus: source.metadata.corpus };
  }
  return { provenance: 'pretrained', corpus: undefined };
}
