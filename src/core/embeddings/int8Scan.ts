/**
 * The hot loop of the neighbour index: int8 dot products of one query with every row.
 * WebAssembly SIMD where available (16 lanes per instruction, ~10× a JS loop), the same
 * arithmetic in plain JS otherwise. Both compute exact int32 sums, so they agree bit for bit.
 *
 * Memory layout (one buffer): query [stride] | scores [rows × 4] | codes [rows × stride].
 * Rows are zero-padded to `stride`, a multiple of 16 (one v128).
 */

export type ScanKernel = 'simd' | 'js';

/** The slice of the WebAssembly JS API used here (a web standard; core's lib settings do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
interface WasmModule {
  readonly __brand?: 'WebAssembly.Module';
}
declare const WebAssembly: WasmApi;

export interface Int8Scanner {
  readonly kernel: ScanKernel;
  readonly rows: number;
  readonly stride: number;
  /** Row r lives at [r × stride, r × stride + d); padding stays 0. */
  readonly codes: Int8Array;
  /** Fill before `scan`; padding stays 0. */
  readonly query: Int8Array;
  /** scores[r] = Σ query[j] · codes[r × stride + j], after `scan`. */
  readonly scores: Int32Array;
  readonly byteLength: number;
  scan(): void;
}

/** The largest index Token Lens builds: above this, memory is better spent elsewhere. */
export const MAX_SCANNER_BYTES = 2 ** 30;

export function createInt8Scanner(rows: number, dimension: number, prefer: ScanKernel = 'simd'): Int8Scanner {
  const stride = Math.ceil(dimension / 16) * 16;
  const scoresAt = stride;
  const codesAt = scoresAt + rows * 4;
  const byteLength = codesAt + rows * stride;
  if (byteLength > MAX_SCANNER_BYTES) {
    throw new RangeError(`a neighbour index of ${rows} × ${dimension} would need ${Math.ceil(byteLength / 2 ** 20)} MB (limit ${MAX_SCANNER_BYTES / 2 ** 20} MB)`);
  }
  const simd = prefer === 'simd' ? simdKernel() : undefined;
  let buffer: ArrayBuffer;
  let scan: () => void;
  if (simd) {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(byteLength / 65536) });
    const instance = new WebAssembly.Instance(simd, { env: { memory } });
    const run = instance.exports.scan as (query: number, codes: number, rows: number, stride: number, scores: number) => void;
    buffer = memory.buffer;
    scan = () => run(0, codesAt, rows, stride, scoresAt);
  } else {
    buffer = new ArrayBuffer(byteLength);
    scan = () => scanJs(query, codes, scores, rows, stride);
  }
  const query = new Int8Array(buffer, 0, stride);
  const scores = new Int32Array(buffer, scoresAt, rows);
  const codes = new Int8Array(buffer, codesAt, rows * stride);
  return { kernel: simd ? 'simd' : 'js', rows, stride, codes, query, scores, byteLength, scan };
}

function scanJs(query: Int8Array, codes: Int8Array, scores: Int32Array, rows: number, stride: number): void {
  for (let r = 0, base = 0; r < rows; r++, base += stride) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < stride; j += 4) {
      s0 = (s0 + query[j] * codes[base + j]) | 0;
      s1 = (s1 + query[j + 1] * codes[base + j + 1]) | 0;
      s2 = (s2 + query[j + 2] * codes[base + j + 2]) | 0;
      s3 = (s3 + query[j + 3] * codes[base + j + 3]) | 0;
    }
    scores[r] = (s0 + s1 + s2 + s3) | 0;
  }
}

let compiled: WasmModule | null | undefined;

/** The compiled SIMD module, or undefined where WebAssembly SIMD is missing. */
function simdKernel(): WasmModule | undefined {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = scanModuleBytes();
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00, 0x00, 0x00]; // memarg: align 2^0, offset 0
const V128_CONST_ZERO = [SIMD, 0x0c, ...new Array<number>(16).fill(0)];
const EXTMUL_LOW_I8 = [SIMD, 0x9c, 0x01]; // i16x8.extmul_low_i8x16_s (156)
const EXTMUL_HIGH_I8 = [SIMD, 0x9d, 0x01]; // i16x8.extmul_high_i8x16_s (157)
const EXTADD_PAIRWISE_I16 = [SIMD, 0x7e]; // i32x4.extadd_pairwise_i16x8_s (126)
const I32X4_ADD = [SIMD, 0xae, 0x01]; // i32x4.add (174)
const extractLane = (lane: number) => [SIMD, 0x1b, lane]; // i32x4.extract_lane

/**
 * scan(query, codes, rows, stride, scores): for each row, four i32 lanes accumulate
 * extadd_pairwise(extmul(query16, row16)) over the row, then the lanes are summed into scores[r].
 */
function scanModuleBytes(): Uint8Array {
  const [QUERY, CODES, ROWS, STRIDE, SCORES, R, J, ACC, A, B] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const get = (local: number) => [0x20, local];
  const set = (local: number) => [0x21, local];
  const tee = (local: number) => [0x22, local];
  const i32 = (value: number) => [0x41, ...signedLeb(value)];
  const [ADD, SHL, LT_U, EQZ, BR_IF, END] = [0x6a, 0x74, 0x49, 0x45, 0x0d, 0x0b];
  const body = [
    ...[0x02, 0x40], // block
    ...get(ROWS), EQZ, BR_IF, 0,
    ...[0x03, 0x40], // loop over rows
    ...V128_CONST_ZERO, ...set(ACC),
    ...i32(0), ...set(J),
    ...[0x03, 0x40], // loop over 16-byte columns
    ...get(QUERY), ...get(J), ADD, ...V128_LOAD, ...set(A),
    ...get(CODES), ...get(J), ADD, ...V128_LOAD, ...set(B),
    ...get(ACC),
    ...get(A), ...get(B), ...EXTMUL_LOW_I8, ...EXTADD_PAIRWISE_I16, ...I32X4_ADD,
    ...get(A), ...get(B), ...EXTMUL_HIGH_I8, ...EXTADD_PAIRWISE_I16, ...I32X4_ADD,
    ...set(ACC),
    ...get(J), ...i32(16), ADD, ...tee(J), ...get(STRIDE), LT_U, BR_IF, 0,
    END,
    ...get(SCORES), ...get(R), ...i32(2), SHL, ADD,
    ...get(ACC), ...extractLane(0),
    ...get(ACC), ...extractLane(1), ADD,
    ...get(ACC), ...extractLane(2), ADD,
    ...get(ACC), ...extractLane(3), ADD,
    ...[0x36, 0x02, 0x00], // i32.store align 4, offset 0
    ...get(CODES), ...get(STRIDE), ADD, ...set(CODES),
    ...get(R), ...i32(1), ADD, ...tee(R), ...get(ROWS), LT_U, BR_IF, 0,
    END,
    END,
    END, // function
  ];
  const locals = [2, 2, 0x7f, 3, 0x7b]; // 2 groups: 2 × i32 (r, j), 3 × v128 (acc, a, b)
  const code = [...locals, ...body];
  const section = (id: number, content: number[]) => [id, ...unsignedLeb(content.length), ...content];
  const name = (text: string) => [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('scan'), 0x00, 0]),
    ...section(10, [1, ...unsignedLeb(code.length), ...code]),
  ]);
}

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}
