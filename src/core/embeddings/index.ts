export {
  type EmbeddingShape,
  type EmbeddingSource,
  type MatrixShape,
  type PositionKind,
  embeddingMatrices,
  hasPositionVectors,
  insideContext,
} from './source';
export { InitialWeights, INITIAL_STANDARD_DEVIATION, type InitialPositions, type InitialWeightsOptions } from './initialWeights';
export { InMemoryEmbeddings, type InMemoryEmbeddingsOptions } from './inMemory';
export { MODEL_PRESETS, MODEL_PRESET_IDS, presetInitialWeights, presetMatrices, type ModelPreset, type ModelPresetId } from './presets';
export {
  EMBEDDING_DEFAULTS,
  EMBEDDING_LIMITS,
  EMBEDDING_MODELS,
  INITIAL_POSITION_KINDS,
  resolveEmbeddingShape,
  type EmbeddingChoice,
  type EmbeddingModel,
  type ResolvedShape,
  type ShapeBasis,
} from './shape';
export { sinusoidalPositionVector } from './sinusoidal';
export { embedToken, embedTokens, type TokenEmbedding } from './tokenEmbedding';
export { tokenVectorMatrix, type GatherSignal, type TokenVectorKind, type TokenVectorMatrix } from './tokenVectors';
export { addVectors, allFinite, cosineSimilarity, dot, float32ForJson, float32ToString, l2Norm } from './vectorMath';
export {
  findNearestRows,
  NeighborIndex,
  type NearestOptions,
  type Neighbor,
  type NeighborIndexOptions,
  type NeighborQuery,
  type ScanOptions,
} from './neighbors';
export { type ScanKernel } from './int8Scan';
export { projectorTsv, escapeTsvField, type ProjectorFiles, type ProjectorPoint } from './projector';
export { bytesReader, ReadError, type RandomAccessReader } from './randomAccess';
export { WORD_TENSOR_NAMES, findEmbeddingTensors, type EmbeddingTensorNames } from './safetensors/tensorNames';
export { SafetensorsError } from './safetensors/errors';
export { MAX_HEADER_BYTES, readSafetensorsHeader, parseSafetensorsHeader, type SafetensorsHeader, type TensorInfo } from './safetensors/header';
export {
  DTYPE_BYTES,
  FLOAT_DTYPES,
  decodeFloats,
  encodeFloats,
  floatToBfloat16,
  floatToHalf,
  halfToFloat,
  type FloatDtype,
  type SafetensorsDtype,
} from './safetensors/dtypes';
export { openSafetensorsEmbeddings, SafetensorsEmbeddings, type SafetensorsEmbeddingsOptions } from './safetensors/embeddingFile';
export {
  encodeSafetensors,
  encodeSafetensorsRaw,
  planSafetensors,
  type Float32Tensor,
  type RawTensor,
  type SafetensorsLayout,
  type TensorPlacement,
  type TensorSpec,
} from './safetensors/writer';
