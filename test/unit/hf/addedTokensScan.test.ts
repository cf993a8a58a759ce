/**
 * added_tokens read straight from a tokenizer.json's bytes, and tokenizer_config.json read with its
 * added_tokens_decoder checked but not kept: both must give what JSON.parse gives, or its error.
 */
import * as assert from 'node:assert/strict';
import { type HfTokenizerData, TokenizerFileError, readTokenizerData } from '../../../src/core/hf';
import { Field } from '../../../src/core/hf/json';
import { checkedValueEnd, skipSpace } from '../../../src/core/hf/jsonScan';
import { parseTokenizerData, readTokenizerFile, scanTokenizerData } from '../../../src/core/hf/tokenizerFile';
import { addedToken, byteLevelFile, metaspaceFile, realFile } from '../../support/hfFiles';
import { Random } from '../../support/random';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text);

/** Whether the pipeline's added tokens were read from the bytes (their objects are made only when asked for). */
const readFromBytes = (data: HfTokenizerData) => Object.getOwnPropertyDescriptor(data.pipeline, 'addedTokens')?.get !== undefined;

function outcome(read: () => HfTokenizerData): unknown {
  try {
    const { name, settings, pipeline, addedTokens } = read();
    return { name, settings, pipeline: { ...pipeline }, addedTokens };
  } catch (error) {
    return (error as Error).message;
  }
}

/** Reads `file` from memory and through a small sliding window: both as JSON.parse reads it. */
function assertReadAsParsed(file: Uint8Array, message: string, config?: Uint8Array): void {
  const parsed = outcome(() => parseTokenizerData(file, 'tokenizer.json', config && new Field(JSON.parse(new TextDecoder().decode(config)), '(config)', 'tokenizer.json (tokenizer_config.json)')));
  assert.deepEqual(outcome(() => readTokenizerData(file, 'tokenizer.json', config)), parsed, message);
  const read = (into: Uint8Array, position: number) => {
    const piece = file.subarray(position, position + Math.min(into.length, 5));
    into.set(piece);
    return piece.length;
  };
  assert.deepEqual(outcome(() => readTokenizerFile(read, file.length, 'tokenizer.json', config)), parsed, `${message}, through a sliding window`);
}

/** A SentencePiece-style file whose added tokens hold escapes, multi-byte characters, quotes and every flag. */
function plainFile(): Record<string, unknown> {
  const file = metaspaceFile({ special: ['<eos>'] });
  const added = file.added_tokens as Record<string, unknown>[];
  let next = Math.max(...added.map((token) => token.id as number)) + 1;
  for (const [content, options] of [
    ['\n\n', {}],
    ['<img>😀</img>', { lstrip: true }],
    ['say "hi"', { rstrip: true, normalized: true }],
    ['é\\', { special: true }],
    ['<unused0>', {}],
  ] as const) {
    added.push({ ...addedToken(next++, content, false, options) });
  }
  // Fields in another order than Hugging Face writes them.
  const last = added[added.length - 1];
  added[added.length - 1] = Object.fromEntries(Object.entries(last).reverse());
  return file;
}

