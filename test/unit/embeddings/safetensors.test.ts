import * as assert from 'node:assert/strict';
import {
  type FloatDtype,
  encodeFloats,
  encodeSafetensors,
  encodeSafetensorsRaw,
  openSafetensorsEmbeddings,
  planSafetensors,
  readSafetensorsHeader,
} from '../../../src/core/embeddings';
import { CountingReader, halfExactMatrix, patternMatrix, row } from './helpers';

const D = 6;
const VOCAB = 20;
const CONTEXT = 5;

function gpt2Like(dtype: FloatDtype, prefix = ''): { file: Uint8Array; words: Float32Array; positions: Float32Array } {
  const words = halfExactMatrix(VOCAB, D);
  const positions = halfExactMatrix(CONTEXT, D).map((v) => v / 4);
  const file = encodeSafetensorsRaw([
    { name: `${prefix}h.0.ln_1.weight`, dtype: 'F32', shape: [D], bytes: encodeFloats(new Float32Array(D).fill(1), 'F32') },
    { name: `${prefix}wpe.weight`, dtype, shape: [CONTEXT, D], bytes: encodeFloats(positions, dtype) },
    { name: `${prefix}wte.weight`, dtype, shape: [VOCAB, D], bytes: encodeFloats(words, dtype) },
  ]);
  return { file, words, positions };
}

