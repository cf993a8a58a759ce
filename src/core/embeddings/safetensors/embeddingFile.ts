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

/** Word tables by family: GPT-2 (with or without the `transformer.` prefix), then Llama-style. */
const LEARNED_POSITION_FAMILIES = [
  { word: 'wte.weight', position: 'wpe.weight' },
  { word: 'transformer.wte.weight', position: 'transformer.wpe.weight' },
] as const;
const ROTARY_WORD_NAMES = ['model.embed_tokens.weight'] as const;

export interface SafetensorsEmbeddingsOptions {
  /** How the file is named in errors and as the source name (usually its path). */
  readonly file: string;
  /** The encoding whose ids index the rows: the word table needs at least `vocabularySize` rows. */
  readonly encoding?: { readonly name: string; readonly vocabularySize: number };
}

/** A validated float table inside the file. */
interface Table {
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
    const family = LEARNED_POSITION_FAMILIES.find((names) => tensors.has(names.word));
    const rotaryName = ROTARY_WORD_NAMES.find((name) => tensors.has(name));
    const wordName = family?.word ?? rotaryName;
    if (wordName === undefined) {
      const found = [...tensors.keys()];
      const list = found.length === 0 ? 'no tensors' : `${found.length} tensors (${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''})`;
      const wanted = [...LEARNED_POSITION_FAMILIES.map((names) => names.word), ...ROTARY_WORD_NAMES].join(', ');
      throw new SafetensorsError(file, `expected a word-embedding tensor (${wanted}), found ${list}`);
    }
    this.word = floatTable(tensors.get(wordName) as TensorInfo, file);
    const positionName = family && tensors.has(family.position) ? family.position : undefined;
    this.position = positionName ? floatTable(tensors.get(positionName) as TensorInfo, file) : undefined;
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
    this.positionKind = family ? (this.position ? 'learned' : 'none') : 'rotary';
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
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${this.header.file}: the embeddings file is closed`);
  }

  private async readRows(table: Table, first: number, count: number): Promise<Float32Array> {
    this.checkOpen();
    const offset = table.tensor.begin + first * table.rowBytes;
    const bytes = await readOrFail(this.reader, this.header.file, offset, count * table.rowBytes);
    return decodeFloats(bytes, table.dtype);
  }
}

/** Checks that a tensor is a non-empty 2-D float matrix. */
function floatTable(tensor: TensorInfo, file: string): Table {
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
  return { tensor, dtype: tensor.dtype, rows, rowBytes: columns * DTYPE_BYTES[tensor.dtype] };
}
