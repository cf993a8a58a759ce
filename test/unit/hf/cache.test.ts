/**
 * The binary cache of a compiled `tokenizer.json`: it round-trips, it refuses a damaged or
 * older file in one line (the caller then falls back to the `tokenizer.json`), and no damage
 * can make a lookup loop forever or produce an id outside the vocabulary.
 */
import * as assert from 'node:assert/strict';
import { HfTokenizer, TokenizerFileError, parseTokenizerCache, serializeTokenizerCache } from '../../../src/core/hf';
import { HF_CACHE_VERSION, cacheSections } from '../../../src/core/hf/cache';
import { byteLevelFile, fileBytes, metaspaceFile, oracle } from '../../support/hfFiles';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };

function tokenizer(): HfTokenizer {
  return HfTokenizer.fromJson(fileBytes(byteLevelFile({ preTokenizer: BYTE_LEVEL })), 'tokenizer.json');
}

/**
 * A file whose merge ranks run against its ids (the merged tokens' ids reversed) and with one
 * pair listed twice: the cache must keep most merges explicitly, and the later listing wins.
 */
function againstIds(): HfTokenizer {
  const file = byteLevelFile({ preTokenizer: BYTE_LEVEL });
  const model = file.model as { vocab: Record<string, number>; merges: [string, string][] };
  const learned = model.merges.map(([left, right]) => left + right);
  const ids = learned.map((token) => model.vocab[token]);
  learned.forEach((token, k) => (model.vocab[token] = ids[ids.length - 1 - k]));
  model.merges.push(model.merges[3]);
  return HfTokenizer.fromJson(fileBytes(file), 'tokenizer.json');
}

function reject(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => parseTokenizerCache(bytes, 'cache.bin'),
    (error: unknown) => error instanceof TokenizerFileError && !error.message.includes('\n') && pattern.test(error.message),
  );
}

/** The cache with `edit` applied to a copy of its Int32 section `name`. */
type Damaged = 'rankSlots' | 'explicit' | 'blockStarts' | 'counts' | 'splits' | 'addedIds' | 'addedOrder' | 'addedStarts' | 'addedFlags';
function withSection(cache: Uint8Array, name: Damaged, edit: (values: Int32Array | Uint8Array) => void): Uint8Array {
  const copy = cache.slice();
  const section = cacheSections(copy)[name];
  const bytes = name === 'counts' || name === 'splits' || name === 'addedFlags';
  edit(bytes ? copy.subarray(section.start, section.start + section.length) : new Int32Array(copy.buffer, section.start, section.length));
  return copy;
}

