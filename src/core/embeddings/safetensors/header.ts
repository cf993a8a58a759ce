/**
 * Reading and validating a safetensors header (https://github.com/huggingface/safetensors):
 *   u64 little-endian N | N bytes of UTF-8 JSON | data
 * The JSON maps tensor names to { dtype, shape, data_offsets: [begin, end] } (offsets relative
 * to the data), plus an optional "__metadata__" object of strings. Only the header is read here.
 */
import { type RandomAccessReader, ReadError } from '../randomAccess';
import { DTYPE_BYTES, type SafetensorsDtype, isSafetensorsDtype } from './dtypes';
import { firstDuplicateKey } from './duplicateKeys';
import { SafetensorsError, describeJson } from './errors';

/** Real headers are kilobytes; a larger length means a corrupt or foreign file. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface TensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Absolute byte offsets in the file: [begin, end). */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  readonly file: string;
  readonly fileSize: number;
  /** Absolute offset of the data section (8 + header length). */
  readonly dataStart: number;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Reads the length field and header JSON (never the data) and validates every entry; a remote reader passes a tighter cap. */
export async function readSafetensorsHeader(
  reader: RandomAccessReader,
  file: string,
  maxHeaderBytes = MAX_HEADER_BYTES,
): Promise<SafetensorsHeader> {
  if (reader.size < 8) {
    throw new SafetensorsError(file, `expected a safetensors file (8-byte header length, JSON header, data), found only ${reader.size} bytes`);
  }
  const lengthBytes = await readOrFail(reader, file, 0, 8);
  const view = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8);
  const headerLength = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (headerLength > maxHeaderBytes) {
    throw new SafetensorsError(
      file,
      `expected a header length of at most ${maxHeaderBytes} bytes, found ${headerLength} (not a safetensors file?)`,
    );
  }
  if (headerLength > reader.size - 8) {
    throw new SafetensorsError(
      file,
      `expected a ${headerLength}-byte header after the length field, found only ${reader.size - 8} bytes (truncated file?)`,
    );
  }
  const headerBytes = await readOrFail(reader, file, 8, headerLength);
  return parseSafetensorsHeader(headerBytes, reader.size, file);
}

/** Validates header JSON bytes for a file of `fileSize` bytes. */
export function parseSafetensorsHeader(headerBytes: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  const dataStart = 8 + headerBytes.length;
  const dataLength = fileSize - dataStart;
  const json = parseJsonObject(headerBytes, file);
  let metadata: Record<string, string> = {};
  const tensors = new Map<string, TensorInfo>();
  for (const [name, entry] of Object.entries(json)) {
    if (name === '__metadata__') metadata = parseMetadata(entry, file);
    else tensors.set(name, parseTensor(name, entry, dataStart, dataLength, file));
  }
  checkNoOverlap([...tensors.values()], dataStart, file);
  return { file, fileSize, dataStart, tensors, metadata };
}

function parseJsonObject(headerBytes: Uint8Array, file: string): Record<string, unknown> {
  if (headerBytes.length === 0) throw new SafetensorsError(file, 'expected a JSON header, found an empty header (length 0)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError(file, 'expected a UTF-8 JSON header, found bytes that are not valid UTF-8 (not a safetensors file?)');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = String((error as Error).message).split('\n')[0];
    throw new SafetensorsError(file, `expected a JSON header, found malformed JSON (${reason})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SafetensorsError(file, `expected the header to be a JSON object of tensors, found ${describeJson(value)}`);
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) throw new SafetensorsError(file, `expected each key once in the header, found ${JSON.stringify(duplicate)} twice`);
  return value as Record<string, unknown>;
}

function parseMetadata(entry: unknown, file: string): Record<string, string> {
  const valid =
    typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.values(entry).every((v) => typeof v === 'string');
  if (!valid) throw new SafetensorsError(file, `expected "__metadata__" to be an object of strings, found ${describeJson(entry)}`);
  return entry as Record<string, string>;
}

function parseTensor(name: string, entry: unknown, dataStart: number, dataLength: number, file: string): TensorInfo {
  const where = `tensor "${name}"`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new SafetensorsError(file, `${where}: expected an object with dtype, shape and data_offsets, found ${describeJson(entry)}`);
  }
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string' || !isSafetensorsDtype(dtype)) {
    throw new SafetensorsError(file, `${where}: expected dtype to be one of ${Object.keys(DTYPE_BYTES).join(', ')}, found ${describeJson(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new SafetensorsError(file, `${where}: expected shape to be an array of non-negative integers, found ${describeJson(shape)}`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((n) => Number.isSafeInteger(n) && n >= 0) ||
    offsets[0] > offsets[1]
  ) {
    throw new SafetensorsError(
      file,
      `${where}: expected data_offsets to be [begin, end] with integers 0 ≤ begin ≤ end, found ${describeJson(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) {
    throw new SafetensorsError(
      file,
      `${where}: expected data_offsets within the ${dataLength}-byte data section, found [${begin}, ${end}] (truncated file?)`,
    );
  }
  const values = (shape as number[]).reduce((product, n) => product * n, 1);
  const bytes = values * DTYPE_BYTES[dtype];
  if (!Number.isSafeInteger(bytes) || bytes !== end - begin) {
    throw new SafetensorsError(
      file,
      `${where}: expected ${bytes} bytes for ${dtype} [${shape.join(', ')}] (${values} values × ${DTYPE_BYTES[dtype]} bytes), ` +
        `found data_offsets [${begin}, ${end}] spanning ${end - begin} bytes`,
    );
  }
  return { name, dtype, shape: shape as number[], begin: dataStart + begin, end: dataStart + end };
}

function checkNoOverlap(tensors: TensorInfo[], dataStart: number, file: string): void {
  const sorted = tensors.filter((t) => t.end > t.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (b.begin < a.end) {
      const span = (t: TensorInfo) => `[${t.begin - dataStart}, ${t.end - dataStart}]`;
      throw new SafetensorsError(
        file,
        `expected tensors to occupy separate bytes, found "${a.name}" ${span(a)} overlapping "${b.name}" ${span(b)}`,
      );
    }
  }
}

/** Reads a range, turning a failed or short read into an error naming the file. */
export async function readOrFail(reader: RandomAccessReader, file: string, offset: number, length: number): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await reader.read(offset, length);
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new SafetensorsError(file, `expected to read ${length} bytes at offset ${offset}, found an error: ${(error as Error).message}`);
  }
  if (bytes.length !== length) {
    throw new SafetensorsError(file, `expected to read ${length} bytes at offset ${offset}, found ${bytes.length} (file changed?)`);
  }
  return bytes;
}
