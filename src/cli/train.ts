/** `token-lens train`: skip-gram embeddings trained on your own text, written as .safetensors. */
import { accessSync, closeSync, constants, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CorpusBuilder, SKIP_GRAM_DEFAULTS, describeCorpus, SkipGramTrainer, type TrainingProgress, trainedSafetensorsPieces } from '../core/training';
import type { Command } from './command';
import { EMBEDDING_LIMITS } from '../core/embeddings';
import { type Io, describeFsError, inputError, loadEncoder, parseEncoding, parseInteger, usageError } from './common';
import { checkStdinOnce, parseMaxSize, readTextInput } from './input';

const USAGE =
  'token-lens train CORPUS... --out PATH.safetensors [--encoding NAME] [--dim 64] [--epochs 5] [--window 5] [--negatives 5] [--seed 0] ' +
  '[--min-count 1] [--subsample 0.001] [--f16]';
/** Tokens per step between progress reports. */
const STEP_TOKENS = 100_000;

const DETAILS = [
  `usage: ${USAGE}`,
  '',
  'Trains word vectors on the CORPUS files (each file one document) with skip-gram and negative sampling,',
  'starting from the initial weights of --seed, and writes wte.weight (vocabulary × d) to --out: rows of',
  'tokens the corpus lacks stay at their initial values. Open it with --weights in embed, neighbors, project.',
  '',
  `  --dim N          vector length d (default ${SKIP_GRAM_DEFAULTS.dimension})`,
  `  --epochs N       passes over the corpus (default ${SKIP_GRAM_DEFAULTS.epochs})`,
  `  --window W       context tokens on each side, at most (default ${SKIP_GRAM_DEFAULTS.window})`,
  `  --negatives K    noise tokens per prediction (default ${SKIP_GRAM_DEFAULTS.negatives})`,
  `  --seed S         initial weights and training randomness (default ${SKIP_GRAM_DEFAULTS.seed})`,
  '  --min-count N    train only tokens seen at least N times (default 1)',
  `  --subsample T    skip tokens whose share of the corpus exceeds T, more often the commoner (default ${SKIP_GRAM_DEFAULTS.subsample}; 0: never)`,
  '  --f16            store half-precision values (half the size)',
  '  --encoding NAME  o200k_base (default), cl100k_base, p50k_base, r50k_base',
  'Progress goes to stderr: a bar in a terminal, a line per 10 % otherwise.',
].join('\n');

export const trainCommand: Command = {
  name: 'train',
  usage: USAGE,
  summary: 'train token embeddings on your own text (skip-gram) and write them as .safetensors',
  details: DETAILS,
  options: {
    out: { type: 'string', short: 'o' },
    encoding: { type: 'string', short: 'e' },
    dim: { type: 'string' },
    epochs: { type: 'string' },
    window: { type: 'string' },
    negatives: { type: 'string' },
    seed: { type: 'string' },
    'min-count': { type: 'string' },
    subsample: { type: 'string' },
    f16: { type: 'boolean' },
  },
  maxPositionals: Number.MAX_SAFE_INTEGER,
  async run(values, files, io) {
    if (files.length === 0) throw usageError(`expected at least one CORPUS file; usage: ${USAGE}`);
    checkStdinOnce(files);
    const out = values.out as string | undefined;
    if (out === undefined) throw usageError(`expected --out PATH.safetensors; usage: ${USAGE}`);
    if (out === '') throw usageError(`expected --out PATH.safetensors, got an empty path; usage: ${USAGE}`);
    const options = {
      dimension: parseInteger('dim', values.dim as string | undefined, { min: 1, max: 4096 }, SKIP_GRAM_DEFAULTS.dimension),
      epochs: parseInteger('epochs', values.epochs as string | undefined, { min: 1, max: 1000 }, SKIP_GRAM_DEFAULTS.epochs),
      window: parseInteger('window', values.window as string | undefined, { min: 1, max: 100 }, SKIP_GRAM_DEFAULTS.window),
      negatives: parseInteger('negatives', values.negatives as string | undefined, { min: 0, max: 100 }, SKIP_GRAM_DEFAULTS.negatives),
      seed: parseInteger('seed', values.seed as string | undefined, EMBEDDING_LIMITS.seed, SKIP_GRAM_DEFAULTS.seed),
    };
    const subsample = parseSubsample(values.subsample as string | undefined);
    const minCount = parseInteger('min-count', values['min-count'] as string | undefined, { min: 1, max: 1_000_000_000 }, 1);
    checkWritable(out);
    const encoder = loadEncoder(parseEncoding(values.encoding as string | undefined));
    const builder = new CorpusBuilder(encoder.vocabularySize);
    let bytes = 0;
    for (const file of files) {
      const text = await readCorpusFile(file, io);
      bytes += text.length;
      builder.add(encoder.encode(text));
    }
    const corpus = builder.finish(minCount);
    if (corpus.tokenCount === 0) throw inputError(`the corpus has no tokens${minCount > 1 ? ` seen ${minCount} times or more` : ''}: ${files.join(', ')}`);
    const description = describeFiles(files, bytes);
    io.stderr.write(`training on ${description}: ${corpus.tokenCount.toLocaleString('en-US')} ${encoder.name} tokens, ${corpus.ids.length.toLocaleString('en-US')} distinct\n`);
    const trainer = new SkipGramTrainer(corpus, { ...options, subsample });
    const started = Date.now();
    const report = progressReporter(io);
    let progress = trainer.progress;
    while (!trainer.done) {
      progress = trainer.step(STEP_TOKENS);
      report(progress);
    }
    // NaN: not one (token, context) pair was trained, so every row would still be an initial one.
    if (Number.isNaN(progress.loss)) {
      const tokens = `${corpus.tokenCount} token${corpus.tokenCount === 1 ? '' : 's'}`;
      const hint = subsample > 0 ? ' (try --subsample 0)' : '';
      throw inputError(`${files.join(', ')}: expected two tokens within --window of each other in one file to learn from, found none in ${tokens}${hint}; nothing written`);
    }
    const seconds = (Date.now() - started) / 1000;
    const embeddings = trainer.embeddings(basename(out));
    const pieces = trainedSafetensorsPieces(
      embeddings,
      { encoding: encoder.name, corpus: description, tokensTrained: progress.tokensDone, finalLoss: progress.loss, ...options },
      values.f16 ? 'F16' : 'F32',
    );
    writeWhole(out, pieces);
    const rate = Math.round(progress.tokensDone / Math.max(seconds, 1e-3));
    io.stderr.write(
      `done: final loss ${progress.loss.toFixed(4)}, ${rate.toLocaleString('en-US')} tokens/s, ${seconds.toFixed(1)} s; ` +
        `wrote ${out} (${corpus.ids.length.toLocaleString('en-US')} of ${encoder.vocabularySize.toLocaleString('en-US')} rows trained, d = ${options.dimension})\n`,
    );
  },
};

