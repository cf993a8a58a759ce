/**
 * Training in the worker: walks a folder (files.exclude, .gitignore, a size cap, binary files
 * skipped), tokenizes what it reads, and trains skip-gram in steps, yielding between them so a
 * cancel is seen. What was learned is held by job until the host says to write or drop it.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { decodeUtf8Lenient } from '../../core/text/decode';
import { Encoder } from '../../core/tokenizer';
import { CorpusBuilder, SkipGramTrainer, type TrainingProgress, describeCorpus, frequentTokens, trainedSafetensorsPieces } from '../../core/training';
import { projectSnapshot } from '../../core/training/snapshots';
import { globToRegExp, parseExcludeGlobs, walkWorkspace } from '../../core/workspace';
import { nodeWorkspaceFileSystem } from '../../node/workspaceFileSystem';
import type { SaveTrainingRequest, TrainRequest, TrainResult, TrainingSnapshot, TrainingUpdate } from './protocol';

/** Tokens per step: a few tens of milliseconds at d = 64, so cancel and progress stay prompt; one loss point each. */
const STEP_TOKENS = 5_000;
/** Progress reports at most this often. */
const REPORT_MS = 100;
/** Snapshots of the tracked tokens at most this often. */
const SNAPSHOT_MS = 400;
/** Tokens the moving picture tracks: the corpus's most frequent ones. */
const TRACKED_TOKENS = 40;
/** Text read at most, in characters: the corpus (4 bytes a token) stays well inside the worker's heap. */
export const MAX_CORPUS_CHARACTERS = 64_000_000;

interface Held {
  readonly trainer: SkipGramTrainer;
  readonly encoding: string;
  readonly corpus: string;
  readonly progress: TrainingProgress;
}

const held = new Map<number, Held>();
let nextJob = 1;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function train(request: TrainRequest, signal: AbortSignal, report: (update: TrainingUpdate) => void): Promise<TrainResult> {
  const encoder = Encoder.fromRankFile(await readFile(request.ranksFile), request.ranksFile);
  const pattern = globToRegExp(request.include);
  if (typeof pattern === 'string') throw new Error(`${request.include}: ${pattern}`);
  const { globs, errors } = parseExcludeGlobs(request.exclude);
  const builder = new CorpusBuilder(encoder.vocabularySize);
  const names: string[] = [];
  const skipped = { binary: [] as string[], tooLarge: [] as string[], unreadable: [] as string[] };
  let characters = 0;
  let lastReport = 0;
  const walk = walkWorkspace(nodeWorkspaceFileSystem(request.folder), {
    sizeCap: request.sizeCap,
    exclude: globs,
    include: (path) => pattern.test(path),
    isCancelled: () => signal.aborted,
  });
  for await (const file of walk) {
    if (file.status === 'text' && characters < MAX_CORPUS_CHARACTERS) {
      const { text } = decodeUtf8Lenient(file.bytes);
      builder.add(encoder.encode(text));
      names.push(file.path);
      characters += text.length;
    } else if (file.status === 'binary') skipped.binary.push(file.path);
    else if (file.status === 'error') skipped.unreadable.push(file.path);
    else skipped.tooLarge.push(file.path); // over the size cap, or past the corpus limit
    if (Date.now() - lastReport >= REPORT_MS) {
      lastReport = Date.now();
      report({ stage: 'reading', files: names.length, characters });
      await turn();
    }
  }
  const corpus = builder.finish();
  const description = describeCorpus(names, characters);
  const summary = { corpus: description, files: names.length, tokens: corpus.tokenCount, skipped, excludeErrors: errors };
  const trainer = new SkipGramTrainer(corpus, { dimension: request.dimension, epochs: request.epochs, seed: request.seed });
  let progress = trainer.progress;
  if (corpus.tokenCount === 0) return { ...summary, job: undefined, stopped: signal.aborted, progress };
  const tracked = frequentTokens(corpus, TRACKED_TOKENS);
  const texts = tracked.map((id) => new TextDecoder().decode(encoder.tokenBytes(id)));
  let previous: TrainingSnapshot | undefined;
  let lastSnapshot = Date.now();
  const snapshot = (): TrainingSnapshot => {
    previous = { texts, points: projectSnapshot(trainer.snapshot(tracked), tracked.length, request.dimension, previous?.points) };
    return previous;
  };
  report({ stage: 'training', progress, losses: [], snapshot: snapshot() });
  let losses: { fraction: number; loss: number }[] = [];
  const started = performance.now();
  // Tokens per second over the run so far: steadier than one step's, and known after a short last step.
  const steady = (): TrainingProgress => ({ ...progress, tokensPerSecond: progress.tokensDone / Math.max(1e-3, (performance.now() - started) / 1000) });
  while (!trainer.done && !signal.aborted) {
    progress = trainer.step(STEP_TOKENS);
    if (Number.isFinite(progress.loss)) losses.push({ fraction: progress.tokensDone / progress.tokensTotal, loss: progress.loss });
    const now = Date.now();
    if (now - lastReport >= REPORT_MS || trainer.done) {
      lastReport = now;
      const frame = now - lastSnapshot >= SNAPSHOT_MS || trainer.done;
      if (frame) lastSnapshot = now;
      report({ stage: 'training', progress: steady(), losses, snapshot: frame ? snapshot() : undefined });
      losses = [];
    }
    await turn(); // lets a cancel message in
  }
  // NaN: not one (token, context) pair was trained (a single token, or too early a cancel): every row is still an initial one.
  if (Number.isNaN(progress.loss)) return { ...summary, job: undefined, stopped: !trainer.done, progress };
  const job = nextJob++;
  held.set(job, { trainer, encoding: encoder.name, corpus: description, progress });
  return { ...summary, job, stopped: !trainer.done, progress };
}

/** Writes the job's embeddings (every row: trained over initial) as .safetensors, or drops them. */
export async function saveTraining(request: SaveTrainingRequest): Promise<string | undefined> {
  const job = held.get(request.job);
  held.delete(request.job);
  if (!job || request.out === undefined) return undefined;
  const { trainer, progress } = job;
  const { window, negatives, epochs } = trainer.options;
  const embeddings = trainer.embeddings(basename(request.out));
  const pieces = trainedSafetensorsPieces(
    embeddings,
    { encoding: job.encoding, corpus: job.corpus, tokensTrained: progress.tokensDone, finalLoss: progress.loss, window, negatives, epochs },
    'F16',
  );
  // Block by block into a file beside it, then renamed: the table is never whole in memory, and a failure leaves no partial file.
  await mkdir(dirname(request.out), { recursive: true });
  const partial = join(dirname(request.out), `.${basename(request.out)}.partial`);
  try {
    const file = await open(partial, 'w');
    try {
      for (const piece of pieces) await file.write(piece);
    } finally {
      await file.close();
    }
    await rename(partial, request.out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return request.out;
}
