/**
 * Unicode classes the pre-tokenizer patterns use, per code point, as bit flags. Computed
 * with the same `u`-flag regular expressions the patterns use (so they agree with V8 by
 * construction) the first time a code point is seen, then cached.
 */
export const LETTER = 1; // \p{L}
export const NUMBER = 2; // \p{N}
export const SPACE = 4; // \s
export const UPPERISH = 8; // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]  (o200k)
export const LOWERISH = 16; // [\p{Ll}\p{Lm}\p{Lo}\p{M}]  (o200k)
export const LINE_BREAK = 32; // [\r\n]
/** Set on every computed entry, so 0 means "not computed yet". */
const KNOWN = 128;

const tests: readonly [RegExp, number][] = [
  [/\p{L}/u, LETTER],
  [/\p{N}/u, NUMBER],
  [/\s/u, SPACE],
  [/[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]/u, UPPERISH],
  [/[\p{Ll}\p{Lm}\p{Lo}\p{M}]/u, LOWERISH],
  [/[\r\n]/u, LINE_BREAK],
];

function compute(codePoint: number): number {
  const text = String.fromCodePoint(codePoint);
  let flags = KNOWN;
  for (const [test, flag] of tests) if (test.test(text)) flags |= flag;
  return flags;
}

const basic = new Uint8Array(0x10000);
const astral = new Map<number, number>();
for (let c = 0; c < 0x80; c++) basic[c] = compute(c);

/** Flags of a code point (a lone surrogate is its own code point, in no class). */
export function classOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    const known = basic[codePoint];
    if (known !== 0) return known;
    return (basic[codePoint] = compute(codePoint));
  }
  let flags = astral.get(codePoint);
  if (flags === undefined) astral.set(codePoint, (flags = compute(codePoint)));
  return flags;
}
