import * as assert from 'node:assert/strict';
import { type EmbeddingSource, InitialWeights, findNearestRows } from '../../../src/core/embeddings';
import { CorpusBuilder, SkipGramTrainer, frequentTokens } from '../../../src/core/training';
import { keepThresholds, negativeTable } from '../../../src/core/training/tables';
import { plantedCorpus } from './plantedCorpus';

const SHAPE = { vocabularySize: 600, groupCount: 6, groupSize: 8, documents: 240, length: 60 };
const TRAINING = { dimension: 24, epochs: 5, subsample: 0, seed: 7 };

/** Share of each token's k nearest neighbours (over the whole vocabulary) that lie in its own group. */
async function inGroupShare(source: EmbeddingSource, groups: readonly (readonly number[])[], k: number): Promise<number> {
  let inside = 0;
  let total = 0;
  for (const group of groups) {
    for (const id of group) {
      const neighbours = await findNearestRows(source, id, k);
      inside += neighbours.filter((neighbour) => group.includes(neighbour.id)).length;
      total += neighbours.length;
    }
  }
  return inside / total;
}

describe('training: skip-gram with negative sampling', function () {
  this.timeout(60_000);

  it('puts ≥ 90 % of each token’s 5 nearest neighbours in its planted group, which initial weights do not', async () => {
    const { corpus, groups } = plantedCorpus(SHAPE);
    const trainer = new SkipGramTrainer(corpus, TRAINING);
    const before = await inGroupShare(new InitialWeights({ ...SHAPE, dimension: TRAINING.dimension, contextLength: 1, seed: TRAINING.seed }), groups, 5);
    const progress = trainer.run();
    const after = await inGroupShare(trainer.embeddings('planted'), groups, 5);
    assert.ok(progress.done && progress.tokensDone === corpus.tokenCount * TRAINING.epochs, JSON.stringify(progress));
    assert.ok(before < 0.5, `at initialisation ${(before * 100).toFixed(1)} % in-group`);
    assert.ok(after >= 0.9, `after training ${(after * 100).toFixed(1)} % in-group`);
  });

  it('starts from the initial weights of the same seed: before training the rows are those of InitialWeights', () => {
    const { corpus, groups } = plantedCorpus(SHAPE);
    const trainer = new SkipGramTrainer(corpus, TRAINING);
    const initial = new InitialWeights({ ...SHAPE, dimension: TRAINING.dimension, contextLength: 1, seed: TRAINING.seed });
    const tracked = [groups[0][0], groups[3][5], 1];
    const snapshot = trainer.snapshot(tracked);
    tracked.forEach((id, i) => assert.deepEqual(snapshot.subarray(i * 24, (i + 1) * 24), initial.wordRow(id), `row ${id}`));
  });

  it('gives identical weights for the same seed and corpus, different ones for another seed', () => {
    const train = (seed: number): Float32Array => {
      const trainer = new SkipGramTrainer(plantedCorpus(SHAPE).corpus, { ...TRAINING, epochs: 2, subsample: 1e-3, seed });
      trainer.run();
      return trainer.embeddings('run').rows;
    };
    const first = train(3);
    assert.deepEqual(train(3), first);
    assert.notDeepEqual(train(4), first);
  });

  it('gives the same weights whether run in one go or in small steps, and reports progress and a falling loss', () => {
    const { corpus } = plantedCorpus({ ...SHAPE, documents: 60 });
    const whole = new SkipGramTrainer(corpus, TRAINING);
    whole.run();
    const stepped = new SkipGramTrainer(corpus, TRAINING);
    const losses: number[] = [];
    const epochs = new Set<number>();
    while (!stepped.done) {
      const progress = stepped.step(500);
      losses.push(progress.loss);
      epochs.add(progress.epoch);
      assert.ok(progress.tokensDone <= progress.tokensTotal);
    }
    assert.deepEqual(stepped.embeddings('stepped').rows, whole.embeddings('whole').rows);
    assert.deepEqual([...epochs], [1, 2, 3, 4, 5]);
    assert.ok(losses.at(-1) as number < losses[0] * 0.8, `loss ${losses[0]} → ${losses.at(-1)}`);
  });

  it('keeps only the rows of tokens in the corpus, at a compact index, with a break between documents', () => {
    const builder = new CorpusBuilder(100_000);
    builder.add([99_999, 5, 5]);
    builder.add([]);
    builder.add([42]);
    const corpus = builder.finish();
    assert.deepEqual([...corpus.ids], [5, 42, 99_999]);
    assert.deepEqual([...corpus.counts], [2, 1, 1]);
    assert.deepEqual([...corpus.stream], [2, 0, 0, -1, 1]);
    assert.equal(corpus.tokenCount, 4);
    assert.equal(new SkipGramTrainer(corpus, { dimension: 8 }).embeddings('x').rows.length, 3 * 8);
    assert.deepEqual(frequentTokens(corpus, 2), [5, 42], 'most frequent first, ties by id');
  });

  it('lets no window reach across a document break', () => {
    const builder = new CorpusBuilder(10);
    for (let i = 0; i < 200; i++) builder.add([1 + (i % 2)]);
    const trainer = new SkipGramTrainer(builder.finish(), { dimension: 4, subsample: 0 });
    const before = trainer.snapshot([1, 2]);
    const progress = trainer.run();
    assert.equal(progress.tokensDone, 1000);
    assert.deepEqual(trainer.snapshot([1, 2]), before, 'one-token documents have no context to learn from');
  });

  it('drops tokens rarer than minCount and rejects ids outside the vocabulary without adding them', () => {
    const builder = new CorpusBuilder(10);
    builder.add([1, 2, 2, 3, 3, 3]);
    assert.throws(() => builder.add([4, 10]), /token id 10 at 1 is outside the vocabulary \(expected 0–9\)/);
    const corpus = builder.finish(2);
    assert.deepEqual([...corpus.ids], [2, 3]);
    assert.equal(corpus.tokenCount, 5);
  });

  it('keeps a token with probability (√(f/t) + 1)·t/f when subsampling: frequent ones rarely, rare ones always', () => {
    // Shares 0.9, 0.0999 and 0.0001 of 10,000 tokens, t = 1e-3.
    const thresholds = keepThresholds(Float64Array.from([9000, 999, 1]), 10_000, 1e-3);
    const keep = [...thresholds].map((threshold) => threshold / 2 ** 32);
    assert.ok(Math.abs(keep[0] - (Math.sqrt(0.9 / 1e-3) + 1) * (1e-3 / 0.9)) < 1e-12, String(keep[0]));
    assert.ok(keep[0] < 0.04 && keep[1] > keep[0] && keep[1] < 0.2, keep.join(', '));
    assert.equal(keep[2], 1);
    assert.deepEqual([...keepThresholds(Float64Array.from([9000, 1]), 9001, 0)], [2 ** 32, 2 ** 32], 'subsample 0 keeps everything');
  });

  it('draws negatives in proportion to count^0.75', () => {
    const table = negativeTable(Float64Array.from([16, 1]));
    let first = 0;
    for (const index of table) if (index === 0) first++;
    const share = first / table.length;
    assert.ok(Math.abs(share - 8 / 9) < 1e-4, String(share));
  });

  it('rejects bad options with the name, the rule and the value', () => {
    const { corpus } = plantedCorpus(SHAPE);
    assert.throws(() => new SkipGramTrainer(corpus, { window: 0 }), /window must be an integer ≥ 1, got 0/);
    assert.throws(() => new SkipGramTrainer(corpus, { learningRate: -1 }), /learningRate must be a positive number, got -1/);
    assert.throws(() => new SkipGramTrainer(corpus).step(0), /budgetTokens must be positive, got 0/);
  });
});
