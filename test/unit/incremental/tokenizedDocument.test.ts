import * as assert from 'node:assert/strict';
import { StringSource } from '../../../src/core/incremental/restart';
import { TokenizedDocument } from '../../../src/core/incremental/tokenizedDocument';
import { ENCODING_NAMES, type Encoder, type TokenSpans } from '../../../src/core/tokenizer';
import { ourEncoder } from '../../support/encoders';
import { Random } from '../../support/random';
import { generateText, longRuns } from '../../support/textGenerator';

function assertSameTokens(actual: TokenSpans, expected: TokenSpans, context: string): void {
  const pick = (spans: TokenSpans) => ({
    ids: Array.from(spans.ids.subarray(0, spans.count)),
    starts: Array.from(spans.starts.subarray(0, spans.count)),
    ends: Array.from(spans.ends.subarray(0, spans.count)),
  });
  assert.deepEqual(pick(actual), pick(expected), context);
}

/** A random document: generated text with long runs of single character classes mixed in. */
function randomDocument(random: Random, size: number): string {
  const runs = Object.values(longRuns(400, random));
  let text = '';
  while (text.length < size) {
    text += random.next() < 0.15 ? random.pick(runs).slice(0, 1 + random.int(400)) : generateText(random, 20);
  }
  return text;
}

function randomEdit(random: Random, length: number): { start: number; removed: number; insert: string } {
  const start = random.int(length + 1);
  const removed = random.next() < 0.5 ? 0 : Math.min(length - start, random.int(random.next() < 0.9 ? 4 : 300));
  const inserts = ['a', ' ', '\n', 'x', "'", 'll', '1', '.', '你', '😀', '\ud800', '<|endoftext|>', '|>', '  \n  ', 'A', 'é', '', generateText(random, 3)];
  return { start, removed, insert: random.pick(inserts) };
}

function edit(doc: TokenizedDocument, source: StringSource, start: number, removed: number, insert: string): void {
  source.text = source.text.slice(0, start) + insert + source.text.slice(start + removed);
  doc.applyEdit(source, start, removed, insert.length);
}

function check(encoder: Encoder, doc: TokenizedDocument, source: StringSource, context: string, incremental = false): void {
  // An edit to a fully tokenized document is absorbed on the spot: nothing is left for a later pass.
  if (incremental) assert.ok(doc.complete, `${context}: still complete after the edit`);
  doc.finish(source);
  assertSameTokens(doc.snapshot(), encoder.tokenize(source.text, doc.options), context);
  assert.equal(doc.tokenCount, encoder.count(source.text, doc.options), `${context}: count`);
}

