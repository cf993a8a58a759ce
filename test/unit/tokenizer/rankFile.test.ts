import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Encoder } from '../../../src/core/tokenizer';
import { parseRankFile, rankDataFromTokens, serializeRankFile } from '../../../src/core/tokenizer/rankFile';
import { rankFilePath } from '../../support/encoders';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('rank files', () => {
  it('round-trip: tokens, holes, pattern and special tokens', () => {
    const data = rankDataFromTokens('tiny', "\\p{L}+|\\s+|.", { '<|end|>': 9 }, [bytes('a'), bytes('b'), undefined, bytes('ab')]);
    const parsed = parseRankFile(serializeRankFile(data), 'tiny.tlr');
    assert.equal(parsed.name, 'tiny');
    assert.equal(parsed.pattern, "\\p{L}+|\\s+|.");
    assert.deepEqual(parsed.specialTokens, { '<|end|>': 9 });
    assert.equal(parsed.tokenCount, 4);
    const encoder = new Encoder(parsed);
    assert.deepEqual(encoder.encode('ab'), [3]);
    assert.equal(encoder.isValidId(2), false, 'a hole is no token');
    assert.equal(encoder.vocabularySize, 10);
  });

  it('the shipped o200k file has every rank of js-tiktoken', () => {
    const parsed = parseRankFile(readFileSync(rankFilePath('o200k_base')), 'o200k_base.tlr');
    assert.equal(parsed.tokenCount, 199998);
    assert.deepEqual(parsed.specialTokens, { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 });
  });

  const good = serializeRankFile(rankDataFromTokens('x', '.', {}, [bytes('a'), bytes('b')]));
  const malformed: [string, () => Uint8Array, RegExp][] = [
    ['too short', () => good.subarray(0, 5), /too short for a rank file header/],
    ['header longer than the file', () => Object.assign(new Uint8Array(good), { 0: 0xff, 1: 0xff }), /header length \d+ exceeds the file size/],
    ['header not JSON', () => { const copy = new Uint8Array(good); copy[8] = 0x21; return copy; }, /header is not valid JSON/],
    ['wrong format', () => serializeWith({ format: 'other' }), /expected format token-lens-ranks v2, found other/],
    ['bad token count', () => serializeWith({ token_count: -3 }), /token_count must be a positive integer/],
    ['token bytes cut short', () => good.subarray(0, good.length - 1), /token lengths cover 2 bytes but the body holds 1/],
    ['a length table past the end', () => serializeWith({ token_count: 9 }), /length table for 9 tokens does not fit in \d+ bytes/],
  ];
  for (const [name, make, message] of malformed) {
    it(`rejects a file with ${name}, naming it`, () => {
      assert.throws(() => parseRankFile(make(), 'bad.tlr'), (error: Error) => message.test(error.message) && error.message.startsWith('bad.tlr: '));
    });
  }

  function serializeWith(change: Record<string, unknown>): Uint8Array {
    const length = Number(new DataView(good.buffer).getBigUint64(0, true));
    const header = { ...JSON.parse(new TextDecoder().decode(good.subarray(8, 8 + length))), ...change };
    const json = new TextEncoder().encode(JSON.stringify(header).padEnd(length, ' '));
    const out = new Uint8Array(good);
    out.set(json.subarray(0, length), 8);
    return out;
  }
});
