import * as assert from 'node:assert/strict';
import { cutText } from '../../../src/core/text/cut';

describe('cutText', () => {
  it('keeps the first max units, one fewer when the cut would split a surrogate pair, and short text whole', () => {
    assert.equal(cutText('abc😀', 4), 'abc');
    assert.equal(cutText('abc😀', 5), 'abc😀');
    assert.equal(cutText('ab😀c', 4), 'ab😀');
    assert.equal(cutText('abcdef', 3), 'abc');
    assert.equal(cutText('ab', 10), 'ab');
    // Every cut of a text of emoji and letters leaves no lone high surrogate at the end.
    const text = 'a😀b😀😀c東京🙂';
    for (let max = 0; max <= text.length; max++) assert.ok(!/[\uD800-\uDBFF]$/.test(cutText(text, max)) && text.startsWith(cutText(text, max)) && cutText(text, max).length >= max - 1, `max ${max}`);
  });
});
