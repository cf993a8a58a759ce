/**
 * The files training produces. A full `.safetensors` (`wte.weight`, vocabulary × d) that any
 * reader of weights files opens, and a compact table (only the trained rows, 8-bit with a
 * scale per row, plus their ids) for the built-in space, opened back as TrainedEmbeddings.
 */
import { bytesReader } from '../embeddings/randomAccess';
import { decodeFloats, encodeFloats } from '../embeddings/safetensors/dtypes';
import { SafetensorsError } from '../embeddings/safetensors/errors';
import { readSafetensorsHeader, type TensorInfo } from '../embeddings/safetensors/header';
import { encodeSafetensorsRaw, planSafetensors } from '../embeddings/safetensors/writer';
import { TrainedEmbeddings } from './trainedEmbeddings';

/** The `trainer` a file this trainer wrote records in its metadata: how a reader knows it was trained in miniature. */
export const TRAINER_NAME = 'token-lens skip-gram with negative sampling';

/** What a trained file records about how it was made (all strings in the file). */
export interface TrainingMetadata {
  readonly encoding: string;
  /** "3 files, 1.2 MB: a.md, b.md, …". */
  readonly corpus: string;
  readonly tokensTrained: number;
  readonly finalLoss: number;
  readonly window: number;
  readonly negatives: number;
  readonly epochs: number;
  /** More `key: value` facts for the header (e.g. a fingerprint that lets a test check regeneration cheaply). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** `wte.weight` of every id, trained rows over initial ones, with the metadata the issue lists. */
export function encodeTrainedSafetensors(embeddings: TrainedEmbeddings, metadata: TrainingMetadata, dtype: 'F32' | 'F16' = 'F32'): Uint8Array {
  const pieces = [...trainedSafetensorsPieces(embeddings, metadata, dtype)];
  const file = new Uint8Array(pieces.reduce((size, piece) => size + piece.length, 0));
  pieces.reduce((at, piece) => (file.set(piece, at), at + piece.length), 0);
  return file;
}

/** Rows encoded at a time by trainedSafetensorsPieces: a few MB at d = 1,024. */
export const WRITE_BLOCK_ROWS = 1024;

/**
 * encodeTrainedSafetensors as pieces to write one after another (the header, then blocks of rows), so
 * that a large table is never whole in memory: GPT-4o's 200,019 rows at d = 4,096 are 3.3 GB as F32.
 */
export function* trainedSafetensorsPieces(embeddings: TrainedEmbeddings, metadata: TrainingMetadata, dtype: 'F32' | 'F16' = 'F32'): Generator<Uint8Array> {
  const { vocabularySize, dimension } = embeddings.shape;
  const layout = planSafetensors([{ name: 'wte.weight', shape: [vocabularySize, dimension], dtype }], fileMetadata(embeddings, metadata));
  yield layout.header;
  const block = new Float32Array(Math.min(WRITE_BLOCK_ROWS, vocabularySize) * dimension);
  for (let first = 0; first < vocabularySize; first += WRITE_BLOCK_ROWS) {
    const count = Math.min(WRITE_BLOCK_ROWS, vocabularySize - first);
    yield encodeFloats(embeddings.fillWordRows(first, count, block.subarray(0, count * dimension)), dtype);
  }
}

const TABLE_TENSORS = { ids: 'trained.ids', rows: 'trained.rows', scales: 'trained.scales' } as const;

/** Only the trained rows: ids (I32), rows as int8 × a float32 scale per row (max |value| / 127). */
export function encodeTrainedTable(embeddings: TrainedEmbeddings, metadata: TrainingMetadata): Uint8Array {
  const { dimension } = embeddings.shape;
  const count = embeddings.ids.length;
  const quantised = new Int8Array(count * dimension);
  const scales = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let largest = 0;
    for (let j = 0; j < dimension; j++) largest = Math.max(largest, Math.abs(embeddings.rows[i * dimension + j]));
    const scale = Math.fround(largest / 127);
    scales[i] = scale;
    for (let j = 0; j < dimension; j++) {
      quantised[i * dimension + j] = scale > 0 ? Math.round(embeddings.rows[i * dimension + j] / scale) : 0;
    }
  }
  const littleEndian = (array: Int32Array | Float32Array): Uint8Array => {
    const bytes = new Uint8Array(array.length * 4);
    const view = new DataView(bytes.buffer);
    array.forEach((value, i) => (array instanceof Int32Array ? view.setInt32(i * 4, value, true) : view.setFloat32(i * 4, value, true)));
    return bytes;
  };
  return encodeSafetensorsRaw(
    [
      { name: TABLE_TENSORS.ids, dtype: 'I32', shape: [count], bytes: littleEndian(embeddings.ids) },
      { name: TABLE_TENSORS.rows, dtype: 'I8', shape: [count, dimension], bytes: new Uint8Array(quantised.buffer) },
      { name: TABLE_TENSORS.scales, dtype: 'F32', shape: [count], bytes: littleEndian(scales) },
    ],
    { ...fileMetadata(embeddings, metadata), trained_rows: `${count} (see ${TABLE_TENSORS.ids})`, format: 'token-lens trained table' },
  );
}

