/**
 * Small generated `tokenizer.json` files, one per supported component and option: ids equal
 * the official JavaScript port on generated text, and spans keep their properties.
 */
import * as assert from 'node:assert/strict';
import { HfTokenizer } from '../../../src/core/hf';
import { addedToken, byteLevelFile, fileBytes, metaspaceFile, oracle } from '../../support/hfFiles';
import { Random } from '../../support/random';
import { assertSpanProperties } from '../../support/spanChecks';
import { generateText } from '../../support/textGenerator';

const LLAMA3_SPLIT = {
  type: 'Split',
  pattern: { Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" },
  behavior: 'Isolated',
  invert: false,
};
const QWEN_SPLIT = { ...LLAMA3_SPLIT, pattern: { Regex: LLAMA3_SPLIT.pattern.Regex.replace('\\p{N}{1,3}', '\\p{N}') } };
const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false };
const CUSTOM_SPLITS = [
  { type: 'Split', pattern: { Regex: '\\p{N}{1,3}' }, behavior: 'Isolated', invert: false },
  { type: 'Split', pattern: { Regex: '[一-龥぀-ゟ゠-ヿ]+' }, behavior: 'Isolated', invert: false },
  { type: 'Split', pattern: { Regex: "[A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" }, behavior: 'Isolated', invert: false },
];
const SPECIAL = ['<|begin|>', '<|end|>', '<|end|>x'];
const ORDINARY = ['<think>', '</think>', '\n\n'];

interface Case {
  readonly name: string;
  readonly file: () => Record<string, unknown>;
  /** How the span check sees the text (NFC), or no decode check where "▁" was prepended. */
  readonly normalize?: ((text: string) => string) | 'no decode check';
  readonly untrusted: boolean;
}

const cases: Case[] = [
  { name: 'byte-level: Split (Llama 3 pattern) + ByteLevel, merges as pairs', file: () => byteLevelFile({ preTokenizer: { type: 'Sequence', pretokenizers: [LLAMA3_SPLIT, BYTE_LEVEL] }, special: SPECIAL, ordinary: ORDINARY }), untrusted: false },
  { name: 'byte-level: merges as "a b" strings, ignore_merges', file: () => byteLevelFile({ preTokenizer: { type: 'Sequence', pretokenizers: [LLAMA3_SPLIT, BYTE_LEVEL] }, mergesAsStrings: true, ignoreMerges: true }), untrusted: false },
  { name: 'byte-level: NFC normalizer + Qwen pattern', file: () => byteLevelFile({ normalizer: { type: 'NFC' }, preTokenizer: { type: 'Sequence', pretokenizers: [QWEN_SPLIT, BYTE_LEVEL] }, special: SPECIAL, ordinary: ORDINARY }), normalize: (t) => t.normalize('NFC'), untrusted: false },
  { name: 'byte-level: NFKC in a normalizer Sequence', file: () => byteLevelFile({ normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }] }, preTokenizer: { type: 'Sequence', pretokenizers: [LLAMA3_SPLIT, BYTE_LEVEL] } }), normalize: (t) => t.normalize('NFKC'), untrusted: false },
  { name: 'byte-level: ByteLevel alone with its own regex (GPT-2)', file: () => byteLevelFile({ preTokenizer: { ...BYTE_LEVEL, use_regex: true } }), untrusted: false },
  { name: 'byte-level: ByteLevel with add_prefix_space', file: () => byteLevelFile({ preTokenizer: { ...BYTE_LEVEL, use_regex: true, add_prefix_space: true } }), normalize: 'no decode check', untrusted: false },
  { name: 'byte-level: a Sequence of custom Split patterns (untrusted, DeepSeek-like)', file: () => byteLevelFile({ preTokenizer: { type: 'Sequence', pretokenizers: [...CUSTOM_SPLITS, BYTE_LEVEL] }, special: SPECIAL }), untrusted: true },
  { name: 'SentencePiece: Replace " " → "▁" + byte fallback (Gemma)', file: () => metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' }, byteFallback: true, special: SPECIAL, ordinary: ORDINARY }), untrusted: false },
  { name: 'SentencePiece: Prepend + Replace normalizers + byte fallback (Llama 2)', file: () => metaspaceFile({ normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] }, byteFallback: true, special: SPECIAL }), normalize: 'no decode check', untrusted: false },
  { name: 'SentencePiece: Metaspace (prepend first, split) + unk', file: () => metaspaceFile({ preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true }, unk: true, special: SPECIAL }), normalize: 'no decode check', untrusted: false },
  { name: 'SentencePiece: Metaspace (always, no split) + fused unk', file: () => metaspaceFile({ preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: false }, unk: true, fuseUnk: true }), normalize: 'no decode check', untrusted: false },
  { name: 'SentencePiece: Metaspace (never) + byte fallback', file: () => metaspaceFile({ preTokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: true }, byteFallback: true }), untrusted: false },
];

