/**
 * Makes the built-in trained space (media/embeddings/…): the corpus of builtinCorpus.ts in its
 * fixed order, the settings of BUILTIN_TABLE, one thread — so the bytes are the same every run.
 *   npm run train:builtin      (builds first; needs apt-get install wordnet-base fortunes fortunes-zh)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Encoder } from '../src/core/tokenizer';
import { BUILTIN_TABLE, SkipGramTrainer, encodeTrainedTable } from '../src/core/training';
import { builtinFingerprint, builtinTrainingCorpus, describeCorpus, readBuiltinCorpus } from './builtinCorpus';

const root = join(__dirname, '..', '..');
const rankFile = join(root, 'dist', 'ranks', `${BUILTIN_TABLE.encoding}.tlr`);
const output = join(root, 'media', 'embeddings', BUILTIN_TABLE.file);

const encoder = Encoder.fromRankFile(readFileSync(rankFile), rankFile);
const parts = readBuiltinCorpus();
const corpus = builtinTrainingCorpus(encoder, parts);
console.log(`corpus: ${corpus.tokenCount.toLocaleString('en-US')} ${BUILTIN_TABLE.encoding} tokens, ${corpus.ids.length.toLocaleString('en-US')} distinct with ≥ ${BUILTIN_TABLE.minCount} occurrences`);

const trainer = new SkipGramTrainer(corpus, BUILTIN_TABLE.training);
const started = Date.now();
let progress = trainer.progress;
while (!trainer.done) {
  progress = trainer.step(1_000_000);
  const share = ((100 * progress.tokensDone) / progress.tokensTotal).toFixed(0).padStart(3);
  console.log(`${share} %  epoch ${progress.epoch}/${progress.epochs}  loss ${progress.loss.toFixed(4)}  ${Math.round(progress.tokensPerSecond ?? 0).toLocaleString('en-US')} tokens/s`);
}
const { training } = BUILTIN_TABLE;
const table = encodeTrainedTable(trainer.embeddings(BUILTIN_TABLE.name), {
  encoding: BUILTIN_TABLE.encoding,
  corpus: describeCorpus(parts),
  tokensTrained: progress.tokensDone,
  finalLoss: progress.loss,
  window: training.window,
  negatives: training.negatives,
  epochs: training.epochs,
  extra: { fingerprint: builtinFingerprint(corpus), min_count: String(BUILTIN_TABLE.minCount), subsample: String(training.subsample), learning_rate: String(training.learningRate) },
});
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, table);
const sha = createHash('sha256').update(table).digest('hex');
console.log(`wrote ${output} (${(table.length / 1e6).toFixed(2)} MB, sha256 ${sha}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
