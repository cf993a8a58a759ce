/**
 * Split behaviours as the Rust `tokenizers` crate documents them (the JS port treats the
 * merged ones as Isolated, so it cannot be the oracle here), and the Oniguruma → JavaScript
 * pattern translation.
 */
import * as assert from 'node:assert/strict';
import { translatePattern } from '../../../src/core/hf/regex';
import type { SplitBehavior } from '../../../src/core/hf/spec';
import { Splitter } from '../../../src/core/hf/splitter';

function pieces(text: string, step: ConstructorParameters<typeof Splitter>[0][number]): string[] {
  const out: string[] = [];
  new Splitter([step]).split(text, 0, text.length, (start, end) => out.push(text.slice(start, end)));
  return out;
}

describe('Hugging Face Split behaviours', () => {
  // normalizer.rs: "the-final--countdown" split on "-".
  const expected: Record<SplitBehavior, string[]> = {
    Removed: ['the', 'final', 'countdown'],
    Isolated: ['the', '-', 'final', '-', '-', 'countdown'],
    MergedWithPrevious: ['the-', 'final-', '-', 'countdown'],
    MergedWithNext: ['the', '-final', '-', '-countdown'],
    Contiguous: ['the', '-', 'final', '--', 'countdown'],
  };
  for (const [behavior, want] of Object.entries(expected) as [SplitBehavior, string[]][]) {
    it(`${behavior}, with a literal and with a pattern`, () => {
      assert.deepEqual(pieces('the-final--countdown', { literal: '-', behavior }), want);
      assert.deepEqual(pieces('the-final--countdown', { pattern: { source: '-', javascript: translatePattern('-') }, behavior }), want);
    });
  }

  it('a Sequence of splits cuts each piece of the one before, and a pattern sees only its piece', () => {
    const text = 'ab12345 x';
    const out: string[] = [];
    const splitter = new Splitter([
      { pattern: { source: '\\p{N}{1,3}', javascript: translatePattern('\\p{N}{1,3}') }, behavior: 'Isolated' },
      { pattern: { source: '\\s+(?!\\S)|\\S+', javascript: translatePattern('\\s+(?!\\S)|\\S+') }, behavior: 'Isolated' },
    ]);
    splitter.split(text, 0, text.length, (start, end) => out.push(text.slice(start, end)));
    assert.deepEqual(out, ['ab', '123', '45', ' ', 'x']);
    // \p{N}{1,3} runs on a hand-written scanner (DeepSeek V3's), the other as a regular expression.
    assert.deepEqual(splitter.untrustedPatterns, ['\\s+(?!\\S)|\\S+']);
  });
});

describe('Oniguruma patterns in JavaScript', () => {
  const matches = (pattern: string, text: string) => text.match(new RegExp(translatePattern(pattern), 'gu')) ?? [];

  it('(?i:…) folds ASCII letters only, as the JS port does', () => {
    assert.deepEqual(matches("(?i:'s|'ll)", "'S 'lL 'ſ"), ["'S", "'lL"]);
  });

  it('\\s is Unicode White_Space: U+0085 is space, U+FEFF is not', () => {
    assert.deepEqual(matches('\\s', 'a\u0085b\ufeffc'), ['\u0085']);
    assert.deepEqual(matches('[^\\s]+', 'a\u0085b\ufeff'), ['a', 'b\ufeff']);
  });

  it('. is anything but \\n; ^ and $ are line anchors', () => {
    assert.deepEqual(matches('.+', 'a\rb\nc'), ['a\rb', 'c']);
    assert.deepEqual(matches('^x', 'x\nx'), ['x', 'x']);
    assert.deepEqual(matches('x$', 'x\nx'), ['x', 'x']);
  });

  it('scripts, \\x{…}, {,n}, literal braces and \\d', () => {
    assert.deepEqual(matches('\\p{Han}+', 'ab中文c'), ['中文']);
    assert.deepEqual(matches('\\x{41}{,2}', 'AAA'), ['AA', 'A', '']);
    assert.deepEqual(matches('a{b', 'a{b'), ['a{b']);
    assert.deepEqual(matches('\\d+', 'x٣٤5'), ['٣٤5']);
  });
});
