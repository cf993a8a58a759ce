/**
 * The lookup tables that keep skip-gram's inner loop free of Math.exp and Math.log:
 * sigmoid and log-sigmoid on [-MAX_LOGIT, MAX_LOGIT], the unigram^0.75 negative-sampling
 * table, and each token's chance of surviving frequent-token subsampling.
 */

export const MAX_LOGIT = 8;
/** Table entries per unit of logit. */
export const LOGIT_SCALE = 64;
export const LOGIT_TABLE_SIZE = 2 * MAX_LOGIT * LOGIT_SCALE + 1;

/** sigmoid(x) at x = i / LOGIT_SCALE − MAX_LOGIT. */
export function sigmoidTable(): Float64Array {
  const table = new Float64Array(LOGIT_TABLE_SIZE);
  for (let i = 0; i < LOGIT_TABLE_SIZE; i++) table[i] = 1 / (1 + Math.exp(-(i / LOGIT_SCALE - MAX_LOGIT)));
  return table;
}

/** −log sigmoid(x) at the same points: the loss of a positive pair; the mirrored entry is a negative's. */
export function negativeLogSigmoidTable(): Float64Array {
  const table = new Float64Array(LOGIT_TABLE_SIZE);
  for (let i = 0; i < LOGIT_TABLE_SIZE; i++) table[i] = Math.log1p(Math.exp(-(i / LOGIT_SCALE - MAX_LOGIT)));
  return table;
}

/** log2 of the negative table's length: a 32-bit random number shifted right by 32 − this picks an entry. */
export const NEGATIVE_TABLE_BITS = 22;

/** Compact indices, each repeated in proportion to count^0.75 (word2vec's noise distribution). */
export function negativeTable(counts: Float64Array): Int32Array {
  const size = 1 << NEGATIVE_TABLE_BITS;
  const table = new Int32Array(size);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += Math.pow(counts[i], 0.75);
  if (counts.length === 0 || total === 0) return table;
  let index = 0;
  let cumulative = Math.pow(counts[0], 0.75) / total;
  for (let slot = 0; slot < size; slot++) {
    table[slot] = index;
    if ((slot + 1) / size > cumulative && index < counts.length - 1) {
      index++;
      cumulative += Math.pow(counts[index], 0.75) / total;
    }
  }
  return table;
}

/**
 * P(keep) × 2^32 for each compact index (word2vec's formula: (√(f/t) + 1)·t/f with f the
 * token's share of the corpus), so a uniform 32-bit number below it keeps the token.
 */
export function keepThresholds(counts: Float64Array, tokenCount: number, subsample: number): Float64Array {
  const thresholds = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    if (subsample <= 0 || tokenCount === 0) {
      thresholds[i] = 2 ** 32;
      continue;
    }
    const share = counts[i] / tokenCount;
    const keep = (Math.sqrt(share / subsample) + 1) * (subsample / share);
    thresholds[i] = Math.min(1, keep) * 2 ** 32;
  }
  return thresholds;
}