describe('Hugging Face tokenizer cache', () => {
  it('a tokenizer read back from its cache encodes as the original, byte-level and SentencePiece-style', () => {
    const metaspace = HfTokenizer.fromJson(fileBytes(metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } })), 'tokenizer.json');
    for (const original of [tokenizer(), metaspace]) {
      const cached = new HfTokenizer(parseTokenizerCache(serializeTokenizerCache(original), 'cache.bin'));
      for (const text of ['hello world', 'low lower lowest', ' new  newer\n\tnewest 😀', 'ab'.repeat(200)]) {
        assert.deepEqual(cached.encode(text), original.encode(text), JSON.stringify(text));
      }
    }
  });

  it('merges whose ranks run against their ids (kept explicitly) and a pair listed twice read back exact', () => {
    const original = againstIds();
    const cache = serializeTokenizerCache(original);
    assert.ok(cacheSections(cache).explicit.length >= 3 * 16, 'most merges are explicit');
    const cached = new HfTokenizer(parseTokenizerCache(cache, 'cache.bin'));
    for (const text of ['hello world', 'low lower lowest', ' new  newer\n\tnewest 😀', 'ab'.repeat(200), 'the quick brown fox jumps over the lazy dog '.repeat(20)]) {
      assert.deepEqual(cached.encode(text), original.encode(text), JSON.stringify(text));
    }
  });

  it('added tokens read back with their flags: special, normalized, lstrip, rstrip', () => {
    const file = byteLevelFile({ preTokenizer: BYTE_LEVEL, special: ['<|end|>'], ordinary: ['<tag>', 'lower'] });
    const added = file.added_tokens as { lstrip: boolean; rstrip: boolean; normalized: boolean }[];
    Object.assign(added[0], { lstrip: true });
    Object.assign(added[1], { rstrip: true, normalized: true });
    const original = HfTokenizer.fromJson(fileBytes(file), 'tokenizer.json');
    const cached = new HfTokenizer(parseTokenizerCache(serializeTokenizerCache(original), 'cache.bin'));
    assert.deepEqual(cached.data.pipeline.addedTokens, original.data.pipeline.addedTokens);
    for (const text of ['a  <|end|>  b', 'x <tag>  y lowerlower', '<|end|><tag>']) {
      for (const allowSpecial of [false, true]) assert.deepEqual(cached.encode(text, { allowSpecial }), original.encode(text, { allowSpecial }), JSON.stringify(text));
    }
  });

  it('added tokens marked normalized are found in the normalized text, as the JS port finds them, from tokenizer.json and from the cache', () => {
    const file = metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' }, ordinary: ['lo w', 'ne'] });
    Object.assign((file.added_tokens as object[])[0], { normalized: true });
    const original = HfTokenizer.fromJson(fileBytes(file), 'tokenizer.json');
    const cached = new HfTokenizer(parseTokenizerCache(serializeTokenizerCache(original), 'cache.bin'));
    const port = oracle(file);
    for (const text of ['xlo wy lo w', 'new lower', 'lo▁w lo  w']) {
      assert.deepEqual(original.encode(text), port.ids(text), JSON.stringify(text));
      assert.deepEqual(cached.encode(text), port.ids(text), JSON.stringify(text));
    }
  });

  it('of added tokens with one content, the last listed that applies is matched, from tokenizer.json and from the cache', () => {
    const file = byteLevelFile({ preTokenizer: BYTE_LEVEL, special: ['<x>'], ordinary: ['<x>'] });
    const added = file.added_tokens as { id: number; special: boolean }[];
    added.reverse(); // the ordinary one first, the special one last
    const [ordinary, special] = added.map((token) => token.id);
    const original = HfTokenizer.fromJson(fileBytes(file), 'tokenizer.json');
    const cached = new HfTokenizer(parseTokenizerCache(serializeTokenizerCache(original), 'cache.bin'));
    for (const tokenizer of [original, cached]) {
      assert.deepEqual(tokenizer.encode('<x>', { allowSpecial: true }), [special]);
      assert.deepEqual(tokenizer.encode('<x>', { allowSpecial: false }), [ordinary]);
    }
  });

  it('an added token outside the vocabulary, with unknown flags or out of order is refused', () => {
    const cache = serializeTokenizerCache(HfTokenizer.fromJson(fileBytes(byteLevelFile({ preTokenizer: BYTE_LEVEL, special: ['<|end|>'] })), 'tokenizer.json'));
    reject(withSection(cache, 'addedIds', (ids) => (ids[0] = 1 << 20)), /added token 0 has id 1048576, outside the vocabulary of \d+/);
    reject(withSection(cache, 'addedFlags', (flags) => (flags[0] = 16)), /added token 0 has flags 16, expected 0 to 15/);
    reject(withSection(cache, 'addedOrder', (order) => (order[0] = 1)), /added token order 0 is 1, expected an index below 1/);
    reject(withSection(cache, 'addedStarts', (starts) => (starts[0] = 1)), /added token contents cover \d+ units but the text holds \d+/);
  });

  it('a cache read back is written again byte for byte', () => {
    const cache = serializeTokenizerCache(tokenizer());
    assert.deepEqual(serializeTokenizerCache(new HfTokenizer(parseTokenizerCache(cache, 'cache.bin'))), cache);
  });

  it('a truncated or foreign file gets one line', () => {
    const cache = serializeTokenizerCache(tokenizer());
    reject(cache.subarray(0, 4), /expected a token-lens-hf file, found 4 bytes/);
    reject(cache.subarray(0, cache.length - 1), /offsets cover \d+ bytes but the body holds \d+/);
    reject(cache.subarray(0, 40), /header length \d+ exceeds the file size 40/);
  });

  it('a cache of another format version gets one line naming both, so the caller rewrites it', () => {
    const cache = serializeTokenizerCache(tokenizer());
    const older = cache.slice();
    const at = new TextDecoder().decode(older).indexOf(`"version":${HF_CACHE_VERSION}`);
    assert.ok(at > 0);
    older[at + 10] = 0x30 + HF_CACHE_VERSION - 1;
    reject(older, new RegExp(`expected format token-lens-hf v${HF_CACHE_VERSION}, found token-lens-hf v${HF_CACHE_VERSION - 1}`));
  });

  it('a token hash table without a free slot (lookups would never end) is refused', () => {
    const cache = serializeTokenizerCache(tokenizer());
    reject(withSection(cache, 'rankSlots', (slots) => slots.fill(0)), /the token hash table has no free slot/);
  });

  it('an explicit merge result outside the vocabulary is refused', () => {
    const cache = serializeTokenizerCache(againstIds());
    reject(withSection(cache, 'explicit', (merges) => (merges[merges.length - 1] = 1 << 20)), /explicit merge \d+ gives id 1048576, outside the vocabulary of \d+/);
    reject(withSection(cache, 'explicit', (merges) => (merges[2] = -3)), /explicit merge 0 gives id -3, outside the vocabulary/);
  });

  it('split blocks out of order or past the listed splits are refused', () => {
    const cache = serializeTokenizerCache(tokenizer());
    reject(withSection(cache, 'blockStarts', (starts) => (starts[starts.length - 1] = 1 << 30)), /split block \d+ starts at 1073741824, after \d+ and within \d+ expected/);
  });

  it('damaged split counts and splits only miss: ids stay in the vocabulary', () => {
    const original = tokenizer();
    const cache = serializeTokenizerCache(original);
    const damaged = withSection(withSection(cache, 'counts', (counts) => counts.fill(255)), 'splits', (splits) => splits.forEach((_, i) => (splits[i] = i % 7)));
    const ids = new HfTokenizer(parseTokenizerCache(damaged, 'cache.bin')).encode('hello world, low lower lowest '.repeat(4));
    assert.ok(ids.length > 0 && ids.every((id) => id >= 0 && id < original.vocabularySize), String(ids));
  });

  it('hash slots naming no token only miss: a damaged slot can neither loop nor name an id outside the vocabulary', () => {
    const original = tokenizer();
    const cache = serializeTokenizerCache(original);
    const damaged = new HfTokenizer(parseTokenizerCache(withSection(cache, 'rankSlots', (slots) => slots.forEach((slot, i) => slot !== -1 && i % 2 === 1 && (slots[i] = slot + 1_000_000))), 'cache.bin'));
    const ids = damaged.encode('hello world, low lower lowest');
    assert.ok(ids.length > 0 && ids.every((id) => id >= 0 && id < original.vocabularySize), String(ids));
  });
});