/** Writes the pieces to a file beside `out`, then renames it: a failure (a full disk) leaves no partial `out`, and any earlier `out` whole. */
function writeWhole(out: string, pieces: Iterable<Uint8Array>): void {
  const partial = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  try {
    const fd = openSync(partial, 'w');
    try {
      for (const piece of pieces) for (let at = 0; at < piece.length; ) at += writeSync(fd, piece, at);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw inputError(`cannot write ${out}: ${describeFsError(error)}`);
  }
}

/** A corpus file read as any text input is (regular files and pipes, bounded, UTF-8 with a warning for invalid bytes). */
function readCorpusFile(file: string, io: Io): Promise<string> {
  return readTextInput(file, io, parseMaxSize(undefined));
}

/** --subsample: a decimal number (an exponent allowed, as in 1e-4) from 0 up to, not including, 1; nothing else, not even "". */
function parseSubsample(value: string | undefined): number {
  if (value === undefined) return SKIP_GRAM_DEFAULTS.subsample;
  const number = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= 0 && number < 1)) throw usageError(`--subsample must be a decimal number from 0 up to (not including) 1, got ${JSON.stringify(value)}`);
  return number;
}

/** Fails before hours of training rather than after: the folder must exist and --out be a writable file. */
function checkWritable(out: string): void {
  try {
    const folder = statSync(dirname(out));
    if (!folder.isDirectory()) throw Object.assign(new Error('its folder is not a directory'), { code: 'ENOTDIR' });
    accessSync(dirname(out), constants.W_OK);
    if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    accessSync(out, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory()) return;
    throw inputError(`cannot write ${out}: ${describeFsError(error)}`);
  }
}

function describeFiles(files: readonly string[], characters: number): string {
  return describeCorpus(files.map((file) => basename(file)), characters);
}

/** A redrawn bar on a terminal; a plain line per 10 % when stderr is a pipe or a file. */
function progressReporter(io: Io): (progress: TrainingProgress) => void {
  let lastTenth = 0;
  return (progress) => {
    const share = progress.tokensDone / Math.max(1, progress.tokensTotal);
    const rate = progress.tokensPerSecond === undefined ? '' : `  ${Math.round(progress.tokensPerSecond).toLocaleString('en-US')} tokens/s`;
    const facts = `epoch ${progress.epoch}/${progress.epochs}  loss ${progress.loss.toFixed(4)}${rate}`;
    if (io.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)} %  ${facts}\x1b[K`);
      if (progress.done) io.stderr.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth > lastTenth || progress.done) {
      lastTenth = tenth;
      io.stderr.write(`${(share * 100).toFixed(0).padStart(3)} %  ${facts}\n`);
    }
  };
}
