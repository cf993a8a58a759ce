import type { ProjectionOptions, VectorMatrix } from './types';

/**
 * A fast non-cryptographic 64-bit hash of a Float32Array's values, as 16 hex digits: four
 * MurmurHash3 lanes take every fourth word (independent chains, so the CPU overlaps them) and
 * are mixed together at the end; about 10 ms for 10,000 × 768 values here. −0 and 0 hash alike,
 * NaN payloads do not. Not for adversarial inputs: a change confined to one word is caught with
 * probability 1 − 2⁻³².
 */
export function hashFloat32(values: Float32Array, seed = 0): string {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let h0 = (seed ^ 0x9747b28c) | 0;
  let h1 = (seed ^ 0x85ebca6b) | 0;
  let h2 = (seed ^ 0xc2b2ae35) | 0;
  let h3 = (seed ^ 0x27d4eb2f) | 0;
  const length = words.length;
  let index = 0;
  for (; index + 4 <= length; index += 4) {
    h0 = mixWord(h0, words[index]);
    h1 = mixWord(h1, words[index + 1]);
    h2 = mixWord(h2, words[index + 2]);
    h3 = mixWord(h3, words[index + 3]);
  }
  if (index < length) h0 = mixWord(h0, words[index]);
  if (index + 1 < length) h1 = mixWord(h1, words[index + 1]);
  if (index + 2 < length) h2 = mixWord(h2, words[index + 2]);
  const first = finalMix(h0 ^ finalMix(h1 ^ length));
  const second = finalMix(h2 ^ finalMix(h3 ^ first));
  return hex(first) + hex(second);
}

/** One MurmurHash3 round; −0 (sign bit only) is read as 0. */
function mixWord(hash: number, word: number): number {
  let k = Math.imul(word === 0x80000000 ? 0 : word, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  const mixed = hash ^ k;
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}

/**
 * Everything that decides a projection's output, as one string: the vectors' shape and hash,
 * the method, the seed and every method option (the signal and progress callback excluded).
 */
export function projectionCacheKey(input: VectorMatrix, options: ProjectionOptions): string {
  const settings = Object.entries(options)
    .filter(([key, value]) => key !== 'signal' && key !== 'onProgress' && value !== undefined)
    .filter(([, value]) => ['number', 'string', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key}=${String(value)}`);
  if (options.seed === undefined) settings.push('seed=1');
  return [`${input.rows}x${input.dims}`, hashFloat32(input.data), ...settings.sort()].join('|');
}

function finalMix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
