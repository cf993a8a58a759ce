/**
 * Writing .safetensors files: the layout (header bytes and where each tensor goes) is
 * planned first so large files can be streamed tensor by tensor; small ones are encoded whole.
 */
import { DTYPE_BYTES, type FloatDtype, type SafetensorsDtype, encodeFloats } from './dtypes';

export interface TensorSpec {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
}

export interface TensorPlacement extends TensorSpec {
  /** Absolute file offset of the tensor's first byte. */
  readonly offset: number;
  readonly byteLength: number;
}

export interface SafetensorsLayout {
  /** The 8-byte length and the JSON header, space-padded so the data starts 8-byte aligned. */
  readonly header: Uint8Array;
  readonly tensors: readonly TensorPlacement[];
  readonly fileSize: number;
}

export interface Float32Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** How the values are stored; default F32 (F16 and BF16 round to nearest even). */
  readonly dtype?: FloatDtype;
}

export interface RawTensor extends TensorSpec {
  /** Little-endian element bytes. */
  readonly bytes: Uint8Array;
}

/** Places tensors back to back in the given order. */
export function planSafetensors(specs: readonly TensorSpec[], metadata?: Readonly<Record<string, string>>): SafetensorsLayout {
  const json: Record<string, unknown> = {};
  if (metadata) json.__metadata__ = metadata;
  const placements: TensorPlacement[] = [];
  let position = 0;
  for (const spec of specs) {
    if (spec.name === '__metadata__' || Object.prototype.hasOwnProperty.call(json, spec.name)) {
      throw new RangeError(`cannot write tensor "${spec.name}": the name is reserved or used twice`);
    }
    if (!spec.shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new RangeError(`cannot write tensor "${spec.name}": shape [${spec.shape.join(', ')}] is not non-negative integers`);
    }
    const byteLength = spec.shape.reduce((product, n) => product * n, 1) * DTYPE_BYTES[spec.dtype];
    json[spec.name] = { dtype: spec.dtype, shape: spec.shape, data_offsets: [position, position + byteLength] };
    placements.push({ ...spec, offset: position, byteLength });
    position += byteLength;
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil((8 + text.length) / 8) * 8 - 8;
  const header = new Uint8Array(8 + padded).fill(0x20, 8 + text.length);
  header.set(text, 8);
  const view = new DataView(header.buffer);
  view.setUint32(0, padded % 2 ** 32, true);
  view.setUint32(4, Math.floor(padded / 2 ** 32), true);
  return {
    header,
    tensors: placements.map((placement) => ({ ...placement, offset: placement.offset + header.length })),
    fileSize: header.length + position,
  };
}

/** A whole file from tensors whose bytes are already encoded. */
export function encodeSafetensorsRaw(tensors: readonly RawTensor[], metadata?: Readonly<Record<string, string>>): Uint8Array {
  const layout = planSafetensors(tensors, metadata);
  const file = new Uint8Array(layout.fileSize);
  file.set(layout.header, 0);
  tensors.forEach((tensor, index) => {
    const placement = layout.tensors[index];
    if (tensor.bytes.length !== placement.byteLength) {
      throw new RangeError(`cannot write tensor "${tensor.name}": expected ${placement.byteLength} bytes for its shape, found ${tensor.bytes.length}`);
    }
    file.set(tensor.bytes, placement.offset);
  });
  return file;
}

/** A whole file of float tensors, e.g. `[{ name: 'wte.weight', shape: [50257, 768], data }]` (F32 unless a tensor says). */
export function encodeSafetensors(tensors: readonly Float32Tensor[], metadata?: Readonly<Record<string, string>>): Uint8Array {
  return encodeSafetensorsRaw(
    tensors.map(({ name, shape, data, dtype = 'F32' }) => ({ name, shape, dtype, bytes: encodeFloats(data, dtype) })),
    metadata,
  );
}
