/**
 * Reading tokenizer.json: model.vocab and model.merges are read from the bytes (a fast path)
 * and must give exactly what JSON.parse gives; a file the fast path is not sure of is read by
 * JSON.parse, so its meaning and its errors are JSON.parse's.
 */
import * as assert from 'node:assert/strict';
import { HfTokenizer, type HfTokenizerData, TokenizerFileError } from '../../../src/core/hf';
import { Field } from '../../../src/core/hf/json';
import { buildJoinedMerges } from '../../../src/core/hf/joinedMergesBuild';
import { parseTokenizerData, scanTokenizerData } from '../../../src/core/hf/tokenizerFile';
import { RankTable } from '../../../src/core/tokenizer/rankTable';
import { REAL_MODELS, byteLevelFile, fileBytes, metaspaceFile, realFile } from '../../support/hfFiles';
import { Random } from '../../support/random';
import { readTokenizerData } from '../../../src/core/hf';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const encoder = new TextEncoder();

/** The fast path reads `file`, and reads it as JSON.parse does. */
function assertScannedExactly(file: Uint8Array, config?: Field): void {
  const scanned = scanTokenizerData(file, 'tokenizer.json', config);
  assert.ok(scanned, 'the fast path read the file');
  const parsed = parseTokenizerData(file, 'tokenizer.json', config);
  const { rankSlots, merges, ...vocabulary } = scanned.vocabulary;
  const { merges: listed, ...parsedVocabulary } = parsed.vocabulary;
  assert.deepEqual(vocabulary, parsedVocabulary);
  // The hash table built while reading is the rank table's (its hash, its order), at most half full, sized for the vocab: added ids beyond it take no slot.
  assert.ok(rankSlots, 'the hash table was built');
  const hashed = parsed.vocabulary.offsets.filter((start, id) => id < parsed.vocabulary.tokenCount && parsed.vocabulary.offsets[id + 1] > start).length;
  assert.ok(rankSlots.length >= 2 * hashed && rankSlots.length <= Math.max(2, RankTable.slotCount(parsed.vocabulary.tokenCount)), `${rankSlots.length} slots for ${hashed} tokens`);
  assert.deepEqual(rankSlots, RankTable.uniqueSlots(parsed.vocabulary, rankSlots.length));
  // The merges are read straight into the joined form, as the cache builds it from the listed merges.
  assert.equal(merges.length, 0);
  assert.ok(scanned.tables && 'counts' in scanned.tables.merges, 'the merges are joined');
  assert.equal(scanned.tables.rankSlots, rankSlots);
  assert.deepEqual(scanned.tables.merges, buildJoinedMerges(listed, parsed.vocabulary.tokenCount, parsed.vocabulary.offsets, parsed.vocabulary.bytes).merges);
  assert.deepEqual(scanned.tables.wordBreak, new HfTokenizer(parsed).tables.wordBreak);
  assert.deepEqual(scanned.pipeline, parsed.pipeline);
  assert.deepEqual(scanned.settings, parsed.settings);
}

/** The file's JSON text with `edit` applied (escapes JSON.stringify would not write). */
function text(json: unknown, edit: (text: string) => string): Uint8Array {
  return encoder.encode(edit(JSON.stringify(json, null, 1)));
}

