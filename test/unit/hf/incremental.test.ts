/**
 * A Hugging Face tokenizer through the editor's incremental path and the CLI's stream (core's
 * TextTokenizer seam): a first pass in small windows, random edits and text fed in pieces give
 * the tokens of a fresh whole-text tokenization, for the real files and for pipelines that
 * prepend a marker at section starts.
 */
import * as assert from 'node:assert/strict';
import { HfTokenizer } from '../../../src/core/hf';
import { EncodeStream } from '../../../src/core/incremental/encodeStream';
import { StringSource } from '../../../src/core/incremental/restart';
import { TokenizedDocument } from '../../../src/core/incremental/tokenizedDocument';
import { type TextTokenizer, TokenBuffer, type TokenSpans } from '../../../src/core/tokenizer';
import { LONG_CHUNK } from '../../../src/core/tokenizer/encoder';
import { REAL_MODELS, byteLevelFile, fileBytes, metaspaceFile, ourRealTokenizer } from '../../support/hfFiles';
import { Random } from '../../support/random';
import { generateText, longRuns } from '../../support/textGenerator';

const SPECIAL = ['<|begin|>', '<|end|>'];
const generated: Record<string, () => Record<string, unknown>> = {
  'Prepend + Replace normalizers (Llama 2)': () =>
    metaspaceFile({ normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] }, byteFallback: true, special: SPECIAL }),
  'Metaspace prepend first, split': () => metaspaceFile({ preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true }, unk: true, special: SPECIAL }),
  'Metaspace prepend always, no split': () => metaspaceFile({ preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: false }, unk: true, special: SPECIAL }),
  'ByteLevel add_prefix_space': () => byteLevelFile({ preTokenizer: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true }, special: SPECIAL }),
};

function pick(spans: TokenSpans): { ids: number[]; starts: number[]; ends: number[] } {
  return { ids: Array.from(spans.ids.subarray(0, spans.count)), starts: Array.from(spans.starts.subarray(0, spans.count)), ends: Array.from(spans.ends.subarray(0, spans.count)) };
}

function randomText(random: Random, size: number, specials: readonly string[]): string {
  const runs = Object.values(longRuns(200, random));
  let text = '';
  while (text.length < size) {
    const roll = random.next();
    text += roll < 0.1 ? random.pick(runs).slice(0, 1 + random.int(200)) : roll < 0.2 && specials.length > 0 ? random.pick(specials) : generateText(random, 20);
  }
  return text;
}

function checkIncremental(tokenizer: TextTokenizer, specials: readonly string[], seed: number, rounds: number): void {
  const random = new Random(seed);
  for (let round = 0; round < rounds; round++) {
    const allowSpecial = round % 2 === 0;
    const source = new StringSource(randomText(random, 2000, specials));
    const doc = new TokenizedDocument(tokenizer, { allowSpecial });
    while (!doc.advance(source, 1 + random.int(300))) {
      /* small windows */
    }
    assert.deepEqual(pick(doc.snapshot()), pick(tokenizer.tokenize(source.text, { allowSpecial })), `round ${round}: first pass`);
    for (let k = 0; k < 15; k++) {
      const start = random.int(source.text.length + 1);
      const removed = Math.min(source.text.length - start, random.next() < 0.5 ? 0 : random.int(20));
      const insert = random.pick([' ', 'a', '\n', '  ', 'x y', '你', '😀', 'é', ...specials, generateText(random, 3)]);
      source.text = source.text.slice(0, start) + insert + source.text.slice(start + removed);
      doc.applyEdit(source, start, removed, insert.length);
      doc.finish(source);
      assert.deepEqual(pick(doc.snapshot()), pick(tokenizer.tokenize(source.text, { allowSpecial })), `round ${round}, edit ${k}: ${JSON.stringify(insert)} at ${start}`);
    }
  }
}

function checkStream(tokenizer: TextTokenizer, specials: readonly string[], seed: number, rounds: number): void {
  const random = new Random(seed);
  for (let round = 0; round < rounds; round++) {
    const text = randomText(random, 3000, specials);
    const options = { allowSpecial: round % 2 === 1 };
    const stream = new EncodeStream(tokenizer, options);
    const out = new TokenBuffer();
    for (let at = 0; at < text.length; ) {
      const next = Math.min(text.length, at + 1 + random.int(random.pick([3, 50, 700])));
      stream.write(text.slice(at, next), out);
      at = next;
    }
    stream.end(out);
    assert.deepEqual(pick(out), pick(tokenizer.tokenize(text, options)), `round ${round}`);
  }
}

describe('Hugging Face tokenizers on the incremental path', function () {
  this.timeout(120_000);

  for (const model of REAL_MODELS) {
    it(`${model}: a first pass in small windows and random edits equal a fresh tokenization`, () => {
      const tokenizer = ourRealTokenizer(model);
      const specials = tokenizer.data.pipeline.addedTokens.slice(0, 40).map((token) => token.content);
      checkIncremental(tokenizer, specials, 0x1ec + model.length, 6);
    });

    it(`${model}: text streamed in pieces gives the tokens of the whole text`, () => {
      const tokenizer = ourRealTokenizer(model);
      const specials = tokenizer.data.pipeline.addedTokens.slice(0, 40).map((token) => token.content);
      checkStream(tokenizer, specials, 0x57e + model.length, 8);
    });
  }

  it('llama3: pre-tokenizer chunks longer than LONG_CHUNK, in a first pass and under edits, equal a fresh tokenization', () => {
    const tokenizer = ourRealTokenizer('llama3');
    const random = new Random(0x10c);
    const long = (c: string) => c.repeat(LONG_CHUNK + 1 + random.int(3000));
    const source = new StringSource(`intro text\n${long('=')}\nmiddle ${long(' ')}x${generateText(random, 30)}${long('-')}`);
    const doc = new TokenizedDocument(tokenizer);
    while (!doc.advance(source, 4096)) {
      /* the pass meets each long chunk and encodes it in a step of its own */
    }
    assert.deepEqual(pick(doc.snapshot()), pick(tokenizer.tokenize(source.text)), 'first pass');
    for (const at of [5, LONG_CHUNK, source.text.length - 10]) {
      source.text = `${source.text.slice(0, at)}=${source.text.slice(at)}`;
      doc.applyEdit(source, at, 0, 1);
      doc.finish(source);
      assert.deepEqual(pick(doc.snapshot()), pick(tokenizer.tokenize(source.text)), `edit at ${at}`);
    }
  });

  for (const [name, file] of Object.entries(generated)) {
    it(`${name}: restarts inside a section add no marker, edits and streams stay exact`, () => {
      const tokenizer = HfTokenizer.fromJson(fileBytes(file()), name);
      checkIncremental(tokenizer, SPECIAL, 0xed17 + name.length, 10);
      checkStream(tokenizer, SPECIAL, 0x5e + name.length, 10);
    });
  }
});
