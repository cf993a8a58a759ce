/**
 * Our ids must equal the reference implementations' ids exactly: js-tiktoken on 10,000+
 * generated strings, and tiktoken (WASM) on long runs js-tiktoken is too slow for.
 */
import * as assert from 'node:assert/strict';
import { get_encoding, type Tiktoken as WasmTiktoken } from 'tiktoken';
import { ENCODING_NAMES, type EncodingName } from '../../../src/core/tokenizer';
import { ourEncoder, referenceIds } from '../../support/encoders';
import { Random } from '../../support/random';
import { generateText, longRuns } from '../../support/textGenerator';

const GENERATED_STRINGS = 10_000;

describe('differential: ids equal js-tiktoken', function () {
  this.timeout(120_000);

  for (const name of ENCODING_NAMES) {
    it(`${name}: ${GENERATED_STRINGS.toLocaleString('en-US')} generated strings`, () => {
      const random = new Random(0x70c3 + name.length);
      const encoder = ourEncoder(name);
      let checked = 0;
      for (let i = 0; i < GENERATED_STRINGS; i++) {
        const text = generateText(random);
        const expected = referenceIds(name, text);
        const actual = encoder.encode(text);
        if (actual.length !== expected.length || actual.some((id, k) => id !== expected[k])) {
          assert.deepEqual(actual, expected, `${name} differs on ${JSON.stringify(text)}`);
        }
        checked++;
      }
      assert.equal(checked, GENERATED_STRINGS);
    });

    it(`${name}: special tokens allowed, on generated strings with special-token text`, () => {
      const random = new Random(0x5eed + name.length);
      const encoder = ourEncoder(name);
      const specials = [...encoder.specialTokens.keys()];
      for (let i = 0; i < 500; i++) {
        const text = `${generateText(random, 4)}${random.pick(specials)}${generateText(random, 4)}`;
        assert.deepEqual(encoder.encode(text, { allowSpecial: true }), referenceIds(name, text, true), JSON.stringify(text));
      }
    });

    it(`${name}: runs of every character class up to 300 long`, () => {
      const encoder = ourEncoder(name);
      const random = new Random(7);
      for (const [kind, text] of Object.entries(longRuns(300, random))) {
        for (const length of [1, 2, 3, 7, 48, 49, 50, 97, 300]) {
          const piece = text.slice(0, length);
          assert.deepEqual(encoder.encode(piece), referenceIds(name, piece), `${kind} × ${length}`);
        }
      }
    });
  }
});

describe('differential: ids equal tiktoken (WASM) on 20,000-character runs', function () {
  this.timeout(120_000);
  const wasm = new Map<EncodingName, WasmTiktoken>();
  after(() => wasm.forEach((encoding) => encoding.free()));

  for (const name of ENCODING_NAMES) {
    it(name, () => {
      const oracle = wasm.get(name) ?? get_encoding(name);
      wasm.set(name, oracle);
      const encoder = ourEncoder(name);
      for (const [kind, text] of Object.entries(longRuns(20_000, new Random(11)))) {
        const expected = Array.from(oracle.encode(text, [], []));
        assert.deepEqual(encoder.encode(text), expected, `${name}: ${kind}`);
      }
    });
  }
});
