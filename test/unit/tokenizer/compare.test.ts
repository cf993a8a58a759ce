import * as assert from 'node:assert/strict';
import { compareTokenizations } from '../../../src/core/tokenizer/compare';
import { ourEncoder } from '../../support/encoders';

describe('comparing tokenizers', () => {
  it('marks exactly the tokens whose start or end another tokenizer does not share', () => {
    const text = 'strawberry fields forever';
    const cl100k = ourEncoder('cl100k_base').tokenize(text);
    const r50k = ourEncoder('r50k_base').tokenize(text);
    const [a, b] = compareTokenizations(text.length, [
      { name: 'cl100k_base', spans: cl100k },
      { name: 'r50k_base', spans: r50k },
    ]);
    const bounds = (spans: typeof cl100k) => new Set(Array.from({ length: spans.count }, (_, i) => [spans.starts[i], spans.ends[i]]).flat());
    const [inA, inB] = [bounds(cl100k), bounds(r50k)];
    for (const token of a.tokens) assert.equal(token.differs, !inB.has(token.start) || !inB.has(token.end), `${text.slice(token.start, token.end)}`);
    for (const token of b.tokens) assert.equal(token.differs, !inA.has(token.start) || !inA.has(token.end), `${text.slice(token.start, token.end)}`);
    assert.equal(a.count, cl100k.count);
    assert.equal(a.charactersPerToken, text.length / cl100k.count);
    assert.equal(a.differing, a.tokens.filter((token) => token.differs).length);
  });

  it('marks nothing when the tokenizations agree, and gives 0 characters per token for an empty text', () => {
    const text = 'hello world';
    const spans = ourEncoder('o200k_base').tokenize(text);
    const compared = compareTokenizations(text.length, [
      { name: 'one', spans },
      { name: 'two', spans },
    ]);
    assert.deepEqual(compared.map((each) => each.differing), [0, 0]);
    const empty = ourEncoder('o200k_base').tokenize('');
    assert.equal(compareTokenizations(0, [{ name: 'one', spans: empty }])[0].charactersPerToken, 0);
  });
});
