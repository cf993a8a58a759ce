import * as assert from 'node:assert/strict';
import {
  type RandomAccessReader,
  SafetensorsError,
  encodeFloats,
  encodeSafetensors,
  encodeSafetensorsRaw,
  openSafetensorsEmbeddings,
} from '../../../src/core/embeddings';
import { CountingReader, rawSafetensors } from './helpers';

const FILE = 'broken.safetensors';

/** A header length field followed by `rest`. */
function withLength(length: number, rest: Uint8Array = new Uint8Array(0)): Uint8Array {
  const file = new Uint8Array(8 + rest.length);
  const view = new DataView(file.buffer);
  view.setUint32(0, length % 2 ** 32, true);
  view.setUint32(4, Math.floor(length / 2 ** 32), true);
  file.set(rest, 8);
  return file;
}

const tensor = (entry: unknown) => JSON.stringify({ 'wte.weight': entry });
const f32 = (shape: number[], offsets: unknown) => ({ dtype: 'F32', shape, data_offsets: offsets });

/** [name, file bytes, the fragments the one-line message must contain] */
const cases: [string, Uint8Array, string[]][] = [
  ['an empty file', new Uint8Array(0), ['expected a safetensors file', 'found only 0 bytes']],
  ['a file shorter than the length field', new Uint8Array(5), ['found only 5 bytes']],
  ['a header length above the 100 MB cap', withLength(2 ** 40), ['at most 104857600 bytes', `found ${2 ** 40}`]],
  ['a header length beyond the end of the file', withLength(500, new Uint8Array(20)), ['expected a 500-byte header', 'found only 20 bytes', 'truncated']],
  ['a zero header length', withLength(0, new Uint8Array(4)), ['expected a JSON header', 'found an empty header']],
  ['a header that is not UTF-8', withLength(4, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), ['expected a UTF-8 JSON header', 'not valid UTF-8']],
  ['malformed JSON', rawSafetensors('{"wte.weight": {'), ['expected a JSON header', 'found malformed JSON']],
  ['a JSON array', rawSafetensors('[1, 2]'), ['expected the header to be a JSON object', 'found an array [1,2]']],
  ['JSON null', rawSafetensors('null'), ['expected the header to be a JSON object', 'found null']],
  ['a JSON number', rawSafetensors('42'), ['found number 42']],
  ['a tensor entry that is a string', rawSafetensors(tensor('oops')), ['tensor "wte.weight"', 'expected an object with dtype, shape and data_offsets', 'found the string "oops"']],
  ['an unknown dtype', rawSafetensors(tensor({ dtype: 'F99', shape: [1], data_offsets: [0, 4] }), new Uint8Array(4)), ['expected dtype to be one of', 'BF16', 'found the string "F99"']],
  ['a missing dtype', rawSafetensors(tensor({ shape: [1], data_offsets: [0, 4] }), new Uint8Array(4)), ['expected dtype', 'found nothing']],
  ['a shape that is not an array', rawSafetensors(tensor({ dtype: 'F32', shape: 4, data_offsets: [0, 16] }), new Uint8Array(16)), ['expected shape to be an array of non-negative integers', 'found number 4']],
  ['a negative dimension', rawSafetensors(tensor(f32([2, -1], [0, 8])), new Uint8Array(8)), ['expected shape', 'found an array [2,-1]']],
  ['a fractional dimension', rawSafetensors(tensor(f32([1.5], [0, 6])), new Uint8Array(6)), ['found an array [1.5]']],
  ['missing data_offsets', rawSafetensors(tensor({ dtype: 'F32', shape: [1] }), new Uint8Array(4)), ['expected data_offsets to be [begin, end]', 'found nothing']],
  ['data_offsets with three numbers', rawSafetensors(tensor(f32([1], [0, 4, 8])), new Uint8Array(8)), ['expected data_offsets', 'found an array [0,4,8]']],
  ['reversed data_offsets', rawSafetensors(tensor(f32([1], [8, 4])), new Uint8Array(8)), ['0 ≤ begin ≤ end', 'found an array [8,4]']],
  ['data_offsets beyond the data', rawSafetensors(tensor(f32([4, 4], [0, 64])), new Uint8Array(16)), ['expected data_offsets within the 16-byte data section', 'found [0, 64]']],
  ['a byte span that does not match the shape', rawSafetensors(tensor(f32([2, 2], [0, 12])), new Uint8Array(16)), ['expected 16 bytes for F32 [2, 2]', 'spanning 12 bytes']],
  ['a shape too large to count', rawSafetensors(tensor(f32([2 ** 30, 2 ** 30, 2 ** 30], [0, 8])), new Uint8Array(8)), ['expected', 'bytes for F32', 'spanning 8 bytes']],
  [
    'overlapping tensors',
    rawSafetensors(JSON.stringify({ 'wte.weight': f32([2, 2], [0, 16]), 'wpe.weight': f32([2, 2], [8, 24]) }), new Uint8Array(24)),
    ['expected tensors to occupy separate bytes', '"wte.weight" [0, 16]', '"wpe.weight" [8, 24]'],
  ],
  [
    // The format disallows duplicate keys; JSON.parse would keep the last and hide the first from this reader only.
    'a tensor named twice (spelled differently)',
    rawSafetensors(`{"wte.weight": ${JSON.stringify(f32([1, 1], [0, 4]))}, "wte\\u002eweight": ${JSON.stringify(f32([2, 1], [0, 8]))}}`, new Uint8Array(8)),
    ['expected each key once in the header', 'found "wte.weight" twice'],
  ],
  [
    'a field named twice inside a tensor entry',
    rawSafetensors('{"wte.weight": {"dtype": "F32", "shape": [1, 1], "shape": [2, 1], "data_offsets": [0, 8]}}', new Uint8Array(8)),
    ['expected each key once in the header', 'found "shape" twice'],
  ],
  ['__metadata__ with a number', rawSafetensors(JSON.stringify({ __metadata__: { epochs: 3 } })), ['expected "__metadata__" to be an object of strings', 'found an object {"epochs":3}']],
  [
    'no word-embedding tensor',
    encodeSafetensors([{ name: 'lm_head.weight', shape: [2, 2], data: new Float32Array(4) }]),
    ['expected a word-embedding tensor (wte.weight, transformer.wte.weight, embeddings.word_embeddings.weight, model.embed_tokens.weight)', 'found 1 tensors (lm_head.weight)'],
  ],
  ['an empty header object', rawSafetensors('{}'), ['expected a word-embedding tensor', 'found no tensors']],
  ['a 1-D word table', encodeSafetensors([{ name: 'wte.weight', shape: [8], data: new Float32Array(8) }]), ['expected "wte.weight" to be a 2-D matrix [rows, d]', 'found shape [8]']],
  [
    'an integer word table',
    encodeSafetensorsRaw([{ name: 'wte.weight', dtype: 'I32', shape: [2, 2], bytes: new Uint8Array(16) }]),
    ['expected "wte.weight" to hold F32, F16, BF16 values', 'found I32'],
  ],
  [
    'an F64 position table',
    encodeSafetensorsRaw([
      { name: 'wte.weight', dtype: 'F32', shape: [2, 2], bytes: new Uint8Array(16) },
      { name: 'wpe.weight', dtype: 'F64', shape: [2, 2], bytes: new Uint8Array(32) },
    ]),
    ['expected "wpe.weight" to hold F32, F16, BF16 values', 'found F64'],
  ],
  [
    'word and position tables of different widths',
    encodeSafetensors([
      { name: 'transformer.wte.weight', shape: [4, 8], data: new Float32Array(32) },
      { name: 'transformer.wpe.weight', shape: [2, 6], data: new Float32Array(12) },
    ]),
    ['expected "transformer.wpe.weight" to have the same width as "transformer.wte.weight" (8)', 'found 6'],
  ],
  ['a table with zero columns', encodeSafetensors([{ name: 'wte.weight', shape: [4, 0], data: new Float32Array(0) }]), ['at least one row and one column', 'found shape [4, 0]']],
  ['a table with zero rows', encodeSafetensors([{ name: 'model.embed_tokens.weight', shape: [0, 4], data: new Float32Array(0) }]), ['at least one row', 'found shape [0, 4]']],
];