describe('safetensors embeddings', () => {
  for (const dtype of ['F32', 'F16', 'BF16'] as const) {
    for (const prefix of ['', 'transformer.']) {
      it(`reads exactly the written rows (${dtype}, ${prefix ? 'with' : 'without'} the transformer. prefix)`, async () => {
        const { file, words, positions } = gpt2Like(dtype, prefix);
        const source = await openSafetensorsEmbeddings(new CountingReader(file), { file: 'gpt2.safetensors' });
        assert.equal(source.wordTensorName, `${prefix}wte.weight`);
        assert.equal(source.positionTensorName, `${prefix}wpe.weight`);
        assert.deepEqual(source.shape, { vocabularySize: VOCAB, dimension: D, contextLength: CONTEXT });
        assert.equal(source.positionKind, 'learned');
        assert.equal(source.learned, true);
        for (const id of [0, 1, 7, VOCAB - 1]) assert.deepEqual(Array.from(await source.wordVector(id)), row(words, D, id), `word ${id}`);
        for (const pos of [0, CONTEXT - 1]) assert.deepEqual(Array.from((await source.positionVector(pos)) ?? []), row(positions, D, pos));
        assert.equal(await source.positionVector(CONTEXT), undefined);
        assert.deepEqual(Array.from(await source.wordRows(3, 2)), [...row(words, D, 3), ...row(words, D, 4)]);
        const buffer = new Float32Array(3 * D).fill(NaN);
        const view = await source.wordRows(18, 2, buffer);
        assert.equal(view.buffer, buffer.buffer, 'rows written into the given buffer');
        assert.deepEqual(Array.from(view), [...row(words, D, 18), ...row(words, D, 19)]);
        assert.ok(Number.isNaN(buffer[2 * D]), 'nothing written past the rows');
      });
    }
  }

  it('reads Llama-style model.embed_tokens.weight with rotary positions (nothing added)', async () => {
    const words = patternMatrix(8, 4);
    const file = encodeSafetensors([{ name: 'model.embed_tokens.weight', shape: [8, 4], data: words }]);
    const source = await openSafetensorsEmbeddings(new CountingReader(file), { file: 'llama.safetensors' });
    assert.equal(source.positionKind, 'rotary');
    assert.equal(source.shape.contextLength, undefined);
    assert.equal(await source.positionVector(100000), undefined);
    assert.deepEqual(Array.from(await source.wordVector(5)), row(words, 4, 5));
    assert.deepEqual(source.matrices.map((m) => m.label), ['word embedding']);
  });

  it('reads a GPT-2 word table without a position table as "none"', async () => {
    const file = encodeSafetensors([{ name: 'wte.weight', shape: [3, 2], data: patternMatrix(3, 2) }]);
    const source = await openSafetensorsEmbeddings(new CountingReader(file), { file: 'wte-only.safetensors' });
    assert.equal(source.positionKind, 'none');
  });

  it('reads only the header on open and only the asked rows afterwards', async () => {
    const big = encodeSafetensors([
      { name: 'wte.weight', shape: [5000, 64], data: patternMatrix(5000, 64, 1e-3) },
      { name: 'wpe.weight', shape: [100, 64], data: patternMatrix(100, 64, 1e-3) },
    ]);
    const reader = new CountingReader(big);
    const source = await openSafetensorsEmbeddings(reader, { file: 'big.safetensors' });
    const headerBytes = reader.bytesRead;
    assert.ok(headerBytes < 300, `open read ${headerBytes} bytes`);
    await source.wordVector(4321);
    await source.positionVector(99);
    assert.equal(reader.bytesRead - headerBytes, 2 * 64 * 4);
    const wordRead = reader.reads[reader.reads.length - 2];
    assert.equal(wordRead.offset, (source.header.tensors.get('wte.weight')?.begin ?? NaN) + 4321 * 64 * 4);
  });

  it('accepts a file with more rows than the encoding needs', async () => {
    const { file } = gpt2Like('F32');
    const source = await openSafetensorsEmbeddings(new CountingReader(file), { file: 'f', encoding: { name: 'tiny', vocabularySize: VOCAB - 2 } });
    assert.equal(source.shape.vocabularySize, VOCAB);
  });

  it('keeps __metadata__ and closes the reader once', async () => {
    const file = encodeSafetensors([{ name: 'wte.weight', shape: [2, 2], data: new Float32Array(4) }], { format: 'pt' });
    const reader = new CountingReader(file);
    const source = await openSafetensorsEmbeddings(reader, { file: 'm.safetensors' });
    assert.deepEqual(source.metadata, { format: 'pt' });
    await source.close();
    await source.close();
    assert.equal(reader.closed, true);
    await assert.rejects(source.wordVector(0), /m\.safetensors: the embeddings file is closed/);
  });

  it('rejects ids outside the word matrix', async () => {
    const { file } = gpt2Like('F32');
    const source = await openSafetensorsEmbeddings(new CountingReader(file), { file: 'f' });
    await assert.rejects(source.wordVector(VOCAB), /token id 20 is outside the word-embedding matrix \(expected 0–19\)/);
  });

  describe('writer', () => {
    it('pads the header so the data starts 8-byte aligned, and places tensors back to back', async () => {
      const layout = planSafetensors([
        { name: 'a', dtype: 'F32', shape: [3] },
        { name: 'b', dtype: 'F16', shape: [2, 2] },
      ]);
      assert.equal(layout.header.length % 8, 0);
      assert.deepEqual(layout.tensors.map((t) => [t.offset - layout.header.length, t.byteLength]), [[0, 12], [12, 8]]);
      assert.equal(layout.fileSize, layout.header.length + 20);
      const json = new TextDecoder().decode(layout.header.subarray(8)).trimEnd();
      assert.deepEqual(JSON.parse(json).b, { dtype: 'F16', shape: [2, 2], data_offsets: [12, 20] });
    });

    it('writes files its own reader validates', async () => {
      const data = patternMatrix(4, 3);
      const file = encodeSafetensors([{ name: 'wte.weight', shape: [4, 3], data }]);
      const header = await readSafetensorsHeader(new CountingReader(file), 'w.safetensors');
      assert.deepEqual(header.tensors.get('wte.weight')?.shape, [4, 3]);
    });

    it('refuses duplicate names, reserved names and wrong byte counts', () => {
      assert.throws(() => planSafetensors([{ name: 'a', dtype: 'F32', shape: [1] }, { name: 'a', dtype: 'F32', shape: [1] }]), /"a": the name is reserved or used twice/);
      assert.throws(() => planSafetensors([{ name: '__metadata__', dtype: 'F32', shape: [1] }]), /reserved/);
      assert.throws(() => encodeSafetensors([{ name: 'x', shape: [2, 2], data: new Float32Array(3) }]), /expected 16 bytes for its shape, found 12/);
      assert.throws(() => planSafetensors([{ name: 'x', dtype: 'F32', shape: [-1] }]), /not non-negative integers/);
    });
  });
});

describe('wordRows into a caller buffer', () => {
  it('refuses a buffer that is too small, for every source', async () => {
    const file = encodeSafetensors([{ name: 'wte.weight', shape: [4, 2], data: patternMatrix(4, 2) }]);
    const source = await openSafetensorsEmbeddings(new CountingReader(file), { file: 'small.safetensors' });
    await assert.rejects(source.wordRows(0, 3, new Float32Array(5)), /expected a buffer of at least 6 values, found 5/);
  });

  it('reads F32 rows straight into the buffer with readInto (no per-block allocation)', async () => {
    const file = encodeSafetensors([{ name: 'wte.weight', shape: [4, 2], data: patternMatrix(4, 2) }]);
    const reader = new CountingReader(file);
    const source = await openSafetensorsEmbeddings(reader, { file: 'f32.safetensors' });
    const readsBefore = reader.reads.length;
    await source.wordRows(1, 2, new Float32Array(4));
    assert.equal(reader.reads.length, readsBefore + 1);
    assert.equal(reader.reads[readsBefore].length, 16);
  });
});
