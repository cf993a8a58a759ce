/** safetensors element types: their sizes, and decoding/encoding the three float types Token Lens reads. */

/** Every byte-sized dtype of the safetensors format, with its size in bytes. */
export const DTYPE_BYTES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
  C64: 8,
} as const;

export type SafetensorsDtype = keyof typeof DTYPE_BYTES;

/** The dtypes an embedding table may have. */
export type FloatDtype = 'F32' | 'F16' | 'BF16';

export const FLOAT_DTYPES: readonly FloatDtype[] = ['F32', 'F16', 'BF16'];

export function isSafetensorsDtype(value: string): value is SafetensorsDtype {
  return Object.prototype.hasOwnProperty.call(DTYPE_BYTES, value);
}

export function isFloatDtype(value: string): value is FloatDtype {
  return (FLOAT_DTYPES as readonly string[]).includes(value);
}

/** Typed arrays use the host's byte order; safetensors is little-endian. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian `bytes` of `dtype` values as float32. F32 may share `bytes`' memory (reads hand over ownership). */
export function decodeFloats(bytes: Uint8Array, dtype: FloatDtype): Float32Array {
  switch (dtype) {
    case 'F32':
      return decodeFloat32(bytes);
    case 'F16':
      return decodeHalf(bytes, halfTable());
    case 'BF16':
      return decodeBfloat16(bytes);
  }
}

function decodeFloat32(bytes: Uint8Array): Float32Array {
  const count = bytes.length >>> 2;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 4 === 0) {
    return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  }
  if (LITTLE_ENDIAN_HOST) return new Float32Array(bytes.slice(0, count * 4).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function decodeBfloat16(bytes: Uint8Array): Float32Array {
  const count = bytes.length >>> 1;
  const out = new Float32Array(count);
  // A bfloat16 is the top half of a float32; both typed-array views use the host's byte order.
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i++) bits[i] = ((bytes[2 * i + 1] << 24) | (bytes[2 * i] << 16)) >>> 0;
  return out;
}

function decodeHalf(bytes: Uint8Array, table: Float32Array): Float32Array {
  const count = bytes.length >>> 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = table[bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  return out;
}

let halfValues: Float32Array | undefined;

/** All 65536 half-precision values, built once (256 KB) on first F16 read. */
function halfTable(): Float32Array {
  if (!halfValues) {
    halfValues = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) halfValues[bits] = halfToFloat(bits);
  }
  return halfValues;
}

export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The nearest half-precision value (ties to even), as its 16 bits. */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const unbiased = exponent - 127;
  if (unbiased > 15) return sign | 0x7c00;
  if (unbiased >= -14) {
    const half = ((unbiased + 15) << 10) | (mantissa >>> 13);
    return sign | roundToEven(half, mantissa & 0x1fff, 0x1000);
  }
  if (unbiased < -25) return sign;
  // Subnormal half: shift the full significand (with its implicit 1) into place.
  const significand = mantissa | 0x800000;
  const shift = -unbiased - 1; // 14..24
  const half = significand >>> shift;
  const rest = significand & ((1 << shift) - 1);
  return sign | roundToEven(half, rest, 1 << (shift - 1));
}

/** bfloat16 bits of the nearest value (ties to even). */
export function floatToBfloat16(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  if ((bits & 0x7f800000) === 0x7f800000 && bits & 0x7fffff) return (bits >>> 16) | 0x40;
  return roundToEven(bits >>> 16, bits & 0xffff, 0x8000) & 0xffff;
}

function roundToEven(kept: number, dropped: number, halfway: number): number {
  if (dropped > halfway || (dropped === halfway && kept & 1)) return kept + 1;
  return kept;
}

/** Little-endian bytes of values in `dtype` (F16/BF16 round to nearest, ties to even). */
export function encodeFloats(values: ArrayLike<number>, dtype: FloatDtype): Uint8Array {
  if (dtype === 'F32' && LITTLE_ENDIAN_HOST) return new Uint8Array(Float32Array.from(values).buffer);
  const size = DTYPE_BYTES[dtype];
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'F32') view.setFloat32(i * 4, values[i], true);
    else view.setUint16(i * 2, dtype === 'F16' ? floatToHalf(values[i]) : floatToBfloat16(values[i]), true);
  }
  return bytes;
}
