/**
 * A model's trained embeddings, read row by row from a .safetensors file: only the header
 * is read on open, then each vector is one small read at a computed offset.
 */
import { type RandomAccessReader } from '../randomAccess';
import {
  type EmbeddingShape,
  type EmbeddingSource,
  type MatrixShape,
  type PositionKind,
  checkPosition,
  checkWordId,
  checkWordRange,
  embeddingMatrices,
  insideContext,
  rowsBuffer,
} from '../source';
import { DTYPE_BYTES, type FloatDtype, FLOAT_DTYPES, LITTLE_ENDIAN_HOST, decodeFloats, isFloatDtype } from './dtypes';
import { SafetensorsError } from './errors';
import { type SafetensorsHeader, type TensorInfo, readOrFail, readSafetensorsHeader } from './header';
import { type EmbeddingTensorNames, WORD_TENSOR_NAMES, findEmbeddingTensors } from './tensorNames';

export interface SafetensorsEmbeddingsOptions {
  /** How the file is named in errors and as the source name (usually its path). */
  readonly file: string;
  /** The encoding whose ids index the rows: the word table needs at least `vocabularySize` rows. */
  readonly encoding?: { readonly name: string; readonly vocabularySize: number };
  /** Where the position table is when a sharded model keeps it in another file than the word table. */
  readonly positionShard?: { readonly reader: RandomAccessReader; readonly header: SafetensorsHeader };
  /**
   * The tables a sharded index names (`index` is its name for messages): the word table must be in
   * this file and the position table in `positionShard`, or here without one — never found elsewhere.
   */
  readonly indexed?: { readonly index: string; readonly names: EmbeddingTensorNames };
}

/** A validated float table inside the file. */
interface Table {
  readonly reader: RandomAccessReader;
  readonly file: string;
  readonly tensor: TensorInfo;
  readonly dtype: FloatDtype;
  readonly rows: number;
  readonly rowBytes: number;
}

export async function openSafetensorsEmbeddings(
  reader: RandomAccessReader,
  options: SafetensorsEmbeddingsOptions,
): Promise<SafetensorsEmbeddings> {
  const header = await readSafetensorsHeader(reader, options.file);
  return new SafetensorsEmbeddings(reader, header, options);
}

export class SafetensorsEmbeddings implements EmbeddingSource {
  readonly name: string;
  readonly learned = true;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind;
  readonly matrices: readonly MatrixShape[];
  /** The tensor names the vectors come from, e.g. "transformer.wte.weight". */
  readonly wordTensorName: string;
  readonly positionTensorName: string | undefined;
  private readonly word: Table;
  private readonly position: Table | undefined;
  private closed = false;

  constructor(
    private readonly reader: RandomAccessReader,
    readonly header: SafetensorsHeader,
    options: SafetensorsEmbeddingsOptions,
  ) {
    const file = options.file;
    const { tensors } = header;
    const positionShard = options.positionShard;
    const names = options.indexed
      ? indexedNames(options.indexed, header, positionShard?.header ?? header)
      : findEmbeddingTensors((name) => tensors.has(name) || (positionShard?.header.tensors.has(name) ?? false));
    if (names === undefined || !tensors.has(names.word)) {
      throw new SafetensorsError(file, `expected a word-embedding tensor (${WORD_TENSOR_NAMES.join(', ')}), found ${describeTensors(header)}`);
    }
    const wordName = names.word;
    this.word = floatTable(reader, file, tensors.get(wordName) as TensorInfo);
    const positionName = names.position;
    const ownPosition = positionName === undefined || tensors.has(positionName);
    // An index says where the position table is; without one, this file's own copy comes first.
    const positionFrom = options.indexed ? (positionShard ?? { reader, header }) : ownPosition ? { reader, header } : positionShard;
    this.position =
      positionName && positionFrom ? floatTable(positionFrom.reader, positionFrom.header.file, positionFrom.header.tensors.get(positionName) as TensorInfo) : undefined;
    const dimension = this.word.tensor.shape[1];
    if (this.position && this.position.tensor.shape[1] !== dimension) {
      throw new SafetensorsError(
        file,
        `expected "${positionName}" to have the same width as "${wordName}" (${dimension}), found ${this.position.tensor.shape[1]}`,
      );
    }
    const encoding = options.encoding;
    if (encoding && this.word.rows < encoding.vocabularySize) {
      throw new SafetensorsError(
        file,
        `expected "${wordName}" to have a row for each of the ${encoding.vocabularySize} ids of ${encoding.name} ` +
          `(0–${encoding.vocabularySize - 1}), found ${this.word.rows} rows (wrong --encoding for this model?)`,
      );
    }
    this.name = file;
    this.wordTensorName = wordName;
    this.positionTensorName = positionName;
    this.positionKind = names.rotary ? 'rotary' : this.position ? 'learned' : 'none';
    this.shape = { vocabularySize: this.word.rows, dimension, contextLength: this.position?.rows };
    this.matrices = embeddingMatrices(this.shape, this.positionKind);
  }