describe('Hugging Face tokenizer.json: added tokens read from the bytes', () => {
  it('reads added tokens with escapes, emoji, quotes and any field order from the bytes, compact and indented, exactly as JSON.parse does', () => {
    const file = plainFile();
    for (const text of [JSON.stringify(file), JSON.stringify(file, null, 2).replaceAll('é', '\\u00e9')]) {
      const bytes = bytesOf(text);
      const scanned = scanTokenizerData(bytes, 'tokenizer.json', undefined);
      assert.ok(scanned && readFromBytes(scanned), 'the added tokens were read from the bytes');
      assertReadAsParsed(bytes, 'plain added tokens');
    }
    const scanned = scanTokenizerData(bytesOf(JSON.stringify(file)), 'tokenizer.json', undefined);
    assert.deepEqual(
      scanned?.pipeline.addedTokens.map((token) => token.content),
      (file.added_tokens as { content: string }[]).map((token) => token.content),
    );
  });

  it('leaves entries that are not plain to JSON.parse, with its meaning or its one-line error', () => {
    const entry = (edit: (text: string) => string) => bytesOf(edit(JSON.stringify(plainFile(), null, 1)));
    const cases: [string, Uint8Array][] = [
      ['single_word true', entry((t) => t.replace('"single_word": false', '"single_word": true'))],
      ['a field it does not know', entry((t) => t.replace('"single_word": false', '"single_word": false, "extra": [1, {"a": null}]'))],
      ['a field listed twice', entry((t) => t.replace('"special": false', '"special": false, "special": true'))],
      ['a field missing', entry((t) => t.replace(/"lstrip": false,\s*/, ''))],
      ['an escaped field name', entry((t) => t.replace('"content"', '"\\u0063ontent"'))],
      ['an id written 1e1', entry((t) => t.replace(/"id": (\d+)/, '"id": 1e1'))],
      ['an id beyond 2^24', entry((t) => t.replace(/"id": (\d+)/, '"id": 16777216'))],
      ['an empty content', entry((t) => t.replace('"content": "<eos>"', '"content": ""'))],
      ['a content of 1,025 units', entry((t) => t.replace('"content": "<eos>"', `"content": "${'x'.repeat(1025)}"`))],
      ['a flag given as 0', entry((t) => t.replace('"normalized": false', '"normalized": 0'))],
      ['an entry that is a list', entry((t) => t.replace('"added_tokens": [', '"added_tokens": [[],'))],
    ];
    for (const [name, file] of cases) {
      // The rest of the file is still read from the bytes; only the array goes through JSON.parse.
      const accepted = typeof outcome(() => parseTokenizerData(file, 'tokenizer.json', undefined)) !== 'string';
      const scanned = scanTokenizerData(file, 'tokenizer.json', undefined);
      assert.equal(scanned !== undefined, accepted, `${name}: the fast path read the file`);
      if (scanned) assert.ok(!readFromBytes(scanned), `${name}: JSON.parse read the added tokens`);
      assertReadAsParsed(file, name);
    }
    const errors = cases.map(([, file]) => outcome(() => readTokenizerData(file, 'tokenizer.json'))).filter((result) => typeof result === 'string');
    assert.ok(errors.length >= 5 && errors.every((message) => !message.includes('\n')), `one-line errors: ${errors.join(' | ')}`);
  });

  it('added tokens damaged by one byte anywhere read as JSON.parse reads them, or fail with its message', function () {
    // Hundreds of loads each: seconds alone, several times that on a loaded machine.
    this.timeout(60_000);
    const random = new Random(0xadd);
    const interesting = [...'"\\{}[],: 09.e-atf'].map((c) => c.charCodeAt(0)).concat([0x80, 0xc3, 0xff, 0x01]);
    const good = bytesOf(JSON.stringify(byteLevelFile({ preTokenizer: BYTE_LEVEL, special: ['<|end|>', '<|start|>'], ordinary: ['\n\n'] }), null, 1));
    const text = new TextDecoder().decode(good);
    const start = text.indexOf('"added_tokens"');
    // The array's closing bracket, at the indentation of the root's members.
    const end = text.indexOf('\n ]', start) + 3;
    assert.ok(start >= 0 && end > start + 100, `added_tokens at ${start}–${end}`);
    for (let round = 0; round < 300; round++) {
      const file = good.slice();
      file[start + random.int(end - start)] = interesting[random.int(interesting.length)];
      assertReadAsParsed(file, `round ${round}`);
    }
  });
});

