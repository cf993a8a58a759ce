/**
 * A single pre-tokenizer chunk of any length is merged in bounded steps: the first pass and
 * the progressive counter resume it window by window, and end with the tokens of a whole encode.
 */
import * as assert from 'node:assert/strict';
import { StringSource } from '../../../src/core/incremental/restart';
import { ProgressiveCounter, tokenizeWindow } from '../../../src/core/incremental/scan';
import { TokenizedDocument } from '../../../src/core/incremental/tokenizedDocument';
import { ENCODING_NAMES } from '../../../src/core/tokenizer';
import { ourEncoder } from '../../support/encoders';

/** Many windows (2 KB each) of BPE work in one step means the chunk was merged in one go. */
const STEP_BUDGET = 64 * 1024;

const documents: Record<string, string> = {
  'one 300,000-letter chunk': 'a'.repeat(300_000),
  'prose, a 200,000-character CJK chunk, prose': `Some prose first.\n${'的一是不了人我在有他这中大'.repeat(16_000).slice(0, 200_000)}\nand prose after.`,
  'a long run of spaces between words': `start${' '.repeat(250_000)}end`,
};

describe('long chunks in the editor: merged in bounded steps', function () {
  this.timeout(120_000);

  for (const name of ENCODING_NAMES) {
    const encoder = ourEncoder(name);
    for (const [kind, text] of Object.entries(documents)) {
      it(`${name}: first pass over ${kind}`, () => {
        const source = new StringSource(text);
        const doc = new TokenizedDocument(encoder, {}, source.length);
        let steps = 0;
        for (let done = false; !done; steps++) {
          const before = encoder.mergeWork.bytes;
          done = doc.advance(source, 4096);
          const work = encoder.mergeWork.bytes - before;
          assert.ok(work <= STEP_BUDGET, `step ${steps} merged ${work} bytes (budget ${STEP_BUDGET})`);
        }
        assert.ok(steps > 10, `resumed over several steps (${steps})`);
        const expected = encoder.tokenize(text);
        const actual = doc.snapshot();
        assert.equal(actual.count, expected.count, 'token count');
        assert.deepEqual(Array.from(actual.ids.subarray(0, actual.count)), Array.from(expected.ids.subarray(0, expected.count)));
        assert.deepEqual(Array.from(actual.starts.subarray(0, actual.count)), Array.from(expected.starts.subarray(0, expected.count)));
        assert.deepEqual(Array.from(actual.ends.subarray(0, actual.count)), Array.from(expected.ends.subarray(0, expected.count)));
      });

      it(`${name}: progressive count of ${kind}`, () => {
        const source = new StringSource(text);
        const counter = new ProgressiveCounter(encoder);
        for (let done = false, step = 0; !done; step++) {
          const before = encoder.mergeWork.bytes;
          done = counter.advance(source, 4096);
          assert.ok(encoder.mergeWork.bytes - before <= STEP_BUDGET, `step ${step} merged ${encoder.mergeWork.bytes - before} bytes`);
        }
        assert.equal(counter.count, encoder.count(text));
      });
    }

    it(`${name}: an edit inside a long chunk leaves it to the pass, which ends exact`, () => {
      const source = new StringSource(`intro ${'b'.repeat(100_000)} outro`);
      const doc = new TokenizedDocument(encoder, {}, source.length);
      doc.finish(source);
      const at = 50_000;
      source.text = `${source.text.slice(0, at)}Z${source.text.slice(at)}`;
      const before = encoder.mergeWork.bytes;
      doc.applyEdit(source, at, 0, 1);
      assert.ok(encoder.mergeWork.bytes - before <= STEP_BUDGET, `the edit merged ${encoder.mergeWork.bytes - before} bytes`);
      doc.finish(source);
      const expected = encoder.tokenize(source.text);
      assert.deepEqual(Array.from(doc.snapshot().ids.subarray(0, doc.tokenCount)), Array.from(expected.ids.subarray(0, expected.count)));
    });
  }

  it('the tokens of a window deep inside a long chunk cost about the window, not the chunk', () => {
    const encoder = ourEncoder('o200k_base');
    const text = 'a'.repeat(1_000_000);
    const before = encoder.mergeWork.bytes;
    const { tokens, exact } = tokenizeWindow(encoder, new StringSource(text), 500_000, 503_000);
    assert.ok(encoder.mergeWork.bytes - before <= STEP_BUDGET, `merged ${encoder.mergeWork.bytes - before} bytes`);
    assert.equal(exact, false, 'says its first tokens may differ');
    assert.ok(tokens.count > 0 && tokens.starts[0] <= 500_000 && tokens.ends[tokens.count - 1] >= 503_000, 'covers the window');
  });
});
