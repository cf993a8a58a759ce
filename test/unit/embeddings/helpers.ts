/** Test fakes for the embeddings tests: readers that count reads, and raw safetensors files. */
import { type RandomAccessReader, bytesReader } from '../../../src/core/embeddings';

/** A reader over bytes that records every range asked for. */
export class CountingReader implements RandomAccessReader {
  readonly reads: { offset: number; length: number }[] = [];
  private readonly inner: RandomAccessReader;
  closed = false;

  constructor(bytes: Uint8Array) {
    this.inner = bytesReader(bytes);
  }

  get size(): number {
    return this.inner.size;
  }

  get bytesRead(): number {
    return this.reads.reduce((sum, read) => sum + read.length, 0);
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    this.reads.push({ offset, length });
    return this.inner.read(offset, length);
  }

  readInto(offset: number, target: Uint8Array): Promise<void> {
    this.reads.push({ offset, length: target.length });
    return (this.inner.readInto as (offset: number, target: Uint8Array) => Promise<void>)(offset, target);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A file with the given header text (not padded) followed by `data`. */
export function rawSafetensors(headerText: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const header = new TextEncoder().encode(headerText);
  const file = new Uint8Array(8 + header.length + data.length);
  new DataView(file.buffer).setUint32(0, header.length, true);
  file.set(header, 8);
  file.set(data, 8 + header.length);
  return file;
}

/** Deterministic distinct float32 values: row r, column c → r + c / 64 (exact in F32, F16 for small r, and BF16 for tiny ones). */
export function patternMatrix(rows: number, columns: number, scale = 1): Float32Array {
  const values = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) values[r * columns + c] = (r + c / 64) * scale * (c % 2 ? -1 : 1);
  return values;
}

export function row(matrix: Float32Array, columns: number, index: number): number[] {
  return Array.from(matrix.subarray(index * columns, (index + 1) * columns));
}

/** Values with 4 significant bits, exact in F32, F16 and BF16: ±(1 + c/8 mod 1) · 2^(r mod 20 − 10). Rows stay distinct up to 20. */
export function halfExactMatrix(rows: number, columns: number): Float32Array {
  const values = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) values[r * columns + c] = (c % 2 ? -1 : 1) * (1 + (c % 8) / 8) * 2 ** ((r % 20) - 10);
  }
  return values;
}