/** Opens a compact table; untrained rows are the initial weights of the seed it records. */
export async function openTrainedTable(bytes: Uint8Array, file: string, name = file): Promise<TrainedEmbeddings> {
  const header = await readSafetensorsHeader(bytesReader(bytes), file);
  const tensor = (key: keyof typeof TABLE_TENSORS, dtype: string, rank: number): TensorInfo => {
    const info = header.tensors.get(TABLE_TENSORS[key]);
    if (!info || info.dtype !== dtype || info.shape.length !== rank) {
      const found = info ? `${info.dtype} [${info.shape.join(', ')}]` : 'nothing';
      throw new SafetensorsError(file, `expected "${TABLE_TENSORS[key]}" to be a ${rank}-D ${dtype} tensor, found ${found}`);
    }
    return info;
  };
  const integer = (key: string): number => {
    const value = Number(header.metadata[key]);
    if (!Number.isSafeInteger(value) || value < 0) throw new SafetensorsError(file, `expected metadata "${key}" to be an integer ≥ 0, found ${JSON.stringify(header.metadata[key])}`);
    return value;
  };
  const idsInfo = tensor('ids', 'I32', 1);
  const rowsInfo = tensor('rows', 'I8', 2);
  const scalesInfo = tensor('scales', 'F32', 1);
  const [count, dimension] = rowsInfo.shape;
  if (idsInfo.shape[0] !== count || scalesInfo.shape[0] !== count || dimension !== integer('dimension')) {
    throw new SafetensorsError(file, `expected ${count} ids, ${count} scales and d = ${integer('dimension')}, found ${idsInfo.shape[0]}, ${scalesInfo.shape[0]} and ${dimension}`);
  }
  const ids = new Int32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) ids[i] = view.getInt32(idsInfo.begin + i * 4, true);
  const scales = decodeFloats(bytes.slice(scalesInfo.begin, scalesInfo.end), 'F32');
  const rows = new Float32Array(count * dimension);
  for (let i = 0; i < count * dimension; i++) {
    rows[i] = view.getInt8(rowsInfo.begin + i) * scales[Math.floor(i / dimension)];
  }
  try {
    return new TrainedEmbeddings({ name, vocabularySize: integer('vocabulary_size'), dimension, seed: integer('seed'), ids, rows });
  } catch (error) {
    throw new SafetensorsError(file, (error as Error).message);
  }
}

function fileMetadata(embeddings: TrainedEmbeddings, metadata: TrainingMetadata): Record<string, string> {
  return {
    format: 'pt',
    trainer: TRAINER_NAME,
    encoding: metadata.encoding,
    vocabulary_size: String(embeddings.shape.vocabularySize),
    dimension: String(embeddings.shape.dimension),
    seed: String(embeddings.seed),
    corpus: metadata.corpus,
    tokens_trained: String(metadata.tokensTrained),
    final_loss: String(metadata.finalLoss),
    window: String(metadata.window),
    negatives: String(metadata.negatives),
    epochs: String(metadata.epochs),
    trained_rows: describeRanges(embeddings.ids),
    ...metadata.extra,
  };
}

/** Ascending ids as "0-4,7,9-12": the list of trained rows, short enough for a header. */
export function describeRanges(ids: Int32Array): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    parts.push(i === j ? String(ids[i]) : `${ids[i]}-${ids[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The inverse of describeRanges. */
export function parseRanges(text: string): Int32Array {
  if (text === '') return new Int32Array(0);
  const ids: number[] = [];
  for (const part of text.split(',')) {
    const [first, last = first] = part.split('-').map(Number);
    for (let id = first; id <= last; id++) ids.push(id);
  }
  return Int32Array.from(ids);
}
