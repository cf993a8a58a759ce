/** A corpus with planted structure: tokens co-occur only with the members of their own group. */
import { SeededRandom } from '../../../src/core/projection/random';
import { CorpusBuilder, type TrainingCorpus } from '../../../src/core/training';

export interface PlantedCorpus {
  readonly corpus: TrainingCorpus;
  /** Token ids, one array per group. */
  readonly groups: readonly (readonly number[])[];
}

/** `groupCount` groups of `groupSize` ids scattered over a vocabulary of `vocabularySize`; each document draws from one group. */
export function plantedCorpus(options: { vocabularySize: number; groupCount: number; groupSize: number; documents: number; length: number }): PlantedCorpus {
  const { vocabularySize, groupCount, groupSize, documents, length } = options;
  const random = new SeededRandom(12345);
  const groups = Array.from({ length: groupCount }, (_, g) =>
    Array.from({ length: groupSize }, (_, m) => 3 + ((g * groupSize + m) * 37) % (vocabularySize - 3)),
  );
  const builder = new CorpusBuilder(vocabularySize);
  for (let doc = 0; doc < documents; doc++) {
    const group = groups[doc % groupCount];
    builder.add(Array.from({ length }, () => group[random.nextInt(groupSize)]));
  }
  return { corpus: builder.finish(), groups };
}
