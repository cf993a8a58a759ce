/** The hand-written pre-tokenizers must cut text exactly where the tiktoken regular expressions do. */
import * as assert from 'node:assert/strict';
import { type BoundedChunker, type Chunker, RegexChunker } from '../../../src/core/tokenizer/chunker';
import { translatePattern } from '../../../src/core/hf/regex';
import { KNOWN_PATTERNS } from '../../../src/core/hf/splitter';
import { Cl100kScanner, Gpt2Scanner, O200kScanner } from '../../../src/core/tokenizer/scanners';
import { Random } from '../../support/random';
import { generateText, longRuns } from '../../support/textGenerator';

function chunks(chunker: Chunker, text: string): number[] {
  chunker.reset(text, 0);
  const ends: number[] = [];
  for (let end = chunker.next(); end !== -1; end = chunker.next()) ends.push(end);
  return ends;
}

/** Code points from everywhere: ASCII, Latin, Greek, CJK, marks, titlecase, modifiers, digits of many scripts, astral letters, emoji, surrogates. */
function randomUnicode(random: Random, length: number): string {
  const ranges: [number, number][] = [
    [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0x09, 0x0d], [0xa0, 0x24f], [0x2b0, 0x36f], [0x370, 0x3ff],
    [0x400, 0x4ff], [0x590, 0x6ff], [0x900, 0x97f], [0x1c4, 0x1cc], [0x1e00, 0x1fff], [0x2000, 0x206f],
    [0x2070, 0x2bff], [0x3000, 0x30ff], [0x4e00, 0x4fff], [0xac00, 0xac40], [0xd800, 0xdfff], [0xfe00, 0xfeff],
    [0xff00, 0xffef], [0x10400, 0x1044f], [0x1d400, 0x1d7ff], [0x1f300, 0x1faff], [0x20000, 0x20100], [0xe0000, 0xe007f],
  ];
  let text = '';
  while (text.length < length) {
    const [low, high] = random.pick(ranges);
    const codePoint = low + random.int(high - low + 1);
    text += random.next() < 0.15 ? random.pick([' ', "'", '\n', '\r\n', '  ', "'ll", "'S", '/']) : String.fromCodePoint(codePoint);
  }
  return text;
}

/**
 * A `Split` step with the Isolated behaviour, as Hugging Face runs it: each match is a piece, and so
 * is the text between two matches (one piece, however long). For the tiktoken patterns, which match
 * at every position, this is RegexChunker.
 */
class IsolatedRegexChunker implements Chunker {
  private readonly regex: RegExp;
  private text = '';
  private at = 0;

  constructor(pattern: string) {
    this.regex = new RegExp(pattern, 'gu');
  }

  reset(text: string, position: number): void {
    this.text = text;
    this.at = position;
  }

  next(): number {
    if (this.at >= this.text.length) return -1;
    this.regex.lastIndex = this.at;
    const match = this.regex.exec(this.text);
    if (!match) return (this.at = this.text.length);
    return (this.at = match.index > this.at ? match.index : match.index + match[0].length);
  }
}

const scanners: { name: string; make: () => BoundedChunker; reference: () => Chunker }[] = [
  { name: 'r50k/p50k (GPT-2)', make: () => new Gpt2Scanner(), reference: () => new RegexChunker(Gpt2Scanner.PATTERN) },
  { name: 'cl100k_base', make: () => new Cl100kScanner(), reference: () => new RegexChunker(Cl100kScanner.PATTERN) },
  { name: 'o200k_base', make: () => new O200kScanner(), reference: () => new RegexChunker(O200kScanner.PATTERN) },
  // tokenizer.json Split patterns the Hugging Face tokenizers run on these scanners, against their translation.
  ...[...KNOWN_PATTERNS].map(([source, make], index) => ({
    name: `tokenizer.json pattern ${index + 1} (${source.slice(0, 24)}…)`,
    make,
    reference: () => new IsolatedRegexChunker(translatePattern(source)),
  })),
];

describe('hand-written pre-tokenizers agree with the regular expressions', function () {
  this.timeout(60_000);
  for (const { name, make, reference } of scanners) {
    describe(name, () => {
      const compare = (text: string) => assert.deepEqual(chunks(make(), text), chunks(reference(), text), JSON.stringify(text));

      it('on 20,000 generated strings', () => {
        const random = new Random(101);
        for (let i = 0; i < 20_000; i++) compare(generateText(random, 16));
      });

      it('on 5,000 strings of random code points from every plane', () => {
        const random = new Random(202);
        for (let i = 0; i < 5_000; i++) compare(randomUnicode(random, 1 + random.int(40)));
      });

      it('on the backtracking corners of the letter alternatives', () => {
        // U* gives back to the last W (Lm, Lo, M are in both classes); Lt/Lu are not lowercase.
        for (const text of ['中A.', 'ABC中', 'ǅA b', 'ʰA ', 'Aʰ', '\u0301A', ' \u0301', 'x\u0301Y\'ll', 'AB\u0301C.', '中文ABC', 'ABCdef\'S', '(ǅemal', "'sA", "''ll", 'ΣΑΣ\'re', '𝐀𝐁𝐜']) {
          compare(text);
        }
      });

      it('on long runs of one character class', () => {
        for (const text of Object.values(longRuns(2000, new Random(3)))) compare(`${text} x${text}\n${text}`);
      });

      it('on every single character of the Basic Multilingual Plane, alone and between letters', () => {
        for (let c = 0; c < 0x10000; c++) {
          const ch = String.fromCharCode(c);
          compare(ch);
          compare(`a${ch}b`);
          compare(` ${ch}A`);
        }
      });

      it('stops at an end short of the text as if the text ended there, scan after scan', () => {
        const random = new Random(505);
        const ours = make();
        for (let i = 0; i < 2_000; i++) {
          const text = i % 2 === 0 ? generateText(random, 20) : randomUnicode(random, 1 + random.int(40));
          let end = random.int(text.length + 1);
          // A piece ends on a code point: never between the halves of a surrogate pair.
          if (/[\ud800-\udbff]/.test(text[end - 1] ?? '') && /[\udc00-\udfff]/.test(text[end] ?? '')) end--;
          ours.reset(text, 0, end);
          const ends: number[] = [];
          for (let at = ours.next(); at !== -1; at = ours.next()) ends.push(at);
          assert.deepEqual(ends, chunks(reference(), text.slice(0, end)), `${JSON.stringify(text)} up to ${end}`);
        }
      });

      it('restarts at any chunk start like the regular expression does', () => {
        const random = new Random(404);
        for (let i = 0; i < 500; i++) {
          const text = generateText(random, 20);
          let at = random.int(text.length);
          // A chunk starts on a code point: never between the halves of a surrogate pair.
          if (/[\ud800-\udbff]/.test(text[at - 1] ?? '') && /[\udc00-\udfff]/.test(text[at])) at--;
          const ours = make();
          const regex = reference();
          ours.reset(text, at);
          regex.reset(text, at);
          for (let a = ours.next(), b = regex.next(); a !== -1 || b !== -1; a = ours.next(), b = regex.next()) {
            assert.equal(a, b, `${JSON.stringify(text)} from ${at}`);
          }
        }
      });
    });
  }
});
