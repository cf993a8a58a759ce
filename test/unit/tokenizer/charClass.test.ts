/** The scanners' character classes agree with each code point's own categories. */
import * as assert from 'node:assert/strict';
import { LETTER, LINE_BREAK, LOWERISH, NUMBER, PUNCT_OR_SYMBOL, SPACE, UPPERISH, bmpFlags, classOf } from '../../../src/core/tokenizer/charClass';

/** The flags the scanners expect, from one test per class on the code point alone. */
function expected(codePoint: number): number {
  const c = String.fromCodePoint(codePoint);
  const is = (pattern: RegExp) => pattern.test(c);
  let flags = 0;
  if (is(/^\p{L}$/u)) flags |= LETTER;
  if (is(/^\p{N}$/u)) flags |= NUMBER;
  if (is(/^\s$/u)) flags |= SPACE;
  if (is(/^[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]$/u)) flags |= UPPERISH;
  if (is(/^[\p{Ll}\p{Lm}\p{Lo}\p{M}]$/u)) flags |= LOWERISH;
  if (is(/^[\r\n]$/u)) flags |= LINE_BREAK;
  if (is(/^[\p{P}\p{S}]$/u)) flags |= PUNCT_OR_SYMBOL;
  return flags;
}

const ALL = LETTER | NUMBER | SPACE | UPPERISH | LOWERISH | LINE_BREAK | PUNCT_OR_SYMBOL;

describe('charClass', () => {
  it('gives every BMP code point, surrogates included, the flags of its own categories, and keeps them in bmpFlags', () => {
    const wrong: string[] = [];
    for (let codePoint = 0; codePoint < 0x10000; codePoint++) {
      const flags = classOf(codePoint) & ALL;
      if (flags !== expected(codePoint) || (bmpFlags[codePoint] & ALL) !== flags) wrong.push(codePoint.toString(16));
    }
    assert.deepEqual(wrong.slice(0, 10), []);
  });

  it('classifies astral code points one by one (letters, numbers, symbols, unassigned)', () => {
    for (const codePoint of [0x1f600, 0x20000, 0x1d7ce, 0x10400, 0x10428, 0xe0001, 0x10ffff]) {
      assert.equal(classOf(codePoint) & ALL, expected(codePoint), codePoint.toString(16));
    }
  });
});
