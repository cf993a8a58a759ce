/**
 * Skip-gram with negative sampling (Mikolov et al. 2013, as in word2vec and fastText) over
 * token ids, in steps: `step(budget)` reads up to `budget` tokens and returns, so a worker can
 * report progress, send snapshots and stop between steps. Deterministic for a seed and corpus:
 * one seeded generator drives subsampling, window sizes and negatives, in reading order.
 *
 * Rows start as the initial weights of the same seed and dimension (N(0, 0.02²) per token id),
 * so "before" and "after" are the same tokens' rows; output vectors start at zero (word2vec).
 * Only the rows of tokens in the corpus live in memory, at their compact index.
 * Noise tokens are drawn once per centre token and shared by all its context tokens (as in
 * Ji et al. 2016, "Parallelizing Word2Vec in Shared and Distributed Memory"): the same few
 * output rows are updated back to back while in cache, 1.6–1.75× faster here than a draw per pair.
 */
import { fillNormalRow, rowKey, tableKey } from '../embeddings/gaussian';
import { INITIAL_STANDARD_DEVIATION } from '../embeddings/initialWeights';
import { SeededRandom } from '../projection/random';
import { DOCUMENT_BREAK, type TrainingCorpus } from './corpus';
import { type SkipGramOptions, resolveOptions } from './options';
import { TrainedEmbeddings, trainedIndexOf } from './trainedEmbeddings';
import {
  LOGIT_SCALE,
  MAX_LOGIT,
  NEGATIVE_TABLE_BITS,
  keepThresholds,
  negativeLogSigmoidTable,
  negativeTable,
  sigmoidTable,
} from './tables';

export interface TrainingProgress {
  /** 1-based pass being trained (the last one once done). */
  readonly epoch: number;
  readonly epochs: number;
  /** Tokens read so far over all passes, skipped ones included (fastText counts the same way). */
  readonly tokensDone: number;
  readonly tokensTotal: number;
  /** Mean loss per (token, context) prediction in the last step: −log σ(positive) − Σ log σ(−negative). */
  readonly loss: number;
  /** Tokens read per second in the last step; undefined when it was too short to time. */
  readonly tokensPerSecond: number | undefined;
  readonly learningRate: number;
  readonly done: boolean;
}

/** Tokens kept for one window pass: word2vec's sentence length. */
const SENTENCE = 1000;

export class SkipGramTrainer {
  readonly options: Readonly<Required<SkipGramOptions>>;
  /** Input vectors (the embeddings), compact index × d. */
  readonly inputRows: Float32Array;
  private readonly outputRows: Float32Array;
  private readonly gradient: Float32Array;
  private readonly sigmoid = sigmoidTable();
  private readonly lossTable = negativeLogSigmoidTable();
  private readonly negativesTable: Int32Array;
  private readonly keep: Float64Array;
  private readonly random: SeededRandom;
  private readonly sentence = new Int32Array(SENTENCE);
  private readonly targets: Int32Array;
  private readonly tokensTotal: number;
  private position = 0;
  private epochIndex = 0;
  private tokensDone = 0;
  private lastLoss = Number.NaN;

  constructor(
    readonly corpus: TrainingCorpus,
    options: SkipGramOptions = {},
  ) {
    this.options = resolveOptions(options);
    const { dimension, seed } = this.options;
    const rows = corpus.ids.length;
    this.inputRows = new Float32Array(rows * dimension);
    const key = tableKey(seed, 'word');
    for (let i = 0; i < rows; i++) {
      fillNormalRow(rowKey(key, corpus.ids[i]), INITIAL_STANDARD_DEVIATION, this.inputRows, i * dimension, dimension);
    }
    this.outputRows = new Float32Array(rows * dimension);
    this.gradient = new Float32Array(dimension);
    this.targets = new Int32Array(this.options.negatives + 1);
    this.negativesTable = negativeTable(corpus.counts);
    this.keep = keepThresholds(corpus.counts, corpus.tokenCount, this.options.subsample);
    this.random = new SeededRandom(seed);
    this.tokensTotal = corpus.tokenCount * this.options.epochs;
  }

  get done(): boolean {
    return this.epochIndex >= this.options.epochs || this.corpus.tokenCount === 0;
  }

  get progress(): TrainingProgress {
    return this.report(Number.NaN, undefined);
  }

  /** Trains on up to about `budgetTokens` more tokens (whole sentences of up to 1000), then returns. */
  step(budgetTokens: number): TrainingProgress {
    if (!(budgetTokens > 0)) throw new RangeError(`budgetTokens must be positive, got ${budgetTokens}`);
    const started = performance.now();
    const before = this.tokensDone;
    let lossSum = 0;
    let predictions = 0;
    while (!this.done && this.tokensDone - before < budgetTokens) {
      const kept = this.readSentence();
      const result = this.trainSentence(kept);
      lossSum += result.loss;
      predictions += result.predictions;
      if (this.position >= this.corpus.stream.length) {
        this.position = 0;
        this.epochIndex++;
      }
    }
    if (predictions > 0) this.lastLoss = lossSum / predictions;
    const seconds = (performance.now() - started) / 1000;
    return this.report(this.lastLoss, seconds > 0.005 ? (this.tokensDone - before) / seconds : undefined);
  }

  /** Trains to the end. */
  run(): TrainingProgress {
    let progress = this.progress;
    while (!this.done) progress = this.step(1 << 20);
    return progress;
  }

