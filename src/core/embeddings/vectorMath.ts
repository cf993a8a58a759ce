/** Small vector helpers. Sums are exact float32 additions; products accumulate in double. */

/** a + b element-wise, each sum rounded once to float32 (what a float32 Transformer computes). */
export function addVectors(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length !== b.length) throw new RangeError(`cannot add vectors of lengths ${a.length} and ${b.length}`);
  const sum = new Float32Array(a.length);
  // The double sum of two float32s is exact up to one rounding, so storing it rounds exactly once.
  for (let i = 0; i < a.length; i++) sum[i] = a[i] + b[i];
  return sum;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cannot multiply vectors of lengths ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Euclidean length √(Σ vᵢ²). */
export function l2Norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}

/** Whether every value is a finite number (no NaN, no ±Infinity). */
export function allFinite(vector: ArrayLike<number>): boolean {
  for (let i = 0; i < vector.length; i++) if (!Number.isFinite(vector[i])) return false;
  return true;
}

/** Cosine of the angle between a and b; 0 when either is the zero vector. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const lengths = l2Norm(a) * l2Norm(b);
  return lengths === 0 ? 0 : dot(a, b) / lengths;
}

/**
 * The shortest decimal that reads back as the same float32 ("0.02", not "0.019999999552965164").
 * Binary search works because more digits never stop a decimal from reading back.
 */
export function float32ToString(value: number): string {
  const target = Math.fround(value);
  if (!Number.isFinite(target)) return String(target);
  let low = 1;
  let high = 9; // 9 significant digits always identify a float32
  while (low < high) {
    const digits = (low + high) >> 1;
    if (Math.fround(Number(target.toPrecision(digits))) === target) high = digits;
    else low = digits + 1;
  }
  return String(Number(target.toPrecision(low)));
}

/** A float32 as the double nearest its shortest decimal, so JSON.stringify prints it short. */
export function float32ForJson(value: number): number {
  return Number(float32ToString(value));
}