describe('Hugging Face tokenizer_config.json: added_tokens_decoder checked, not kept', () => {
  const config = (decoder: string) => bytesOf(`{"bos_token": "<bos>", "add_bos_token": true, "added_tokens_decoder": ${decoder}, "eos_token": {"content": "<eos>"}}`);
  const file = bytesOf(JSON.stringify(metaspaceFile({ special: ['<eos>', '<bos>'] })));

  it("reads Gemma 3's config as JSON.parse does: the template tokens and the chat template", () => {
    assertReadAsParsed(realFile('gemma3'), "Gemma 3's files", new Uint8Array(realFile('gemma3', 'tokenizer_config.json')));
    const data = readTokenizerData(file, 'tokenizer.json', config('{"0": {"content": "<pad>", "special": true}, "1": [1.5e-3, -0, null, false, ""]}'));
    assert.deepEqual(data.pipeline.template, { prefix: ['<bos>'], suffix: [] });
    assert.deepEqual(data.settings.config, { bos_token: '<bos>', add_bos_token: true, eos_token: { content: '<eos>' } });
  });

  it('refuses a config whose added_tokens_decoder is not JSON with JSON.parse\'s one line', () => {
    for (const decoder of ['{"0": {},}', '{"0": 01}', '{"0": tru}', '{"0": "\\x"}', '{"0": "a\u0001"}', '{"0" 1}', '[1 2]', '{"0": -}', '{"0": 1.}', '{"0": [}', '{"0": +1}', '{"0": 1e}']) {
      assert.throws(() => JSON.parse(new TextDecoder().decode(config(decoder))), SyntaxError, decoder);
      assert.throws(
        () => readTokenizerData(file, 'tokenizer.json', config(decoder)),
        (error: unknown) => error instanceof TokenizerFileError && /^tokenizer\.json \(tokenizer_config\.json\): expected JSON, found [^\n]+$/.test(error.message),
        decoder,
      );
    }
  });

  it('its JSON check (checkedValueEnd) accepts exactly what JSON.parse accepts, on generated JSON damaged at random', () => {
    const random = new Random(0x15);
    const space = () => random.pick(['', '', ' ', '\n  ', '\t', '\r\n']);
    const strings = ['', 'a', 'é', '😀', '\\n', '\\u00e9', '\\ud83d\\ude00', '\\ud800', '\\"', '\\/', 'a b', '<pad>'];
    const numbers = ['0', '-0', '7', '-12', '3.25', '1e5', '-2.5E-3', '10', '0.0'];
    const value = (depth: number): string => {
      const kind = random.int(depth > 3 ? 3 : 5);
      if (kind === 0) return `"${random.pick(strings)}"`;
      if (kind === 1) return random.pick(numbers);
      if (kind === 2) return random.pick(['true', 'false', 'null']);
      const items = Array.from({ length: random.int(4) }, () => (kind === 3 ? value(depth + 1) : `"${random.pick(strings)}"${space()}:${space()}${value(depth + 1)}`));
      return kind === 3 ? `[${space()}${items.join(`${space()},${space()}`)}${space()}]` : `{${space()}${items.join(`${space()},${space()}`)}${space()}}`;
    };
    const interesting = [...'"\\{}[],:09.eE-+ atfnu'].map((c) => c.charCodeAt(0)).concat([0x80, 0xc3, 0xed, 0xff, 0x01, 0x0a]);
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 3000; round++) {
      const good = bytesOf(value(0));
      const bytes = round % 4 === 0 ? good : good.slice();
      if (round % 4 !== 0) bytes[random.int(bytes.length)] = random.pick(interesting);
      let parsed = true;
      try {
        JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        parsed = false;
      }
      const start = skipSpace(bytes, 0);
      const end = checkedValueEnd(bytes, start);
      const checked = end >= 0 && skipSpace(bytes, end) === bytes.length;
      assert.equal(checked, parsed, new TextDecoder().decode(bytes));
      if (parsed) accepted++;
      else refused++;
    }
    assert.ok(accepted > 800 && refused > 800, `${accepted} accepted, ${refused} refused`);
  });

  it('a config damaged by one byte anywhere reads as JSON.parse reads it, or fails with its message', function () {
    // Hundreds of loads each: seconds alone, several times that on a loaded machine.
    this.timeout(60_000);
    const random = new Random(0xc0f);
    const interesting = [...'"\\{}[],: 09.e-atfn'].map((c) => c.charCodeAt(0)).concat([0x80, 0xc3, 0xff, 0x01]);
    const good = config('{"106": {"content": "<start_of_turn>", "lstrip": false, "special": true}, "2": {"content": "é\\n", "x": [1e5, -2.5, null]}}');
    for (let round = 0; round < 400; round++) {
      const damaged = good.slice();
      damaged[random.int(damaged.length)] = interesting[random.int(interesting.length)];
      let reference: unknown;
      try {
        reference = new Field(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(damaged)), '(config)', 'tokenizer.json (tokenizer_config.json)');
      } catch (error) {
        reference = `tokenizer.json (tokenizer_config.json): expected JSON, found ${(error as Error).message.split('\n')[0]}`;
      }
      const expected = typeof reference === 'string' ? reference : outcome(() => parseTokenizerData(file, 'tokenizer.json', reference as Field));
      assert.deepEqual(outcome(() => readTokenizerData(file, 'tokenizer.json', damaged)), expected, `round ${round}`);
    }
  });
});
