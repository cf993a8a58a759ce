/** Training in the worker (src/extension/worker/training.ts), in plain Node: what it reads, skips, stops and writes. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesReader, openSafetensorsEmbeddings } from '../../../src/core/embeddings';
import { TRAINER_NAME } from '../../../src/core/training';
import type { TrainRequest, TrainingUpdate } from '../../../src/extension/worker/protocol';
import { saveTraining, train } from '../../../src/extension/worker/training';
import { rankFilePath } from '../../support/encoders';

const SENTENCES = ['the cat sat on the mat', 'a dog ran in the park', 'the bird sang in the tree', 'one two three four five'];

describe('worker: training on a folder', function () {
  this.timeout(60_000);
  let folder: string;
  let request: TrainRequest;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'token-lens-train-'));
    const prose = Array.from({ length: 400 }, (_, i) => SENTENCES[i % SENTENCES.length]).join('. ');
    writeFileSync(join(folder, 'a.md'), prose);
    mkdirSync(join(folder, 'notes'));
    writeFileSync(join(folder, 'notes', 'b.txt'), prose.toUpperCase());
    writeFileSync(join(folder, '.gitignore'), 'secret.md\n');
    writeFileSync(join(folder, 'secret.md'), 'never read');
    writeFileSync(join(folder, 'logo.md'), new Uint8Array([0x89, 0x50, 0x00, 0x01, 0x02]));
    writeFileSync(join(folder, 'big.txt'), 'x '.repeat(30_000));
    writeFileSync(join(folder, 'skip.json'), '{"outside": "the glob"}');
    mkdirSync(join(folder, 'out'));
    writeFileSync(join(folder, 'out', 'built.md'), 'excluded by files.exclude');
    request = {
      type: 'train',
      folder,
      include: '**/*.{md,txt}',
      exclude: { '**/out': true },
      sizeCap: 50_000,
      ranksFile: rankFilePath('o200k_base'),
      dimension: 8,
      epochs: 2,
      seed: 3,
    };
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the text files the glob names, skipping ignored, excluded, binary and too-large ones and saying which', async () => {
    const updates: TrainingUpdate[] = [];
    const result = await train(request, new AbortController().signal, (update) => updates.push(update));
    assert.equal(result.files, 2);
    assert.match(result.corpus, /^2 files, [\d,]+ characters: a\.md, notes\/b\.txt$/);
    assert.deepEqual(result.skipped, { binary: ['logo.md'], tooLarge: ['big.txt'], unreadable: [] });
    assert.equal(result.stopped, false);
    assert.ok(result.progress.done && result.progress.epoch === 2);
    assert.ok(updates.some((update) => update.stage === 'training' && update.progress.done), 'the last step is reported');
    assert.ok(result.job !== undefined);

    const out = join(folder, 'written', 'mine.safetensors');
    assert.equal(await saveTraining({ type: 'saveTraining', job: result.job, out }), out);
    const file = await openSafetensorsEmbeddings(bytesReader(readFileSync(out)), { file: out });
    assert.equal(file.metadata.trainer, TRAINER_NAME);
    assert.equal(file.metadata.corpus, result.corpus);
    assert.equal(file.shape.dimension, 8);
    assert.equal(await saveTraining({ type: 'saveTraining', job: result.job, out }), undefined, 'a job is written once');
  });

  it('stops between steps when cancelled, keeping what was learned until told to drop it', async () => {
    const controller = new AbortController();
    const result = await train({ ...request, epochs: 500 }, controller.signal, (update) => {
      if (update.stage === 'training' && update.progress.tokensDone > 0) controller.abort();
    });
    assert.equal(result.stopped, true);
    assert.ok(result.progress.tokensDone > 0 && result.progress.tokensDone < result.progress.tokensTotal, `${result.progress.tokensDone} of ${result.progress.tokensTotal}`);
    assert.ok(result.job !== undefined);
    assert.equal(await saveTraining({ type: 'saveTraining', job: result.job, out: undefined }), undefined);
  });

  it('a folder with no matching text trains nothing and holds no job', async () => {
    const result = await train({ ...request, include: '**/*.rst' }, new AbortController().signal, () => undefined);
    assert.deepEqual([result.files, result.tokens, result.job], [0, 0, undefined]);
  });
});
