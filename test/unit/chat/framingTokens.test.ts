/** Which of a chat document's tokens the panel strip marks as framing: those inside the framing the count found. */
import * as assert from 'node:assert/strict';
import { countChat, framingTokenFlags, parseChat } from '../../../src/core/chat';
import { ourEncoder } from '../../support/encoders';

interface Span {
  readonly start: number;
  readonly end: number;
}

/** The document's tokens as the editor tracks them: one span each, in order. */
function documentTokens(text: string): Span[] {
  const spans = ourEncoder('o200k_base').tokenize(text);
  return Array.from({ length: spans.count }, (_, i) => ({ start: spans.starts[i], end: spans.ends[i] }));
}

function framingOf(text: string, hint: 'json' | 'markdown') {
  const parsed = parseChat(text, hint);
  if (!parsed.ok) assert.fail(`not read as a chat: ${parsed.reason}`);
  return countChat(parsed.chat, (piece) => ourEncoder('o200k_base').count(piece)).framingParts;
}

describe('framing tokens for the panel strip', () => {
  it('marks the tokens of a JSON request that lie in its roles and names, and none of its message text', () => {
    const text = JSON.stringify(
      { model: 'gpt-4o', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', name: 'ada', content: 'Count me: 東京 🙂' }] },
      null,
      2,
    );
    const tokens = documentTokens(text);
    const flags = framingTokenFlags(tokens, framingOf(text, 'json'));
    assert.equal(flags.length, tokens.length);
    const marked = tokens.filter((_, i) => flags[i]).map((token) => text.slice(token.start, token.end));
    for (const label of ['system', 'user', 'ada']) assert.ok(marked.some((piece) => piece.includes(label)), `${label} is marked: ${JSON.stringify(marked)}`);
    for (const content of ['You are terse.', 'Count me: 東京 🙂']) {
      const start = text.indexOf(content);
      const inside = tokens.filter((token, i) => flags[i] && token.start >= start && token.end <= start + content.length);
      assert.deepEqual(inside, [], `no token of ${JSON.stringify(content)} is marked`);
    }
  });

  it('marks the role headings of a Markdown prompt and not its messages', () => {
    const text = '## system\nBe brief.\n\n## user\nWhat is a token?\n';
    const tokens = documentTokens(text);
    const flags = framingTokenFlags(tokens, framingOf(text, 'markdown'));
    const marked = tokens.filter((_, i) => flags[i]).map((token) => text.slice(token.start, token.end)).join('');
    assert.match(marked, /system/);
    assert.match(marked, /user/);
    assert.doesNotMatch(marked, /brief|token\?/);
  });

  it('marks a token that only overlaps a framing range, ignores empty ranges, and reads ranges in any order', () => {
    const tokens = [
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 12 },
      { start: 12, end: 16 },
    ];
    const parts = [
      { range: { start: 14, end: 20 } },
      { range: { start: 2, end: 5 } },
      { range: { start: 9, end: 9 } }, // priming: empty, at a request's end
    ];
    assert.deepEqual(framingTokenFlags(tokens, parts), [true, true, false, true]);
    assert.deepEqual(framingTokenFlags(tokens, []), [false, false, false, false]);
  });
});
