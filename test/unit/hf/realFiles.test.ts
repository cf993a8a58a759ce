/**
 * The real `tokenizer.json` of Llama 3, Qwen 3, Gemma 3 and DeepSeek V3: ids equal the official
 * JavaScript port (`@huggingface/tokenizers`, encode with add_special_tokens: false) on the
 * generated corpus, with and without special tokens, and the spans keep their properties.
 */
import * as assert from 'node:assert/strict';
import { HfTokenizer, parseTokenizerCache, serializeTokenizerCache } from '../../../src/core/hf';
import { cacheSections } from '../../../src/core/hf/cache';
import { parseTokenizerData } from '../../../src/core/hf/tokenizerFile';
import { JoinedMergeTable } from '../../../src/core/hf/joinedMerges';
import { MergeTable } from '../../../src/core/hf/pairMerger';
import { RankTable } from '../../../src/core/tokenizer/rankTable';
import { type Oracle, REAL_MODELS, oracle, ourRealTokenizer, realFile, realJson } from '../../support/hfFiles';
import { Random } from '../../support/random';
import { assertSpanProperties } from '../../support/spanChecks';
import { generateText, longRuns } from '../../support/textGenerator';

const GENERATED_STRINGS = 2_000;

function assertSameIds(actual: number[], expected: number[], message: string): void {
  if (actual.length !== expected.length || actual.some((id, k) => id !== expected[k])) assert.deepEqual(actual, expected, message);
}

