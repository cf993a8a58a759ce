/**
 * The built-in trained table (media/embeddings/): it opens through core, its neighbours make
 * sense for five named groups, and it is what `npm run train:builtin` makes from this corpus.
 * Regenerating takes minutes, so the last test checks the corpus hash, the settings and a
 * fingerprint (a one-second training run that any change to the trainer's arithmetic alters).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InitialWeights, NeighborIndex, bytesReader, readSafetensorsHeader } from '../../../src/core/embeddings';
import { Encoder } from '../../../src/core/tokenizer';
import { BUILTIN_TABLE, NEIGHBOUR_GROUPS, type TrainedEmbeddings, groupShare, openTrainedTable } from '../../../src/core/training';
import { builtinFingerprint, builtinTrainingCorpus, describeCorpus, readBuiltinCorpus } from '../../../scripts/builtinCorpus';

const root = join(__dirname, '..', '..', '..', '..');
const tableFile = join(root, 'media', 'embeddings', BUILTIN_TABLE.file);
const rankFile = join(root, 'dist', 'ranks', `${BUILTIN_TABLE.encoding}.tlr`);

describe('training: the built-in trained table', function () {
  this.timeout(120_000);
  let table: TrainedEmbeddings;
  let encoder: Encoder;

  before(async () => {
    table = await openTrainedTable(readFileSync(tableFile), tableFile, BUILTIN_TABLE.name);
    encoder = Encoder.fromRankFile(readFileSync(rankFile), rankFile);
  });

  it('is small (≤ 4 MB) and records the encoding and settings BUILTIN_TABLE names', () => {
    assert.ok(readFileSync(tableFile).length <= 4 * 1024 * 1024);
    assert.equal(table.shape.vocabularySize, encoder.vocabularySize);
    assert.equal(table.shape.dimension, BUILTIN_TABLE.training.dimension);
    assert.equal(table.seed, BUILTIN_TABLE.training.seed);
  });

  it('keeps the initial weights of its seed for tokens it never trained', async () => {
    const initial = new InitialWeights({ vocabularySize: encoder.vocabularySize, dimension: 64, contextLength: 1, seed: table.seed });
    const untrained = [encoder.vocabularySize - 1, 0, 100_000].filter((id) => table.trainedIndex(id) < 0);
    assert.ok(untrained.length > 0);
    for (const id of untrained) assert.deepEqual(await table.wordVector(id), initial.wordRow(id));
  });

  it('puts on average ≥ 50 % of a group’s other members among each member’s 10 nearest neighbours', async () => {
    const index = await NeighborIndex.build(table);
    const shares: number[] = [];
    for (const [group, texts] of Object.entries(NEIGHBOUR_GROUPS)) {
      const ids = texts.map((text) => {
        const encoded = encoder.encode(text);
        assert.equal(encoded.length, 1, `${JSON.stringify(text)} is one ${BUILTIN_TABLE.encoding} token`);
        assert.ok(table.trainedIndex(encoded[0]) >= 0, `${JSON.stringify(text)} was trained`);
        return encoded[0];
      });
      const share = await groupShare(index, ids, 10);
      shares.push(share);
      console.log(`      ${group}: ${(share * 100).toFixed(0)} % of the other members among the 10 nearest`);
    }
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    console.log(`      mean over the ${shares.length} groups: ${(mean * 100).toFixed(1)} %`);
    assert.ok(mean >= 0.5, `mean ${(mean * 100).toFixed(1)} %`);
  });

  it('is what npm run train:builtin makes: same corpus (SHA-256), settings and trainer fingerprint', async () => {
    const bytes = readFileSync(tableFile);
    const { metadata } = await readSafetensorsHeader(bytesReader(bytes), tableFile);
    const parts = readBuiltinCorpus();
    assert.equal(metadata.corpus, describeCorpus(parts));
    const { training } = BUILTIN_TABLE;
    assert.deepEqual(
      [metadata.encoding, metadata.window, metadata.negatives, metadata.epochs, metadata.subsample, metadata.learning_rate, metadata.min_count],
      [BUILTIN_TABLE.encoding, training.window, training.negatives, training.epochs, training.subsample, training.learningRate, BUILTIN_TABLE.minCount].map(String),
    );
    assert.equal(metadata.fingerprint, builtinFingerprint(builtinTrainingCorpus(encoder, parts)));
  });
});
