/**
 * Generated text for differential and property tests: every script and trap the
 * pre-tokenizer patterns treat specially, mixed at random from a seed.
 */
import { Random } from './random';

const pieces: readonly (readonly string[])[] = [
  // Latin words, capitalisation, contractions (the patterns special-case 's 't 're 've 'm 'll 'd, any case)
  ['hello', 'World', 'HTTPServer', 'camelCase', 'strawberry', 'naïve', 'Ünïcödé', 'ß', 'ǅemal', 'İstanbul'],
  ["'s", "'S", "'t", "'re", "'RE", "'ve", "'m", "'ll", "'LL", "'d", "'D", "don't", "I'M", "we'Ve", "'x", "''"],
  // Other scripts
  ['你好', '世界', '这是一个测试', '中文没有空格的句子很长很长', '日本語', 'カタカナ', 'ひらがな', '한국어'],
  ['Привет', 'мир', 'ЁЖИК', 'Ελληνικά', 'مرحبا', 'بالعالم', 'हिन्दी', 'नमस्ते', 'עברית', 'ไทย'],
  // Emoji: ZWJ sequences, skin tones, flags, keycaps, variation selectors
  ['😀', '👨‍👩‍👧‍👦', '👍🏽', '🧑🏿‍🚀', '🇫🇷', '1️⃣', '❤️', '🏳️‍🌈', '🍓'],
  // Combining marks, NBSP and other unusual characters
  ['e\u0301', 'a\u0308\u0323', '\u0301', '\u00a0', '\u2009', '\u3000', '\u200b', '\ufeff', '\u202e', '\ufffd'],
  // Whitespace of every kind and run length
  [' ', '  ', '   ', '\t', '\t\t', '\n', '\n\n', '\r\n', '\r', ' \n', '\n ', '  \n  ', '\v', '\f', '\u2028', '\u0085'],
  // Digits and numbers
  ['0', '12', '123', '1234', '12345678901234', '3.14159', '1,000,000', '٣٤٥', '१२३', '0x1F'],
  // Punctuation runs and code
  ['.', '...', '!?', '—', '()', '{}', '=>', '===', '/*', '*/', '//', '#!/usr/bin/env', '&&', '||', '\\n', '"\'', '<>', '@@'],
  ['function f(x) {', 'return x * 2;', '}', 'const a = [1, 2, 3];', 'if (a && b) {', '<div class="x">', 'SELECT * FROM t;'],
  // Special-token text (ordinary text unless allowed)
  ['<|endoftext|>', '<|endofprompt|>', '<|fim_prefix|>', '<|im_start|>', '<|endoftext', '|>'],
  // Lone surrogates (become U+FFFD bytes, as TextEncoder does)
  ['\ud800', '\udfff', '\ud83d', 'x\udc00y'],
];

export function generateText(random: Random, maxPieces = 12): string {
  const count = 1 + random.int(maxPieces);
  let text = '';
  for (let i = 0; i < count; i++) {
    const group = random.pick(pieces);
    text += random.pick(group);
    if (random.next() < 0.4) text += random.pick([' ', '', '\n', ' ', '']);
  }
  return text;
}

/** Long single-chunk and near-single-chunk runs: the inputs that make naive BPE quadratic. */
export function longRuns(length: number, random: Random): Record<string, string> {
  const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const cjk = '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年';
  let base64 = '';
  let chinese = '';
  let digits = '';
  let minified = '';
  const js = ['var ', 'a', '=', 'function', '(', ')', '{', 'return', ';', '}', '.', 'push', '[', ']', '+', '1', 'x', ',', '&&'];
  while (base64.length < length) base64 += base64Alphabet[random.int(64)];
  while (chinese.length < length) chinese += cjk[random.int(cjk.length)];
  while (digits.length < length) digits += String(random.int(10));
  while (minified.length < length) minified += random.pick(js);
  return {
    'a × n': 'a'.repeat(length),
    base64: base64.slice(0, length),
    'CJK without spaces': chinese.slice(0, length),
    digits: digits.slice(0, length),
    'minified JS': minified.slice(0, length),
    'spaces × n': ' '.repeat(length),
    'newlines × n': '\n'.repeat(length),
    'punctuation × n': '!'.repeat(length),
  };
}
