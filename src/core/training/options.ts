/** Skip-gram's settings: defaults (one place) and checks with the name, the rule and the value. */

export interface SkipGramOptions {
  /** Vector length d. Default 64. */
  readonly dimension?: number;
  /** Largest distance between a token and a context token; each position draws 1…window. Default 5. */
  readonly window?: number;
  /** Noise tokens per (token, context) pair. Default 5. */
  readonly negatives?: number;
  /** Passes over the corpus. Default 5. */
  readonly epochs?: number;
  /** Starting learning rate, decaying linearly to 0.01 % of it. Default 0.025 (word2vec). */
  readonly learningRate?: number;
  /** Subsampling threshold t: tokens with a larger share than t are randomly skipped. Default 1e-3 (word2vec); 0 turns it off. */
  readonly subsample?: number;
  /** Seeds both the initial rows and the training randomness. Default 0. */
  readonly seed?: number;
}

export const SKIP_GRAM_DEFAULTS = {
  dimension: 64,
  window: 5,
  negatives: 5,
  epochs: 5,
  learningRate: 0.025,
  subsample: 1e-3,
  seed: 0,
} as const satisfies Required<SkipGramOptions>;

export function resolveOptions(options: SkipGramOptions): Readonly<Required<SkipGramOptions>> {
  const resolved = { ...SKIP_GRAM_DEFAULTS, ...stripUndefined(options) };
  const integers = [['dimension', 1], ['window', 1], ['negatives', 0], ['epochs', 1], ['seed', 0]] as const;
  for (const [name, min] of integers) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
  if (!(resolved.learningRate > 0 && Number.isFinite(resolved.learningRate))) {
    throw new RangeError(`learningRate must be a positive number, got ${resolved.learningRate}`);
  }
  if (!(resolved.subsample >= 0 && Number.isFinite(resolved.subsample))) {
    throw new RangeError(`subsample must be a number ≥ 0, got ${resolved.subsample}`);
  }
  return resolved;
}

function stripUndefined(options: SkipGramOptions): Partial<Required<SkipGramOptions>> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