describe('safetensors: malformed files', () => {
  it(`covers at least 20 cases (has ${cases.length})`, () => assert.ok(cases.length >= 20));

  for (const [name, bytes, fragments] of cases) {
    it(`rejects ${name} with a one-line message naming the file`, async () => {
      const error = await openSafetensorsEmbeddings(new CountingReader(bytes), { file: FILE }).then(
        () => assert.fail('expected an error'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof SafetensorsError, `not a SafetensorsError: ${error}`);
      assert.ok(error.message.startsWith(`${FILE}: `), error.message);
      assert.ok(!error.message.includes('\n'), `more than one line: ${error.message}`);
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${fragment}" missing from: ${error.message}`);
    });
  }

  it('rejects a word table with fewer rows than the encoding has ids, naming both', async () => {
    const file = encodeSafetensors([{ name: 'wte.weight', shape: [50000, 2], data: new Float32Array(100000) }]);
    await assert.rejects(
      openSafetensorsEmbeddings(new CountingReader(file), { file: FILE, encoding: { name: 'r50k_base', vocabularySize: 50257 } }),
      (error: Error) =>
        error.message ===
        `${FILE}: expected "wte.weight" to have a row for each of the 50257 ids of r50k_base (0–50256), found 50000 rows (wrong --encoding for this model?)`,
    );
  });

  it('turns a failing read into an error naming the file', async () => {
    const good = encodeSafetensors([{ name: 'wte.weight', shape: [4, 2], data: new Float32Array(8) }]);
    let failRows = false;
    const inner = new CountingReader(good);
    const flaky: RandomAccessReader = {
      size: good.length,
      read: (offset, length) => (failRows ? Promise.reject(new Error('EIO: i/o error')) : inner.read(offset, length)),
    };
    const source = await openSafetensorsEmbeddings(flaky, { file: FILE });
    failRows = true;
    await assert.rejects(source.wordVector(1), new RegExp(`^SafetensorsError: ${FILE}: expected to read 8 bytes at offset \\d+, found an error: EIO`));
  });

  it('turns a short read into an error naming the file', async () => {
    const good = encodeSafetensors([{ name: 'wte.weight', shape: [4, 2], data: new Float32Array(8) }]);
    const short: RandomAccessReader = { size: good.length, read: async (offset, length) => good.slice(offset, offset + length).subarray(0, Math.min(length, 8)) };
    await assert.rejects(openSafetensorsEmbeddings(short, { file: FILE }), /expected to read \d+ bytes at offset 8, found 8 \(file changed\?\)/);
  });

  it('accepts F16 position tables next to F32 word tables (mixed dtypes are fine)', async () => {
    const file = encodeSafetensorsRaw([
      { name: 'wte.weight', dtype: 'F32', shape: [2, 2], bytes: encodeFloats([1, 2, 3, 4], 'F32') },
      { name: 'wpe.weight', dtype: 'F16', shape: [1, 2], bytes: encodeFloats([0.5, -0.5], 'F16') },
    ]);
    const source = await openSafetensorsEmbeddings(new CountingReader(file), { file: FILE });
    assert.deepEqual(Array.from((await source.positionVector(0)) ?? []), [0.5, -0.5]);
  });
});
