export { CorpusBuilder, DOCUMENT_BREAK, describeCorpus, frequentTokens, type TrainingCorpus } from './corpus';
export { SKIP_GRAM_DEFAULTS, type SkipGramOptions } from './options';
export { SkipGramTrainer, type TrainingProgress } from './skipGram';
export { TrainedEmbeddings, trainedIndexOf, type TrainedEmbeddingsOptions } from './trainedEmbeddings';
export {
  describeRanges,
  encodeTrainedSafetensors,
  trainedSafetensorsPieces,
  WRITE_BLOCK_ROWS,
  encodeTrainedTable,
  openTrainedTable,
  parseRanges,
  TRAINER_NAME,
  type TrainingMetadata,
} from './weightsFile';
export { sourceProvenance, type SourceProvenance } from './provenance';
export { VECTOR_PROVENANCES, type VectorProvenance } from './vectorProvenance';
export { BUILTIN_TABLE, NEIGHBOUR_GROUPS } from './builtin';
export { groupShare } from './groupShare';