  /**
   * The current vectors of `tokenIds`, back to back (a copy): a snapshot of the tracked tokens
   * for a moving picture. Tokens the corpus lacks keep their initial rows.
   */
  snapshot(tokenIds: readonly number[]): Float32Array {
    const d = this.options.dimension;
    const out = new Float32Array(tokenIds.length * d);
    const key = tableKey(this.options.seed, 'word');
    tokenIds.forEach((id, i) => {
      const index = trainedIndexOf(this.corpus.ids, id);
      if (index >= 0) out.set(this.inputRows.subarray(index * d, (index + 1) * d), i * d);
      else fillNormalRow(rowKey(key, id), INITIAL_STANDARD_DEVIATION, out, i * d, d);
    });
    return out;
  }

  /** What was learned so far as an embedding source (rows copied: training may go on). */
  embeddings(name: string): TrainedEmbeddings {
    const { dimension, seed } = this.options;
    return new TrainedEmbeddings({
      name,
      vocabularySize: this.corpus.vocabularySize,
      dimension,
      seed,
      ids: this.corpus.ids.slice(),
      rows: this.inputRows.slice(),
    });
  }

  private report(loss: number, tokensPerSecond: number | undefined): TrainingProgress {
    const { epochs } = this.options;
    return {
      epoch: Math.min(this.epochIndex + 1, epochs),
      epochs,
      tokensDone: this.tokensDone,
      tokensTotal: this.tokensTotal,
      loss,
      tokensPerSecond,
      learningRate: this.learningRate(),
      done: this.done,
    };
  }

  private learningRate(): number {
    const start = this.options.learningRate;
    const remaining = this.tokensTotal === 0 ? 0 : 1 - this.tokensDone / this.tokensTotal;
    return Math.max(start * 1e-4, start * remaining);
  }

  /** Fills `sentence` with the next kept tokens up to a document break; returns how many. */
  private readSentence(): number {
    const { stream } = this.corpus;
    const { sentence, keep, random } = this;
    let kept = 0;
    let position = this.position;
    let read = 0;
    while (position < stream.length && kept < SENTENCE) {
      const token = stream[position++];
      if (token === DOCUMENT_BREAK) break;
      read++;
      if (random.nextUint32() < keep[token]) sentence[kept++] = token;
    }
    this.position = position;
    this.tokensDone += read;
    return kept;
  }

  /** One window pass over the sentence; returns the summed loss and the number of predictions. */
  private trainSentence(length: number): { loss: number; predictions: number } {
    const d = this.options.dimension;
    const window = this.options.window;
    const negatives = this.options.negatives;
    const { sentence, inputRows, outputRows, gradient, sigmoid, lossTable, negativesTable, random, targets } = this;
    const alpha = this.learningRate();
    const shift = 32 - NEGATIVE_TABLE_BITS;
    const last = sigmoid.length - 1;
    const unrolled = d - (d % 4);
    let loss = 0;
    let predictions = 0;
    for (let center = 0; center < length; center++) {
      const word = sentence[center];
      const reach = 1 + (random.nextUint32() % window);
      const from = center - reach < 0 ? 0 : center - reach;
      const to = center + reach >= length ? length - 1 : center + reach;
      // One draw of noise tokens per centre, shared by its context tokens (the same output rows stay hot in cache).
      targets[0] = word;
      for (let sample = 1; sample <= negatives; sample++) targets[sample] = negativesTable[random.nextUint32() >>> shift];
      for (let context = from; context <= to; context++) {
        if (context === center) continue;
        const input = sentence[context] * d;
        for (let sample = 0; sample <= negatives; sample++) {
          const target = targets[sample];
          if (sample > 0 && target === word) continue;
          const label = sample === 0 ? 1 : 0;
          const output = target * d;
          let logit = 0;
          let j = 0;
          for (; j < unrolled; j += 4) {
            logit +=
              inputRows[input + j] * outputRows[output + j] +
              inputRows[input + j + 1] * outputRows[output + j + 1] +
              inputRows[input + j + 2] * outputRows[output + j + 2] +
              inputRows[input + j + 3] * outputRows[output + j + 3];
          }
          for (; j < d; j++) logit += inputRows[input + j] * outputRows[output + j];
          let slot = ((logit + MAX_LOGIT) * LOGIT_SCALE + 0.5) | 0;
          slot = slot < 0 ? 0 : slot > last ? last : slot;
          // The loss of a negative at logit x is −log σ(−x): the mirrored entry.
          loss += label === 1 ? lossTable[slot] : lossTable[last - slot];
          const step = (label - sigmoid[slot]) * alpha;
          let k = 0;
          for (; k < unrolled; k += 4) {
            const o0 = outputRows[output + k];
            const o1 = outputRows[output + k + 1];
            const o2 = outputRows[output + k + 2];
            const o3 = outputRows[output + k + 3];
            gradient[k] += step * o0;
            gradient[k + 1] += step * o1;
            gradient[k + 2] += step * o2;
            gradient[k + 3] += step * o3;
            outputRows[output + k] = o0 + step * inputRows[input + k];
            outputRows[output + k + 1] = o1 + step * inputRows[input + k + 1];
            outputRows[output + k + 2] = o2 + step * inputRows[input + k + 2];
            outputRows[output + k + 3] = o3 + step * inputRows[input + k + 3];
          }
          for (; k < d; k++) {
            const out = outputRows[output + k];
            gradient[k] += step * out;
            outputRows[output + k] = out + step * inputRows[input + k];
          }
        }
        for (let j = 0; j < d; j++) {
          inputRows[input + j] += gradient[j];
          gradient[j] = 0;
        }
        predictions++;
      }
    }
    return { loss, predictions };
  }
}