  get metadata(): Readonly<Record<string, string>> {
    return this.header.metadata;
  }

  async wordVector(id: number): Promise<Float32Array> {
    checkWordId(id, this.shape);
    return this.readRows(this.word, id, 1);
  }

  async wordRows(firstId: number, count: number, into?: Float32Array): Promise<Float32Array> {
    checkWordRange(firstId, count, this.shape);
    if (!into) return this.readRows(this.word, firstId, count);
    const target = rowsBuffer(count, this.shape.dimension, into);
    const offset = this.word.tensor.begin + firstId * this.word.rowBytes;
    if (this.word.dtype === 'F32' && this.reader.readInto && LITTLE_ENDIAN_HOST) {
      // Straight into the caller's buffer: no allocation per block.
      this.checkOpen();
      const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
      await this.reader.readInto(offset, bytes).catch((error: Error) => {
        throw new SafetensorsError(this.header.file, `expected to read ${bytes.length} bytes at offset ${offset}, found an error: ${error.message}`);
      });
    } else {
      target.set(await this.readRows(this.word, firstId, count));
    }
    return target;
  }

  async positionVector(position: number): Promise<Float32Array | undefined> {
    checkPosition(position);
    if (!this.position || !insideContext(position, this.shape)) return undefined;
    return this.readRows(this.position, position, 1);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.reader.close?.();
    if (this.position && this.position.reader !== this.reader) await this.position.reader.close?.();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${this.header.file}: the embeddings file is closed`);
  }

  private async readRows(table: Table, first: number, count: number): Promise<Float32Array> {
    this.checkOpen();
    const offset = table.tensor.begin + first * table.rowBytes;
    const bytes = await readOrFail(table.reader, table.file, offset, count * table.rowBytes);
    return decodeFloats(bytes, table.dtype);
  }
}

/** The index's names, each checked to be in the shard the index maps it to. */
function indexedNames(
  indexed: NonNullable<SafetensorsEmbeddingsOptions['indexed']>,
  wordShard: SafetensorsHeader,
  positionShard: SafetensorsHeader,
): EmbeddingTensorNames {
  const { word, position } = indexed.names;
  for (const [name, shard] of [[word, wordShard], [position, positionShard]] as const) {
    if (name !== undefined && !shard.tensors.has(name)) {
      throw new SafetensorsError(shard.file, `expected "${name}", as ${indexed.index} maps it here, found ${describeTensors(shard)}`);
    }
  }
  return indexed.names;
}

/** "no tensors", or how many and the first few names. */
function describeTensors(header: SafetensorsHeader): string {
  const found = [...header.tensors.keys()];
  if (found.length === 0) return 'no tensors';
  return `${found.length} tensors (${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''})`;
}

/** Checks that a tensor is a non-empty 2-D float matrix. */
function floatTable(reader: RandomAccessReader, file: string, tensor: TensorInfo): Table {
  const where = `"${tensor.name}"`;
  if (!isFloatDtype(tensor.dtype)) {
    throw new SafetensorsError(file, `expected ${where} to hold ${FLOAT_DTYPES.join(', ')} values, found ${tensor.dtype}`);
  }
  if (tensor.shape.length !== 2) {
    throw new SafetensorsError(file, `expected ${where} to be a 2-D matrix [rows, d], found shape [${tensor.shape.join(', ')}]`);
  }
  const [rows, columns] = tensor.shape;
  if (rows === 0 || columns === 0) {
    throw new SafetensorsError(file, `expected ${where} to have at least one row and one column, found shape [${rows}, ${columns}]`);
  }
  return { reader, file, tensor, dtype: tensor.dtype, rows, rowBytes: columns * DTYPE_BYTES[tensor.dtype] };
}
