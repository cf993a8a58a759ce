/** AddedTokenMatcher against a plain leftmost-longest search, on tokens that share first units and on generated text. */
import * as assert from 'node:assert/strict';
import { AddedTokenMatcher, addedTokenList } from '../../../src/core/hf/addedTokens';
import type { AddedTokenSpec } from '../../../src/core/hf/spec';

/** Leftmost, longest at that position; of equal contents the last listed. */
function reference(tokens: readonly AddedTokenSpec[], text: string): { start: number; end: number; id: number }[] {
  const matches: { start: number; end: number; id: number }[] = [];
  for (let i = 0; i < text.length; ) {
    let best: AddedTokenSpec | undefined;
    for (const token of tokens) {
      if (text.startsWith(token.content, i) && (!best || token.content.length >= best.content.length)) best = token;
    }
    if (!best) {
      i++;
      continue;
    }
    matches.push({ start: i, end: i + best.content.length, id: best.id });
    i += best.content.length;
  }
  return matches;
}

const spec = (content: string, id: number): AddedTokenSpec => ({ id, content, special: false, normalized: false, lstrip: false, rstrip: false });

describe('AddedTokenMatcher', () => {
  it('finds runs that share a first unit with words, tokens of one unit and repeated contents as a plain search does', () => {
    // "▁▁" and "▁▁▁" start where "▁a" does not; "<" starts tokens and is none; "x" is a whole token and starts "xy".
    const tokens = ['▁▁', '▁▁▁', '<unused0>', '<unused1>', '<b>', 'x', 'xy', '\n\n', '<b>'].map(spec);
    const matcher = new AddedTokenMatcher(addedTokenList(tokens), 0, 0);
    for (const text of ['▁a▁▁b▁▁▁▁c', 'a<b> <unused1><unused', 'xxyx\n\n\n<', '▁', '<', 'x', '']) {
      assert.deepEqual(matcher.findAll(text, 0, text.length), reference(tokens, text), JSON.stringify(text));
    }
  });

  it('equals a plain search on generated tokens and texts over a small alphabet', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const alphabet = ['a', 'b', '▁', '<', '>', '\n', '好', '\u{1F600}'];
    const word = (length: number) => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const tokens = Array.from({ length: 1 + random(12) }, (_, id) => spec(word(1 + random(4)), id));
      const matcher = new AddedTokenMatcher(addedTokenList(tokens), 0, 0);
      const text = word(random(60));
      assert.deepEqual(matcher.findAll(text, 0, text.length), reference(tokens, text), `${JSON.stringify(tokens.map((t) => t.content))} in ${JSON.stringify(text)}`);
    }
  });
});