describe('TokenizedDocument', function () {
  this.timeout(120_000);

  for (const name of ENCODING_NAMES) {
    describe(name, () => {
      const encoder = ourEncoder(name);

      it('is incomplete until its first pass has run', () => {
        const doc = new TokenizedDocument(encoder, {}, 12);
        assert.equal(doc.complete, false);
        doc.finish(new StringSource('twelve chars'));
        assert.equal(doc.complete, true);
        assert.equal(new TokenizedDocument(encoder, {}, 0).complete, true, 'an empty text is complete');
      });

      it('a first pass in small windows equals a full tokenization', () => {
        const random = new Random(1);
        for (let round = 0; round < 20; round++) {
          const source = new StringSource(randomDocument(random, 3000));
          const doc = new TokenizedDocument(encoder);
          let steps = 0;
          while (!doc.advance(source, 1 + random.int(300))) steps++;
          assert.ok(steps > 0, 'the pass took several steps');
          check(encoder, doc, source, `round ${round}`);
        }
      });

      it('countTokens over random ranges, after random edits, equals the tokens forEachToken visits, and forEachToken visits only the first `most`', () => {
        const random = new Random(11);
        const source = new StringSource(randomDocument(random, 20_000));
        const doc = new TokenizedDocument(encoder);
        while (!doc.advance(source, 1 + random.int(2000)));
        for (let round = 0; round < 300; round++) {
          if (round % 20 === 0) {
            const { start, removed, insert } = randomEdit(random, source.length);
            edit(doc, source, start, removed, insert);
          }
          const start = random.int(source.length + 1);
          const end = start + random.int(random.next() < 0.5 ? 50 : source.length + 1);
          let visited = 0;
          doc.forEachToken(start, end, () => void visited++);
          assert.equal(doc.countTokens(start, end), visited, `round ${round}: [${start}, ${end})`);
          const most = random.int(visited + 2);
          const firsts: number[] = [];
          doc.forEachToken(start, end, (token) => void firsts.push(token.index), most);
          const all: number[] = [];
          doc.forEachToken(start, end, (token) => void all.push(token.index));
          assert.deepEqual(firsts, all.slice(0, most), `round ${round}: the first ${most}`);
        }
        assert.equal(doc.countTokens(0, source.length), doc.tokenCount, 'the whole text');
      });

      it('random edit sequences equal a fresh tokenization after every edit', () => {
        const random = new Random(2 + name.length);
        for (let round = 0; round < 12; round++) {
          const source = new StringSource(randomDocument(random, 6000));
          const doc = new TokenizedDocument(encoder);
          doc.finish(source);
          for (let step = 0; step < 40; step++) {
            const { start, removed, insert } = randomEdit(random, source.length);
            edit(doc, source, start, removed, insert);
            check(encoder, doc, source, `round ${round} step ${step}: ${JSON.stringify(insert)} at ${start} replacing ${removed}`, true);
          }
        }
      });

      it('edits while the first pass is still running', () => {
        const random = new Random(3);
        for (let round = 0; round < 20; round++) {
          const source = new StringSource(randomDocument(random, 5000));
          const doc = new TokenizedDocument(encoder);
          for (let step = 0; step < 30; step++) {
            doc.advance(source, 1 + random.int(500));
            const { start, removed, insert } = randomEdit(random, source.length);
            edit(doc, source, start, removed, insert);
          }
          check(encoder, doc, source, `round ${round}`);
        }
      });

      it('with special tokens allowed', () => {
        const random = new Random(4);
        const source = new StringSource(randomDocument(random, 4000));
        const doc = new TokenizedDocument(encoder, { allowSpecial: true });
        doc.finish(source);
        for (let step = 0; step < 150; step++) {
          const { start, removed, insert } = randomEdit(random, source.length);
          edit(doc, source, start, removed, insert);
          check(encoder, doc, source, `step ${step}`, true);
        }
      });
    });
  }

  it('edits inside and next to long runs of one character class', () => {
    const encoder = ourEncoder('o200k_base');
    const random = new Random(5);
    for (const [kind, run] of Object.entries(longRuns(3000, random))) {
      const source = new StringSource(`start ${run} end\n${run.slice(0, 500)}x`);
      const doc = new TokenizedDocument(encoder);
      doc.finish(source);
      for (const at of [6, 7, 1500, 3005, 3006, 3007, source.length - 1]) {
        for (const insert of ['\n', 'B', ' ', "'ll", '']) {
          edit(doc, source, at, insert === '' ? 1 : 0, insert);
          check(encoder, doc, source, `${kind}: ${JSON.stringify(insert)} at ${at}`, true);
        }
      }
    }
  });

  it('an insertion at the very start that ends where the old text\'s first chunk began (a new first line)', () => {
    const encoder = ourEncoder('o200k_base');
    for (const [text, insert] of [
      ['world and more', 'Hello\n'],
      ['Title\nbody', '# '],
      ['x = 1\n', '\r\n   \n'],
    ]) {
      const source = new StringSource(text);
      const doc = new TokenizedDocument(encoder);
      doc.finish(source);
      edit(doc, source, 0, 0, insert);
      check(encoder, doc, source, `${JSON.stringify(insert)} before ${JSON.stringify(text)}`, true);
    }
  });

  it('finds the tokens at an offset, with their index in the document', () => {
    const encoder = ourEncoder('cl100k_base');
    const source = new StringSource('strawberry: I like 🍓 a lot');
    const doc = new TokenizedDocument(encoder);
    doc.finish(source);
    const all = encoder.tokenize(source.text);
    const at = doc.tokensAt(source.text.indexOf('berry') + 1);
    assert.equal(at.length, 1);
    assert.equal(at[0].id, all.ids[at[0].index]);
    assert.equal(source.text.slice(at[0].start, at[0].end), 'berry');
    const emoji = doc.tokensAt(source.text.indexOf('🍓'));
    assert.ok(emoji.length > 1, 'the emoji is split over several tokens in cl100k');
    for (const token of emoji) assert.equal(all.ids[token.index], token.id);
  });
});

describe('TokenizedDocument re-scans only near the edit', () => {
  it('an edit in a large document rewrites a few blocks, not the document', () => {
    const encoder = ourEncoder('o200k_base');
    const random = new Random(9);
    const source = new StringSource(randomDocument(random, 400_000));
    const doc = new TokenizedDocument(encoder);
    doc.finish(source);
    const before = doc.snapshot();
    let rescanned = 0;
    const original = encoder.encodeRange.bind(encoder);
    encoder.encodeRange = (text, from, to, out, base, options, stop) => {
      const end = original(text, from, to, out, base, options, stop);
      rescanned += end - from;
      return end;
    };
    try {
      edit(doc, source, 200_000, 0, 'x');
    } finally {
      encoder.encodeRange = original;
    }
    assert.ok(doc.complete);
    assert.ok(rescanned > 0 && rescanned < 5_000, `re-scanned ${rescanned} characters`);
    assertSameTokens(doc.snapshot(), encoder.tokenize(source.text), 'after the edit');
    assert.ok(Math.abs(doc.tokenCount - before.count) <= 2);
  });
});
