import * as assert from 'node:assert/strict';
import { InitialWeights, bytesReader, openSafetensorsEmbeddings } from '../../../src/core/embeddings';
import {
  SkipGramTrainer,
  TrainedEmbeddings,
  type TrainingMetadata,
  describeRanges,
  WRITE_BLOCK_ROWS,
  encodeTrainedSafetensors,
  encodeTrainedTable,
  openTrainedTable,
  parseRanges,
  trainedSafetensorsPieces,
} from '../../../src/core/training';
import { decodeFloats, encodeFloats } from '../../../src/core/embeddings/safetensors/dtypes';
import { plantedCorpus } from './plantedCorpus';

const SHAPE = { vocabularySize: 300, groupCount: 3, groupSize: 5, documents: 30, length: 40 };
const METADATA: TrainingMetadata = { encoding: 'test', corpus: 'planted groups', tokensTrained: 2400, finalLoss: 1.25, window: 5, negatives: 5, epochs: 2 };

function trained(): TrainedEmbeddings {
  const trainer = new SkipGramTrainer(plantedCorpus(SHAPE).corpus, { dimension: 8, epochs: 2, seed: 9 });
  trainer.run();
  return trainer.embeddings('planted');
}

describe('training: weights files', function () {
  this.timeout(30_000);

  it(`is written ${WRITE_BLOCK_ROWS} rows at a time, never whole: with 2,500 rows (the last block partial) the pieces make a file whose rows are the table's, in F32 and F16`, async () => {
    const trainer = new SkipGramTrainer(plantedCorpus({ ...SHAPE, vocabularySize: 2500 }).corpus, { dimension: 8, epochs: 1, seed: 9 });
    trainer.run();
    const embeddings = trainer.embeddings('wide');
    const table = embeddings.fillWordRows(0, 2500);
    for (const dtype of ['F32', 'F16'] as const) {
      const pieces = [...trainedSafetensorsPieces(embeddings, METADATA, dtype)];
      assert.deepEqual(pieces.slice(1).map((piece) => piece.length), [1024, 1024, 452].map((rows) => rows * 8 * (dtype === 'F32' ? 4 : 2)));
      const bytes = new Uint8Array(Buffer.concat(pieces));
      const file = await openSafetensorsEmbeddings(bytesReader(bytes), { file: 'wide.safetensors' });
      assert.deepEqual(await file.wordRows(0, 2500), dtype === 'F32' ? table : decodeFloats(encodeFloats(table, 'F16'), 'F16'), dtype);
    }
  });

  it('writes wte.weight (vocabulary × d) that the safetensors reader opens with the same rows, untrained rows initial', async () => {
    const embeddings = trained();
    const bytes = encodeTrainedSafetensors(embeddings, METADATA);
    const file = await openSafetensorsEmbeddings(bytesReader(bytes), { file: 'trained.safetensors' });
    assert.deepEqual(file.shape, { vocabularySize: 300, dimension: 8, contextLength: undefined });
    assert.equal(file.wordTensorName, 'wte.weight');
    assert.deepEqual(await file.wordRows(0, 300), embeddings.fillWordRows(0, 300));
    const initial = new InitialWeights({ vocabularySize: 300, dimension: 8, contextLength: 1, seed: 9 });
    const untouched = [0, 1, 2, 299].filter((id) => embeddings.trainedIndex(id) < 0);
    assert.ok(untouched.length > 0);
    for (const id of untouched) assert.deepEqual(await file.wordVector(id), initial.wordRow(id), `row ${id}`);
    const trainedId = embeddings.ids[0];
    assert.notDeepEqual(await file.wordVector(trainedId), initial.wordRow(trainedId), 'a trained row moved');
  });

  it('records encoding, seed, d, corpus, tokens trained, final loss and the trained rows in __metadata__', async () => {
    const embeddings = trained();
    const file = await openSafetensorsEmbeddings(bytesReader(encodeTrainedSafetensors(embeddings, METADATA)), { file: 'x' });
    const { metadata } = file;
    assert.equal(metadata.encoding, 'test');
    assert.equal(metadata.seed, '9');
    assert.equal(metadata.dimension, '8');
    assert.equal(metadata.corpus, 'planted groups');
    assert.equal(metadata.tokens_trained, '2400');
    assert.equal(metadata.final_loss, '1.25');
    assert.deepEqual(parseRanges(metadata.trained_rows), embeddings.ids);
  });

  it('writes F16 on request, within half precision of the F32 rows', async () => {
    const embeddings = trained();
    const half = encodeTrainedSafetensors(embeddings, METADATA, 'F16');
    const file = await openSafetensorsEmbeddings(bytesReader(half), { file: 'half' });
    assert.equal(file.header.tensors.get('wte.weight')?.dtype, 'F16');
    const rows = await file.wordRows(0, 300);
    const exact = embeddings.fillWordRows(0, 300);
    exact.forEach((value, i) => assert.ok(Math.abs(rows[i] - value) <= Math.abs(value) / 1024 + 1e-7, `value ${i}`));
  });

  it('round-trips the compact table (trained rows only, 8-bit) with untrained rows back at their initial values', async () => {
    const embeddings = trained();
    const table = encodeTrainedTable(embeddings, METADATA);
    assert.ok(table.length < encodeTrainedSafetensors(embeddings, METADATA).length / 10, `${table.length} bytes`);
    const opened = await openTrainedTable(table, 'table.safetensors', 'trained (built-in)');
    assert.equal(opened.name, 'trained (built-in)');
    assert.deepEqual(opened.ids, embeddings.ids);
    const d = 8;
    for (let i = 0; i < embeddings.ids.length; i++) {
      const row = embeddings.rows.subarray(i * d, (i + 1) * d);
      const largest = Math.max(...row.map(Math.abs));
      row.forEach((value, j) => assert.ok(Math.abs(opened.rows[i * d + j] - value) <= largest / 254 + 1e-9, `row ${i} col ${j}`));
    }
    const untouched = [0, 1, 2].filter((id) => embeddings.trainedIndex(id) < 0);
    for (const id of untouched) assert.deepEqual(await opened.wordVector(id), await embeddings.wordVector(id));
  });

  it('rejects a table with a missing tensor, naming it and what was found', async () => {
    const full = encodeTrainedSafetensors(trained(), METADATA);
    await assert.rejects(openTrainedTable(full, 'wrong.safetensors'), /wrong\.safetensors.*expected "trained\.ids" to be a 1-D I32 tensor, found nothing/);
  });

  it('lists trained rows as ranges and reads them back', () => {
    const ids = Int32Array.from([0, 1, 2, 5, 7, 8, 100]);
    assert.equal(describeRanges(ids), '0-2,5,7-8,100');
    assert.deepEqual(parseRanges(describeRanges(ids)), ids);
    assert.deepEqual(parseRanges(''), new Int32Array(0));
  });

  it('rejects trained rows that are not ascending ids in the vocabulary, or not ids × d values', () => {
    const make = (ids: number[], values: number) =>
      new TrainedEmbeddings({ name: 't', vocabularySize: 10, dimension: 2, seed: 0, ids: Int32Array.from(ids), rows: new Float32Array(values) });
    assert.throws(() => make([3, 2], 4), /t: expected trained ids ascending in 0–9, found 2 at 1/);
    assert.throws(() => make([3, 10], 4), /found 10 at 1/);
    assert.throws(() => make([3], 3), /t: expected 1 × 2 = 2 trained values, found 3/);
    assert.equal(make([3, 4], 4).trainedIndex(4), 1);
  });
});