describe('Hugging Face tokenizer.json: reading model.vocab and model.merges from the bytes', () => {
  for (const model of REAL_MODELS) {
    it(`reads ${model}'s file exactly as JSON.parse does`, function () {
      this.timeout(120_000);
      const config = new Field(JSON.parse(realFile(model, 'tokenizer_config.json').toString('utf8')), '(config)', 'tokenizer_config.json');
      assertScannedExactly(realFile(model), config);
    });
  }

  it('reads merges written as "left right" and as ["left", "right"], byte-level and SentencePiece-style', () => {
    assertScannedExactly(fileBytes(byteLevelFile({ preTokenizer: BYTE_LEVEL, mergesAsStrings: true })));
    assertScannedExactly(fileBytes(byteLevelFile({ preTokenizer: BYTE_LEVEL })));
    assertScannedExactly(fileBytes(metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } })));
  });

  it('reads files whatever the order of their members: the pre-tokenizer after the model, merges before vocab, a ByteLevel decoder before a Metaspace model', () => {
    const byteLevel = byteLevelFile({ preTokenizer: BYTE_LEVEL });
    const { model, ...rest } = byteLevel;
    assertScannedExactly(fileBytes({ model, ...rest }));
    const { vocab, merges, ...modelRest } = model as Record<string, unknown>;
    assertScannedExactly(fileBytes({ ...rest, model: { ...modelRest, merges, vocab } }));
    assertScannedExactly(fileBytes({ model: { ...modelRest, merges, vocab }, ...rest }));
    const metaspace = metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } });
    assertScannedExactly(fileBytes({ ...metaspace, decoder: BYTE_LEVEL }));
  });

  it('reads a vocab listed out of id order, with holes, and added tokens beyond it (far beyond, and right after it)', () => {
    for (const json of [byteLevelFile({ preTokenizer: BYTE_LEVEL, special: ['<|end|>'] }), metaspaceFile({ special: ['<eos>'] })]) {
      const model = json.model as { vocab: Record<string, number> };
      const entries = Object.entries(model.vocab);
      assertScannedExactly(fileBytes({ ...json, model: { ...model, vocab: Object.fromEntries(entries.reverse()) } }));
      assertScannedExactly(fileBytes({ ...json, model: { ...model, vocab: Object.fromEntries(entries.map(([token, id]) => [token, id * 3])) }, added_tokens: [] }));
      // Added ids far beyond the vocab: holes up to them, which the vocab's hash table serves as it is.
      const added = (json.added_tokens as { id: number }[]).map((token, k) => ({ ...token, id: 4096 + k }));
      const vocab = Object.fromEntries(entries.filter(([, id]) => !(json.added_tokens as { id: number }[]).some((token) => token.id === id)));
      assertScannedExactly(fileBytes({ ...json, model: { ...model, vocab }, added_tokens: added }));
      assertScannedExactly(fileBytes({ added_tokens: added, ...json, model: { ...model, vocab } }));
      // Added ids right after the vocab (as Gemma 3's last one is): the scan's own array grows in place.
      const next = Math.max(...Object.values(vocab)) + 1;
      assertScannedExactly(fileBytes({ ...json, model: { ...model, vocab }, added_tokens: added.map((token, k) => ({ ...token, id: next + k })) }));
    }
  });

  it('reads merges listed twice (next to each other and far apart), results running against ranks and a left half of 300 bytes exactly as JSON.parse does', () => {
    for (const mergesAsStrings of [false, true]) {
      const json = byteLevelFile({ preTokenizer: BYTE_LEVEL, mergesAsStrings });
      const model = json.model as { vocab: Record<string, number>; merges: (string | [string, string])[] };
      const { vocab, merges } = model;
      let next = Math.max(...Object.values(vocab)) + 1;
      const long = 'x'.repeat(300);
      vocab[long] = next++;
      vocab[`${long}y`] = next++;
      const longMerge: string | [string, string] = mergesAsStrings ? `${long} y` : [long, 'y'];
      const middle = merges.length >> 1;
      assert.ok(middle > 8, `${merges.length} merges`);
      merges.push(longMerge, longMerge, merges[5], merges[middle + 2]);
      merges.splice(3, 0, merges[middle], merges[middle + 1]);
      const file = fileBytes(json);
      assertScannedExactly(file);
      const scanned = HfTokenizer.fromJson(file, 'tokenizer.json');
      const parsed = new HfTokenizer(parseTokenizerData(file, 'tokenizer.json', undefined));
      for (const sample of [`${long}y`, `the ${long}yy there`, 'the quick brown fox jumps over the lazy dog']) assert.deepEqual(scanned.encode(sample), parsed.encode(sample), sample);
    }
  });

  it('decodes escapes in tokens and merges: \\uXXXX, surrogate pairs, \\n, \\" and \\\\', () => {
    const byteLevel = byteLevelFile({ preTokenizer: BYTE_LEVEL, mergesAsStrings: true });
    assertScannedExactly(text(byteLevel, (json) => json.replaceAll('Ġ', '\\u0120').replaceAll('Ċ', '\\u010A')));
    const metaspace = metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } });
    const vocab = (metaspace.model as { vocab: Record<string, number> }).vocab;
    let next = Object.keys(vocab).length;
    for (const token of ['😀', '▁😀', 'a\nb', 'say "hi"', 'back\\slash', 'é']) vocab[token] = next++;
    const merges = (metaspace.model as { merges: [string, string][] }).merges;
    merges.push(['▁', '😀'], ['say "hi', '"']);
    vocab['say "hi'] = next++;
    vocab['"'] ??= next++;
    const escaped = text(metaspace, (json) => json.replaceAll('😀', '\\ud83d\\ude00').replaceAll('é', '\\u00e9').replaceAll('▁', '\\u2581'));
    assertScannedExactly(escaped);
    const tokenizer = HfTokenizer.fromJson(escaped, 'tokenizer.json');
    assert.deepEqual(tokenizer.encode(' 😀'), [vocab['▁😀']]);
  });

  it('reads every one-character escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t) in tokens and merges, alone and beside a \\u escape, as JSON.parse does', () => {
    const metaspace = metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } });
    const model = metaspace.model as { vocab: Record<string, number>; merges: [string, string][] };
    let next = Object.keys(model.vocab).length;
    const pairs: [string, string][] = [
      ['a\t', 'b'],
      ['x\r', 'y'],
      ['s/', 'l'],
      ['\b\f', '"\\'],
      ['é\n', 'b'],
    ];
    for (const [left, right] of pairs) {
      for (const token of [left, right, left + right]) model.vocab[token] ??= next++;
      model.merges.push([left, right]);
    }
    // JSON.stringify writes \t, \r, \b, \f, \n, \" and \\ itself; \/ and \u00e9 (é beside \n in one string) are written here.
    const escapedMetaspace = text(metaspace, (json) => json.replaceAll('/', '\\/').replaceAll('é', '\\u00e9'));
    assert.ok(['\\t', '\\r', '\\b', '\\f', '\\n', '\\"', '\\\\', '\\/', '\\u00e9\\n'].every((escape) => new TextDecoder().decode(escapedMetaspace).includes(escape)));
    assertScannedExactly(escapedMetaspace);
    const byteLevel = byteLevelFile({ preTokenizer: BYTE_LEVEL });
    const bytes = byteLevel.model as { vocab: Record<string, number>; merges: [string, string][] };
    bytes.vocab['"\\'] ??= Object.keys(bytes.vocab).length;
    bytes.vocab['\\/'] ??= Object.keys(bytes.vocab).length;
    bytes.merges.push(['"', '\\'], ['\\', '/']);
    assertScannedExactly(text(byteLevel, (json) => json.replaceAll('/', '\\/')));
  });

  it('leaves repeated keys, escaped key names, lone surrogates and unusual numbers to JSON.parse, with its meaning', () => {
    const json = byteLevelFile({ preTokenizer: BYTE_LEVEL });
    const cases: [string, (text: string) => string][] = [
      ['a repeated vocab key (the last id wins)', (t) => t.replace('"vocab": {', '"vocab": {\n  "h": 999,')],
      ['a repeated model key', (t) => t.replace(/\n}$/, ',\n "model": ' + JSON.stringify(json.model) + '\n}')],
      ['an escaped key name', (t) => t.replace('"vocab":', '"\\u0076ocab":')],
      ['an id written 1.0', (t) => t.replace(/"h": (\d+)/, '"h": $1.0')],
    ];
    const metaspace = metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } });
    // UTF-8 cannot hold a lone surrogate; in a byte-level file it is just a token BPE cannot produce.
    const loneSurrogate = text(metaspace, (t) => t.replace('"vocab": {', '"vocab": {\n  "\\ud800": 5000,'));
    for (const [name, file] of [...cases.map(([name, edit]) => [name, text(json, edit)] as const), ['a lone surrogate', loneSurrogate] as const]) {
      assert.equal(scanTokenizerData(file, 'tokenizer.json', undefined), undefined, name);
      const { rankSlots, ...vocabulary } = HfTokenizer.fromJson(file, 'tokenizer.json').data.vocabulary;
      assert.equal(rankSlots, undefined, name);
      assert.deepEqual(vocabulary, parseTokenizerData(file, 'tokenizer.json', undefined).vocabulary, name);
    }
  });

  it('a truncated file, bad UTF-8 or a control character in a token gets JSON.parse\'s one line', () => {
    const good = fileBytes(byteLevelFile({ preTokenizer: BYTE_LEVEL }));
    const vocabAt = new TextDecoder().decode(good).indexOf('"vocab":{"') + 10;
    const badUtf8 = good.slice();
    badUtf8[vocabAt] = 0xff;
    const control = good.slice();
    control[vocabAt] = 0x01;
    for (const file of [good.subarray(0, good.length >> 1), good.subarray(0, good.length - 1), badUtf8, control]) {
      assert.throws(
        () => HfTokenizer.fromJson(file, 'tokenizer.json'),
        (error: unknown) => error instanceof TokenizerFileError && !error.message.includes('\n') && /^tokenizer\.json: expected JSON, found /.test(error.message),
      );
    }
  });

  it('a file damaged by one byte anywhere reads as JSON.parse reads it, or fails with its message', function () {
    // Hundreds of loads each: seconds alone, several times that on a loaded machine.
    this.timeout(60_000);
    const random = new Random(0x5ca9);
    const interesting = [...'"\\{}[],: 09.e-a'].map((c) => c.charCodeAt(0)).concat([0x80, 0xc3, 0xff, 0x01]);
    for (const json of [byteLevelFile({ preTokenizer: BYTE_LEVEL, mergesAsStrings: true }), metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } })]) {
      const good = text(json, (t) => t.replaceAll('Ġ', '\\u0120'));
      for (let round = 0; round < 400; round++) {
        const file = good.slice();
        file[random.int(file.length)] = interesting[random.int(interesting.length)];
        const outcome = (read: () => HfTokenizerData) => {
          try {
            const { vocabulary, pipeline, settings, tables } = read();
            const { rankSlots, merges, ...rest } = vocabulary;
            void rankSlots;
            // Merges in the joined form, whichever way they were read.
            const joined = tables ? tables.merges : buildJoinedMerges(merges, rest.tokenCount, rest.offsets, rest.bytes).merges;
            return { vocabulary: rest, merges: joined, pipeline, settings };
          } catch (error) {
            return (error as Error).message;
          }
        };
        assert.deepEqual(outcome(() => readTokenizerData(file, 'tokenizer.json')), outcome(() => parseTokenizerData(file, 'tokenizer.json', undefined)), `round ${round}`);
      }
    }
  });
});