describe('Hugging Face tokenizer.json: every supported component, on generated files', function () {
  this.timeout(60_000);
  for (const { name, file, normalize, untrusted } of cases) {
    it(`${name}: ids equal the JS port, spans hold`, () => {
      const json = file();
      const ours = HfTokenizer.fromJson(fileBytes(json), name);
      const reference = oracle(json);
      const hasSpecial = (json.added_tokens as { special: boolean }[]).some((token) => token.special);
      const withoutSpecial = hasSpecial ? oracle({ ...json, added_tokens: (json.added_tokens as { special: boolean }[]).filter((token) => !token.special) }) : reference;
      const random = new Random(name.length * 31);
      for (let i = 0; i < 400; i++) {
        let text = generateText(random);
        if (i % 3 === 0) text += `${random.pick([...SPECIAL, ...ORDINARY])}${generateText(random, 3)}`;
        const expected = reference.ids(text);
        assert.deepEqual(ours.encode(text, { allowSpecial: true }), expected, JSON.stringify(text));
        assert.deepEqual(ours.encode(text), withoutSpecial.ids(text), `without specials: ${JSON.stringify(text)}`);
        assertSpanProperties(ours, text, ours.tokenize(text, { allowSpecial: true }), normalize);
      }
      assert.equal(ours.untrustedPatterns.length > 0, untrusted);
    });
  }

  it('added tokens with lstrip/rstrip take the whitespace beside them, as the JS port does', () => {
    const json = byteLevelFile({ preTokenizer: { type: 'Sequence', pretokenizers: [LLAMA3_SPLIT, BYTE_LEVEL] } });
    const vocab = (json.model as { vocab: Record<string, number> }).vocab;
    const id = Object.keys(vocab).length;
    json.added_tokens = [addedToken(id, '<mask>', true, { lstrip: true, rstrip: true })];
    vocab['<mask>'] = id;
    const ours = HfTokenizer.fromJson(fileBytes(json), 'strip');
    const reference = oracle(json);
    for (const text of ['a  <mask>  b', '<mask> x', 'x <mask>', ' \n<mask>\t\t', 'a<mask>b']) {
      assert.deepEqual(ours.encode(text, { allowSpecial: true }), reference.ids(text), JSON.stringify(text));
    }
    const spans = ours.tokenize('a  <mask>  b', { allowSpecial: true });
    const mask = Array.from(spans.ids).indexOf(id);
    assert.deepEqual([spans.starts[mask], spans.ends[mask]], [1, 11]);
  });

  it('spans of NFC-composed characters point at the original decomposed characters', () => {
    const ours = HfTokenizer.fromJson(fileBytes(cases[2].file()), 'nfc');
    const text = 'cafe\u0301 x';
    const spans = ours.tokenize(text);
    assert.equal(spans.ends[spans.count - 1], text.length);
    const covering = Array.from({ length: spans.count }, (_, k) => [spans.starts[k], spans.ends[k]]).filter(([start, end]) => start <= 4 && end > 4);
    assert.ok(covering.every(([, end]) => end >= 5), `the accent's token must cover e and its accent: ${JSON.stringify(covering)}`);
  });
});
