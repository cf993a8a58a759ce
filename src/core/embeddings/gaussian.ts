/**
 * Counter-based normal random numbers: the value at (seed, table, row, column) is a pure
 * function of those four numbers, so any row of a 50257 × 12288 matrix can be computed on
 * demand, in any order, in any thread, without materialising the matrix.
 *
 * Scheme (stable: changing it changes every "initial weights" users have seen):
 *   mix(x)       Chris Wellons' lowbias32 integer hash (a bijection on 32 bits).
 *   tableKey     mix(seedLow32 ^ mix(seedHigh ^ TABLE_SALT[table]))
 *   rowKey       mix(tableKey ^ mix(row + 0x6a09e667))
 *   bits(c)      mix(mix(rowKey ^ mix(c ^ 0xbb67ae85)) + rowKey)   (32 bits for counter c)
 * Columns come in pairs (2p, 2p + 1): counters 2p and 2p + 1 give two uniforms u1, u2 in
 * (0, 1), and Box–Muller turns them into r·cos θ and r·sin θ with r = √(−2 ln u1), θ = 2π u2.
 * A column's value therefore does not depend on d: widening a matrix keeps its first columns.
 */

/** Which table a stream feeds; each gets independent numbers for the same seed and row. */
export type RandomTable = 'word' | 'position';

const TABLE_SALT: Readonly<Record<RandomTable, number>> = { word: 0x3c6ef372, position: 0xa54ff53a };
const TWO_TO_32 = 4294967296;

/** lowbias32 (https://nullprogram.com/blog/2018/07/31/): good avalanche, 4 multiplies/shifts. */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The key every row of one table derives from. `seed` is any safe integer ≥ 0. */
export function tableKey(seed: number, table: RandomTable): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a safe integer ≥ 0, got ${seed}`);
  const low = seed % TWO_TO_32;
  const high = Math.floor(seed / TWO_TO_32);
  return mix32(low ^ mix32(high ^ TABLE_SALT[table]));
}

export function rowKey(key: number, row: number): number {
  return mix32(key ^ mix32(row + 0x6a09e667));
}

/** 32 random bits for counter `counter` of a row. */
function rowBits(key: number, counter: number): number {
  const first = mix32(key ^ mix32(counter ^ 0xbb67ae85));
  return mix32(first + key);
}

/**
 * Fills `out[offset … offset + columns)` with N(0, std²) values for one row, rounded to float32.
 * `key` comes from rowKey(tableKey(seed, table), row).
 */
export function fillNormalRow(key: number, std: number, out: Float32Array, offset: number, columns: number): void {
  for (let pair = 0, column = 0; column < columns; pair++, column += 2) {
    // (bits + 0.5) / 2^32 lies strictly inside (0, 1): the logarithm is finite.
    const u1 = (rowBits(key, 2 * pair) + 0.5) / TWO_TO_32;
    const u2 = (rowBits(key, 2 * pair + 1) + 0.5) / TWO_TO_32;
    const radius = std * Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    out[offset + column] = radius * Math.cos(angle);
    if (column + 1 < columns) out[offset + column + 1] = radius * Math.sin(angle);
  }
}
