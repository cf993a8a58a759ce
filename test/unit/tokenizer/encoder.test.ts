import * as assert from 'node:assert/strict';
import { ENCODING_NAMES, resolveEncodingName } from '../../../src/core/tokenizer';
import { characterSegments, hexBytes, isWholeUtf8 } from '../../../src/core/tokenizer/segments';
import { ourEncoder, referenceIds } from '../../support/encoders';
import { Random } from '../../support/random';
import { generateText } from '../../support/textGenerator';

describe('Encoder', () => {
  it('splits strawberry as the mission statement says', () => {
    const encoder = ourEncoder('cl100k_base');
    const tokens = encoder.tokenize('strawberry');
    assert.deepEqual(
      Array.from({ length: tokens.count }, (_, i) => 'strawberry'.slice(tokens.starts[i], tokens.ends[i])),
      ['str', 'aw', 'berry'],
    );
  });

  for (const name of ENCODING_NAMES) {
    describe(name, () => {
      const encoder = ourEncoder(name);

      it('spans are ordered, cover the text, and hold whole characters', () => {
        const random = new Random(31 + name.length);
        for (let round = 0; round < 2000; round++) {
          const text = generateText(random, 10);
          const tokens = encoder.tokenize(text);
          assert.equal(tokens.starts[0], 0);
          assert.equal(tokens.ends[tokens.count - 1], text.length);
          for (let i = 0; i < tokens.count; i++) {
            assert.ok(tokens.starts[i] < tokens.ends[i], 'non-empty');
            if (i > 0) {
              assert.ok(tokens.starts[i] >= tokens.starts[i - 1] && tokens.ends[i] >= tokens.ends[i - 1], 'ordered');
              // Either the next token starts where this one ended, or they share the character at the seam.
              assert.ok(tokens.starts[i] === tokens.ends[i - 1] || tokens.starts[i] < tokens.ends[i - 1], 'no gap');
            }
            const first = text.charCodeAt(tokens.starts[i]);
            assert.ok(!(first >= 0xdc00 && first <= 0xdfff && tokens.starts[i] > 0 && /[\ud800-\udbff]/.test(text[tokens.starts[i] - 1])), 'never starts inside a surrogate pair');
          }
        }
      });

      it('decode(encode(s)) is s for well-formed text (a leading U+FEFF included)', () => {
        assert.equal(encoder.decode(encoder.encode('\ufeffBOM')), '\ufeffBOM');
        const random = new Random(77);
        for (let round = 0; round < 2000; round++) {
          const text = (generateText(random, 10) as string & { toWellFormed(): string }).toWellFormed();
          assert.equal(encoder.decode(encoder.encode(text)), text);
        }
      });

      it('lone surrogates are encoded as U+FFFD, like TextEncoder', () => {
        assert.deepEqual(encoder.encode('a\ud800b'), encoder.encode('a\ufffdb'));
        assert.deepEqual(encoder.encode('a\ud800b'), referenceIds(name, 'a\ud800b'));
      });

      it('special-token text is text by default and the special token when allowed', () => {
        const [special, id] = [...encoder.specialTokens][0];
        const ordinary = encoder.encode(`x${special}y`);
        assert.ok(!ordinary.includes(id));
        assert.deepEqual(encoder.encode(`x${special}y`, { allowSpecial: true }), [...encoder.encode('x'), id, ...encoder.encode('y')]);
        assert.ok(encoder.isSpecial(id));
        assert.equal(encoder.specialTokenText(id), special);
        assert.equal(encoder.decode([id]), special);
      });

      it('validates ids and gives every token its bytes', () => {
        assert.equal(encoder.isValidId(-1), false);
        assert.equal(encoder.isValidId(1.5), false);
        assert.equal(encoder.isValidId(encoder.vocabularySize + 10), false);
        assert.throws(() => encoder.tokenBytes(encoder.vocabularySize + 10), /is not a token id of/);
        assert.deepEqual(Array.from(encoder.tokenBytes(encoder.encode('!')[0])), [0x21]);
      });
    });
  }

  it('accepts gpt2 as another name of r50k_base, and no unknown names', () => {
    assert.equal(resolveEncodingName('gpt2'), 'r50k_base');
    assert.equal(resolveEncodingName(' O200K_BASE '), 'o200k_base');
    assert.equal(resolveEncodingName('p50k_edit'), undefined);
  });
});

describe('character segments', () => {
  it('group tokens that split a character, with their bytes', () => {
    const encoder = ourEncoder('r50k_base');
    const text = 'I like 🍓!';
    const spans = encoder.tokenize(text);
    const tokens = Array.from({ length: spans.count }, (_, index) => ({ index, id: spans.ids[index], start: spans.starts[index], end: spans.ends[index] }));
    const segments = characterSegments(encoder, tokens);
    const strawberry = segments.find((segment) => text.slice(segment.start, segment.end).includes('🍓'));
    assert.ok(strawberry?.splitsCharacters);
    assert.equal(text.slice(strawberry.start, strawberry.end), ' 🍓');
    assert.equal(strawberry.tokens.map((token) => hexBytes(token.bytes)).join(' '), '20 f0 9f 8d 93');
    assert.ok(strawberry.tokens.some((token) => !isWholeUtf8(token.bytes)));
    assert.ok(segments.filter((segment) => segment !== strawberry).every((segment) => !segment.splitsCharacters && segment.tokens.length === 1));
  });
});

describe('chunk cache across recording modes', () => {
  it('a chunk first seen by count() still gets exact spans later', () => {
    const encoder = ourEncoder('r50k_base');
    const text = ' 🍓🍓 naïveté';
    encoder.count(text); // caches the chunks without spans
    const spans = encoder.tokenize(text);
    for (let i = 0; i < spans.count; i++) {
      assert.ok(spans.starts[i] >= 0 && spans.ends[i] <= text.length && spans.starts[i] < spans.ends[i], `token ${i}`);
    }
    assert.equal(spans.ends[spans.count - 1], text.length);
    assert.deepEqual(Array.from(spans.ids.subarray(0, spans.count)), encoder.encode(text));
  });
});
