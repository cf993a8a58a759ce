/**
 * A text fed in pieces cut anywhere (inside chunks, surrogate pairs, special tokens) gives the
 * tokens of the whole text, and holds back only a bounded tail.
 */
import * as assert from 'node:assert/strict';
import { EncodeStream } from '../../../src/core/incremental/encodeStream';
import { ENCODING_NAMES, type Encoder, type EncodeOptions, TokenBuffer } from '../../../src/core/tokenizer';
import { ourEncoder } from '../../support/encoders';
import { Random } from '../../support/random';
import { generateText, longRuns } from '../../support/textGenerator';

/** Streams `text` in pieces of random lengths up to `maxPiece`; returns all tokens and the most text held back. */
function streamed(encoder: Encoder, text: string, random: Random, maxPiece: number, options?: EncodeOptions) {
  const stream = new EncodeStream(encoder, options);
  const all = new TokenBuffer();
  const out = new TokenBuffer();
  let held = 0;
  const drain = () => {
    for (let i = 0; i < out.count; i++) all.push(out.ids[i], out.starts[i], out.ends[i], out.chunkStarts[i] === 1);
    out.clear();
  };
  for (let at = 0; at < text.length; ) {
    const next = Math.min(text.length, at + 1 + random.int(maxPiece));
    stream.write(text.slice(at, next), out);
    drain();
    held = Math.max(held, stream.pendingLength);
    at = next;
  }
  stream.end(out);
  drain();
  return { tokens: all, held };
}

function assertSame(actual: TokenBuffer, expected: TokenBuffer, context: string): void {
  const pick = (b: TokenBuffer) => [Array.from(b.ids.subarray(0, b.count)), Array.from(b.starts.subarray(0, b.count)), Array.from(b.ends.subarray(0, b.count))];
  assert.deepEqual(pick(actual), pick(expected), context);
}

describe('EncodeStream: pieces cut anywhere give the tokens of the whole text', function () {
  this.timeout(120_000);

  for (const name of ENCODING_NAMES) {
    const encoder = ourEncoder(name);

    it(`${name}: generated text in random pieces`, () => {
      const random = new Random(0x57e4 + name.length);
      for (let round = 0; round < 60; round++) {
        let text = '';
        while (text.length < 3000) text += `${generateText(random, 20)}${random.next() < 0.2 ? random.pick(Object.values(longRuns(200, random))) : ''}`;
        const maxPiece = random.pick([1, 3, 17, 200, 5000]);
        const { tokens } = streamed(encoder, text, random, maxPiece);
        assertSame(tokens, encoder.tokenize(text), `round ${round}, pieces ≤ ${maxPiece}`);
      }
    });

    it(`${name}: special tokens allowed, cut inside them`, () => {
      const random = new Random(0x5bec + name.length);
      const specials = [...encoder.specialTokens.keys()];
      for (let round = 0; round < 40; round++) {
        let text = '';
        for (let i = 0; i < 30; i++) text += `${generateText(random, 3)}${random.pick(specials)}`;
        const { tokens } = streamed(encoder, text, random, random.pick([1, 5, 40]), { allowSpecial: true });
        assertSame(tokens, encoder.tokenize(text, { allowSpecial: true }), `round ${round}`);
      }
    });

    it(`${name}: long single chunks fed in 1,000-character pieces`, () => {
      const random = new Random(3);
      for (const [kind, run] of Object.entries(longRuns(40_000, random))) {
        const text = `x ${run} y`;
        const { tokens } = streamed(encoder, text, random, 1000);
        assertSame(tokens, encoder.tokenize(text), kind);
      }
    });
  }

  it('takes the last piece in end() as well as through write()', () => {
    const encoder = ourEncoder('o200k_base');
    const random = new Random(11);
    for (const [kind, run] of Object.entries(longRuns(20_000, random))) {
      for (const cut of [0, 7, 10_003]) {
        const text = `x ${run} y`;
        const stream = new EncodeStream(encoder);
        const out = new TokenBuffer();
        if (cut > 0) stream.write(text.slice(0, cut), out);
        stream.end(out, text.slice(cut));
        assertSame(out, encoder.tokenize(text), `${kind}, last piece from ${cut}`);
      }
    }
  });

  it('holds back a bounded tail of ordinary text, not the text so far', () => {
    const encoder = ourEncoder('o200k_base');
    const random = new Random(9);
    let text = '';
    while (text.length < 400_000) text += `${generateText(random, 20)} `;
    const { tokens, held } = streamed(encoder, text, random, 8192);
    assert.equal(tokens.count, encoder.count(text));
    assert.ok(held <= 3 * 8192, `held back at most ${held} characters`);
  });
});
