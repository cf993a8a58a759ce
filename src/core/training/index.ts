export { CorpusBuilder, DOCUMENT_BREAK, frequentTokens, type TrainingCorpus } from './corpus';
export { SKIP_GRAM_DEFAULTS, type SkipGramOptions } from './options';
export { SkipGramTrainer, type TrainingProgress } from './skipGram';
export { TrainedEmbeddings, trainedIndexOf, type TrainedEmbeddingsOptions } from './trainedEmbeddings';
export {
  describeRanges,
  encodeTrainedSafetensors,
  encodeTrainedTable,
  openTrainedTable,
  parseRanges,
  type TrainingMetadata,
} from './weightsFile';
export { BUILTIN_TABLE, NEIGHBOUR_GROUPS } from './builtin';
export { groupShare } from './groupShare';
