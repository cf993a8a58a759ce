/**
 * Training benchmark: skip-gram with negative sampling at d = 64, window 5, 5 negatives, one
 * thread, t = 1e-4, one epoch — ours (tokens of o200k_base) beside fastText (whitespace words)
 * on the same text, when Debian's `fasttext` is installed. Corpus: the built-in table's (needs
 * apt-get install wordnet-base fortunes fortunes-zh), else the npm-ci text of bench/corpus.ts.
 * Also: how long training takes until the neighbour groups of the built-in test reach 50 %.
 *   node out/bench/training.js [--quick]
 * No assertions: it prints figures. Run it alone (flock /tmp/tl-heavy.lock): it times one core.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NeighborIndex } from '../src/core/embeddings';
import { Encoder } from '../src/core/tokenizer';
import { CorpusBuilder, NEIGHBOUR_GROUPS, SkipGramTrainer, type TrainingCorpus, groupShare } from '../src/core/training';
import { describeCorpus, readBuiltinCorpus } from '../scripts/builtinCorpus';
import { mixedText } from './corpus';
import { printTable } from './table';

const root = join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const SETTINGS = { dimension: 64, window: 5, negatives: 5, epochs: 1, subsample: 1e-4, learningRate: 0.025, seed: 0 };

function corpusText(): { text: string; label: string } {
  try {
    const parts = readBuiltinCorpus();
    return { text: parts.map((part) => part.text).join('\n\n'), label: describeCorpus(parts).replace(/; sha256 .*/, '') };
  } catch (error) {
    console.log(`(built-in corpus unavailable: ${(error as Error).message}; using npm-ci text)`);
    return { text: mixedText(root, 4_000_000), label: 'bench/corpus.ts mixed text' };
  }
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

interface FastTextRun {
  words: number;
  wordsPerSecond: number;
  seconds: number;
}

function runFastText(file: string, dir: string): FastTextRun | string {
  const args = ['skipgram', '-input', file, '-output', join(dir, 'ft'), '-dim', '64', '-ws', '5', '-neg', '5', '-thread', '1', '-minn', '0', '-maxn', '0'];
  args.push('-epoch', String(SETTINGS.epochs), '-t', String(SETTINGS.subsample), '-lr', String(SETTINGS.learningRate), '-minCount', '1');
  const started = performance.now();
  const result = spawnSync('fasttext', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) return `fasttext not run (${(result.error as NodeJS.ErrnoException).code}; apt-get install fasttext)`;
  const output = `${result.stdout}${result.stderr}`.replace(/\r/g, '\n');
  const rates = [...output.matchAll(/words\/sec\/thread:\s+(\d+)/g)].map((match) => Number(match[1]));
  const words = Number(/Number of words:\s+(\d+)/.exec(output)?.[1] ?? NaN);
  const read = /Read (\d+)M words/.exec(output);
  return { words: read ? Number(read[1]) * 1e6 : words, wordsPerSecond: rates.at(-1) ?? NaN, seconds };
}

/** Training seconds (evaluations excluded) until the five groups average ≥ 50 %, or undefined. */
async function timeToUsefulNeighbours(corpus: TrainingCorpus, encoder: Encoder): Promise<{ seconds: number; tokens: number } | undefined> {
  const groups = Object.values(NEIGHBOUR_GROUPS).map((texts) => texts.map((text) => encoder.encode(text)[0]));
  const trainer = new SkipGramTrainer(corpus, { ...SETTINGS, epochs: 5 });
  let seconds = 0;
  while (!trainer.done) {
    const started = performance.now();
    trainer.step(quick ? 2_000_000 : 500_000);
    seconds += (performance.now() - started) / 1000;
    const index = await NeighborIndex.build(trainer.embeddings('so far'));
    let sum = 0;
    for (const ids of groups) sum += await groupShare(index, ids, 10);
    if (sum / groups.length >= 0.5) return { seconds, tokens: trainer.progress.tokensDone };
  }
  return undefined;
}

async function main(): Promise<void> {
  const { text, label } = corpusText();
  const dir = mkdtempSync(join(tmpdir(), 'token-lens-train-bench-'));
  try {
    const file = join(dir, 'corpus.txt');
    writeFileSync(file, text);
    const bytes = Buffer.byteLength(text);
    const rankFile = join(root, 'dist', 'ranks', 'o200k_base.tlr');
    const encoder = Encoder.fromRankFile(readFileSync(rankFile), rankFile);
    let started = performance.now();
    const builder = new CorpusBuilder(encoder.vocabularySize);
    for (const paragraph of readFileSync(file, 'utf8').split('\n\n')) builder.add(encoder.encode(paragraph));
    const corpus = builder.finish();
    const tokenizeSeconds = (performance.now() - started) / 1000;
    console.log(`corpus: ${label}; ${(bytes / 1e6).toFixed(1)} MB, ${corpus.tokenCount.toLocaleString('en-US')} o200k_base tokens, ${corpus.ids.length.toLocaleString('en-US')} distinct`);

    const trainer = new SkipGramTrainer(corpus, SETTINGS);
    started = performance.now();
    const cpu = process.cpuUsage();
    const progress = trainer.run();
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = cpuSeconds(cpu);
    const fast = runFastText(file, dir);
    const rows: string[][] = [
      ['Token Lens (o200k_base tokens)', Math.round(progress.tokensDone / seconds).toLocaleString('en-US'), (bytes / 1e6 / seconds).toFixed(2), seconds.toFixed(1), cpuUsed.toFixed(1), progress.loss.toFixed(3)],
    ];
    if (typeof fast === 'string') console.log(fast);
    else rows.push(['fastText 0.9 (words)', Math.round(fast.wordsPerSecond).toLocaleString('en-US'), (bytes / 1e6 / fast.seconds).toFixed(2), fast.seconds.toFixed(1), '—', '—']);
    printTable(
      `skip-gram, d = 64, window 5, 5 negatives, t = 1e-4, ${SETTINGS.epochs} epoch, 1 thread (tokenizing ${tokenizeSeconds.toFixed(1)} s not included for us; fastText's wall time includes reading)`,
      ['trainer', 'items/s', 'MB of text/s', 'wall s', 'CPU s', 'loss'],
      rows,
    );
    const useful = quick ? undefined : await timeToUsefulNeighbours(corpus, encoder);
    console.log(
      useful
        ? `\nfirst useful neighbours (the 5 groups of the built-in test at ≥ 50 %): ${useful.seconds.toFixed(1)} s of training, ${useful.tokens.toLocaleString('en-US')} tokens`
        : `\nfirst useful neighbours: ${quick ? 'not measured with --quick' : 'not reached within 5 epochs on this corpus'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