for (const model of REAL_MODELS) {
  describe(`Hugging Face tokenizer.json: ${model}`, function () {
    this.timeout(120_000);
    let ours: HfTokenizer;
    let withSpecials: Oracle;
    let withoutSpecials: Oracle;
    let specials: string[];

    before(() => {
      ours = ourRealTokenizer(model);
      const { all, ordinary } = realJson(model);
      withSpecials = oracle(all);
      withoutSpecials = oracle(ordinary);
      specials = (all.added_tokens as { content: string; special: boolean }[]).filter((token) => token.special).map((token) => token.content);
    });

    it(`ids equal the JS port on ${GENERATED_STRINGS.toLocaleString('en-US')} generated strings (special-token text as text)`, () => {
      const random = new Random(0x4f + model.length);
      for (let i = 0; i < GENERATED_STRINGS; i++) {
        const text = generateText(random);
        assertSameIds(ours.encode(text), withoutSpecials.ids(text), `${model} differs on ${JSON.stringify(text)}`);
      }
    });

    it('ids equal the JS port with special tokens allowed, on strings holding them', () => {
      const random = new Random(0x5e + model.length);
      for (let i = 0; i < 300; i++) {
        const text = `${generateText(random, 4)}${random.pick(specials)}${generateText(random, 4)}${random.pick(specials)}`;
        assertSameIds(ours.encode(text, { allowSpecial: true }), withSpecials.ids(text), `${model} differs on ${JSON.stringify(text)}`);
      }
    });

    it('without allowSpecial, special-token text is not one token', () => {
      const special = specials[0];
      const id = ours.encode(special, { allowSpecial: true });
      assert.equal(id.length, 1);
      assert.ok(!ours.encode(special).includes(id[0]), `${special} was matched as the special token`);
    });

    it('ids equal the JS port on runs of every character class', () => {
      const random = new Random(7);
      for (const [kind, text] of Object.entries(longRuns(300, random))) {
        for (const length of [1, 2, 3, 48, 49, 50, 300]) {
          const piece = text.slice(0, length);
          assertSameIds(ours.encode(piece), withoutSpecials.ids(piece), `${model}: ${kind} × ${length}`);
        }
      }
    });

    it('spans are ordered, cover the text and decode to it, on generated strings', () => {
      const random = new Random(0x5a + model.length);
      const normalize = model === 'qwen3' ? (text: string) => text.normalize('NFC') : undefined;
      for (let i = 0; i < 500; i++) {
        const text = generateText(random);
        const spans = ours.tokenize(text, { allowSpecial: i % 2 === 0 });
        assertSpanProperties(ours, text, spans, normalize);
        assert.equal(spans.count, ours.count(text, { allowSpecial: i % 2 === 0 }));
      }
    });

    it('decode gives back the (normalized) text of generated strings', () => {
      const random = new Random(0xdec + model.length);
      const normalize = model === 'qwen3' ? (text: string) => text.normalize('NFC') : (text: string) => text;
      for (let i = 0; i < 300; i++) {
        const text = generateText(random).replace(/\p{Cs}/gu, '\ufffd');
        assert.equal(ours.decode(ours.encode(text, { allowSpecial: true })), normalize(text), JSON.stringify(text));
      }
    });

    it('a tokenizer from its binary cache encodes the same ids', () => {
      const cached = new HfTokenizer(parseTokenizerCache(serializeTokenizerCache(ours), `${model} cache`));
      const random = new Random(0xcac + model.length);
      for (let i = 0; i < 200; i++) {
        const text = generateText(random);
        assertSameIds(cached.encode(text, { allowSpecial: true }), ours.encode(text, { allowSpecial: true }), JSON.stringify(text));
      }
      assert.deepEqual(cached.templateTokens, ours.templateTokens);
    });

    it('its binary cache, and the tokenizer read from tokenizer.json, find every merge (in rank order) and refuse every other split of every token, the cache in about a byte a merge', () => {
      const cache = serializeTokenizerCache(ours);
      const { tables, vocabulary } = parseTokenizerCache(cache, `${model} cache`);
      const { tokenCount, offsets, bytes } = vocabulary;
      // The merges as listed, through JSON.parse.
      const { merges } = parseTokenizerData(realFile(model), model, undefined).vocabulary;
      const listed = new MergeTable(merges, tokenCount);
      const read = ours.tables;
      assert.ok(tables && 'counts' in tables.merges && 'counts' in read.merges, 'the cache and the tokenizer keep their merges joined');
      assert.ok(read.rankSlots.length >= tables.rankSlots.length, 'the cache keeps the smaller hash table');
      const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes }, tables.rankSlots);
      for (const [name, joined] of [
        ['cache', new JoinedMergeTable(tables.merges, { offsets, bytes, slots: tables.rankSlots })],
        ['read', new JoinedMergeTable(read.merges, { offsets, bytes, slots: read.rankSlots })],
      ] as const) {
        for (let rank = 0, previous = -1; rank < merges.length / 3; rank++) {
          const key = joined.find(merges[3 * rank], merges[3 * rank + 1]);
          if (!(key > previous) || joined.found !== merges[3 * rank + 2]) assert.fail(`${name}: merge ${rank}: key ${key} after ${previous}, gives ${joined.found}`);
          previous = key;
        }
        for (let token = 0; token < tokenCount; token++) {
          for (let split = offsets[token] + 1; split < offsets[token + 1]; split++) {
            const left: number = table.lookup(bytes, offsets[token], split);
            const right: number = left < 0 ? -1 : table.lookup(bytes, split, offsets[token + 1]);
            if (right >= 0 && (joined.find(left, right) === -1) !== (listed.find(left, right) === -1)) assert.fail(`${name}: ${model}: (${left}, ${right}) differs`);
          }
        }
      }
      const sections = cacheSections(cache);
      const mergeBytes = sections.bytesAt - sections.explicitKeys.start - 4 * (sections.offsets.length + sections.rankSlots.length);
      assert.ok(mergeBytes <= 1.5 * (tokenCount + merges.length / 3), `${mergeBytes} bytes for ${merges.length / 3} merges`);
    });
  });
}

describe('Hugging Face tokenizer.json: what the real files declare', function () {
  this.timeout(120_000);

  it('every real file runs on the hand-written scanners, DeepSeek V3\'s three Split patterns too: no untrusted regular expression', () => {
    assert.deepEqual(
      REAL_MODELS.map((model) => [model, ourRealTokenizer(model).untrustedPatterns]),
      REAL_MODELS.map((model) => [model, []]),
    );
  });

  it('template tokens come from the post-processor or tokenizer_config, and are never counted', () => {
    assert.deepEqual(ourRealTokenizer('gemma3').templateTokens, { prefix: ['<bos>'], suffix: [] });
    assert.deepEqual(ourRealTokenizer('deepseek_v3').templateTokens, { prefix: ['<｜begin▁of▁sentence｜>'], suffix: [] });
    assert.equal(ourRealTokenizer('gemma3').count('Hello'), 1);
  });

  it('Gemma 3 spans point at the spaces the normalizer rewrote to "▁"', () => {
    const gemma = ourRealTokenizer('gemma3');
    const text = 'Hello big  world';
    const spans = gemma.tokenize(text);
    const pieces = Array.from({ length: spans.count }, (_, k) => text.slice(spans.starts[k], spans.ends[k]));
    assert.equal(pieces.join(''), text);
    assert.ok(pieces.includes(' big'), `pieces: ${JSON.stringify(pieces)}`);
  });
});
