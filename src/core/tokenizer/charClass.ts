/**
 * Unicode classes the pre-tokenizer patterns use, per code point, as bit flags. Computed
 * with `u`-flag regular expressions (so they agree with the patterns' own \p{…} by
 * construction) the first time a code point is seen, then cached.
 */
export const LETTER = 1; // \p{L}
export const NUMBER = 2; // \p{N}
export const SPACE = 4; // \s
export const UPPERISH = 8; // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]  (o200k)
export const LOWERISH = 16; // [\p{Ll}\p{Lm}\p{Lo}\p{M}]  (o200k)
export const LINE_BREAK = 32; // [\r\n]
export const PUNCT_OR_SYMBOL = 64; // [\p{P}\p{S}]  (DeepSeek V3)
/** Set on every computed entry, so 0 means "not computed yet". */
const KNOWN = 128;

/**
 * A code point has exactly one general category, so one match tells every flag: the group
 * that matched says which. (No \s character is a letter, mark or number.)
 */
const category = /^(?:(\p{Lu}|\p{Lt})|(\p{Ll})|(\p{Lm}|\p{Lo})|(\p{M})|(\p{N})|(\s)|(\p{P}|\p{S}))/u;
const groupFlags = [0, LETTER | UPPERISH, LETTER | LOWERISH, LETTER | UPPERISH | LOWERISH, UPPERISH | LOWERISH, NUMBER, SPACE, PUNCT_OR_SYMBOL];

function compute(codePoint: number): number {
  const match = category.exec(String.fromCodePoint(codePoint));
  let flags = KNOWN | (codePoint === 0x0a || codePoint === 0x0d ? LINE_BREAK : 0);
  if (match) for (let group = 1; group < groupFlags.length; group++) if (match[group] !== undefined) flags |= groupFlags[group];
  return flags;
}

/**
 * Flags of the BMP code points computed so far (0: not yet, call classOf). Scanners read it
 * inline in their loops: a call per character is most of a cold process's first scan.
 */
export const bmpFlags: Readonly<Uint8Array> = new Uint8Array(0x10000);
const basic = bmpFlags as Uint8Array;
const astral = new Map<number, number>();

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

/** `[^\s\p{L}\p{N}]`: flags of some character that is neither space, letter nor number. */
export function isOther(flags: number): boolean {
  return flags !== 0 && (flags & (LETTER | NUMBER | SPACE)) === 0;
}

/** `[\r\n/]` (o200k), by UTF-16 unit. */
export function isBreakOrSlash(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2f;
}
