import * as assert from 'node:assert/strict';
import { InitialWeights, bytesReader, encodeSafetensors, openSafetensorsEmbeddings } from '../../../src/core/embeddings';
import { TrainedEmbeddings, encodeTrainedSafetensors, encodeTrainedTable, openTrainedTable, sourceProvenance } from '../../../src/core/training';

const trained = new TrainedEmbeddings({ name: 'tiny', vocabularySize: 10, dimension: 2, seed: 0, ids: Int32Array.of(3), rows: Float32Array.of(0.5, -0.5) });
const metadata = { encoding: 'test', corpus: '2 files, 40 characters: a.md, b.txt', tokensTrained: 12, finalLoss: 1.5, window: 5, negatives: 5, epochs: 1 };

describe('training: where vectors come from', () => {
  it('initial weights are untrained', () => {
    assert.deepEqual(sourceProvenance(new InitialWeights({ vocabularySize: 10, dimension: 2, contextLength: 4 })), { provenance: 'untrained', corpus: undefined });
  });

  it('a compact table (the built-in space) is trained in miniature', async () => {
    const table = await openTrainedTable(encodeTrainedTable(trained, metadata), 'table.safetensors');
    assert.equal(sourceProvenance(table).provenance, 'miniature');
  });

  it("a .safetensors file this trainer wrote is trained in miniature, with the corpus it names", async () => {
    const file = await openSafetensorsEmbeddings(bytesReader(encodeTrainedSafetensors(trained, metadata)), { file: 'mine.safetensors' });
    assert.deepEqual(sourceProvenance(file), { provenance: 'miniature', corpus: metadata.corpus });
  });

  it("any other weights file is pretrained", async () => {
    const bytes = encodeSafetensors([{ name: 'wte.weight', shape: [10, 2], data: new Float32Array(20) }], { format: 'pt' });
    const file = await openSafetensorsEmbeddings(bytesReader(bytes), { file: 'model.safetensors' });
    assert.deepEqual(sourceProvenance(file), { provenance: 'pretrained', corpus: undefined });
  });
});
