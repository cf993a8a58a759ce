/** The chunk cache keeps every entry's key and tokens in one shared array, finds keys in place, and stays within its bounds. */
import * as assert from 'node:assert/strict';
import { ChunkCache } from '../../../src/core/tokenizer/chunkCache';

/** One token spanning a one-character chunk. */
const one = (id: number) => Int32Array.of(id, 0, 1);

/** Adds `key` (the whole string) as an entry. */
const add = (cache: ChunkCache, key: string, triples: Int32Array, count: number) => cache.add(key, 0, key.length, triples, count);

/** An entry's triples as plain numbers, read where `find` says they are. */
function entry(cache: ChunkCache, key: string): number[] | undefined {
  const at = cache.find(key, 0, key.length);
  if (at === -1) return undefined;
  return Array.from(cache.data.subarray(at + 1, at + 1 + 3 * cache.data[at]));
}

describe('ChunkCache', () => {
  it('gives back each entry exactly after later entries have grown its storage', () => {
    const cache = new ChunkCache();
    const expected = new Map<string, number[]>();
    // 3,000 entries of up to 5 tokens need more than the initial 16,384 slots.
    for (let i = 0; i < 3000; i++) {
      const count = 1 + (i % 5);
      const triples = Int32Array.from({ length: 3 * count }, (_, k) => i * 100 + k);
      add(cache, `chunk ${i}`, triples, count);
      expected.set(`chunk ${i}`, Array.from(triples));
    }
    assert.ok(cache.data.length > 16_384, 'the storage grew');
    for (const [key, triples] of expected) assert.deepEqual(entry(cache, key), triples, key);
    assert.equal(entry(cache, 'never added'), undefined);
  });

  it('stores only the first count triples of a longer scratch array', () => {
    const cache = new ChunkCache();
    add(cache, 'ab', Int32Array.of(7, 0, 1, 8, 1, 2, 99, 99, 99), 2);
    assert.deepEqual(entry(cache, 'ab'), [7, 0, 1, 8, 1, 2]);
  });

  it('empties itself when the next entry would pass its entry limit', () => {
    const cache = new ChunkCache(2);
    add(cache, 'a', one(1), 1);
    add(cache, 'b', one(2), 1);
    add(cache, 'c', one(3), 1);
    assert.equal(cache.size, 1);
    assert.equal(entry(cache, 'a'), undefined);
    assert.deepEqual(entry(cache, 'c'), [3, 0, 1]);
  });

  it('empties itself when the next entry would pass its value limit, and never grows past it', () => {
    // A one-character, one-token entry takes 7 values (hash, length, key, count, one triple): 14 hold two.
    const cache = new ChunkCache(100, 14);
    add(cache, 'a', one(1), 1);
    add(cache, 'b', one(2), 1);
    add(cache, 'c', one(3), 1);
    assert.deepEqual([entry(cache, 'a'), entry(cache, 'b')], [undefined, undefined]);
    assert.deepEqual(entry(cache, 'c'), [3, 0, 1]);
    for (let i = 0; i < 1000; i++) add(cache, `k${i}`, one(i), 1);
    assert.ok(cache.size <= 2, `${cache.size} entries`);
  });

  it('finds a key inside a longer text, and tells apart keys that differ only in length or in one unit', () => {
    const cache = new ChunkCache();
    const text = 'xx\u{1F600}a\u0000ab\uD800';
    add(cache, 'a', one(1), 1);
    add(cache, 'a\u0000', Int32Array.of(2, 0, 2), 1);
    add(cache, '\u{1F600}', Int32Array.of(3, 0, 2), 1);
    add(cache, '\uD800', one(4), 1);
    const at = (start: number, end: number) => {
      const found = cache.find(text, start, end);
      return found === -1 ? undefined : cache.data[found + 1];
    };
    assert.deepEqual([at(4, 5), at(4, 6), at(2, 4), at(8, 9)], [1, 2, 3, 4]);
    assert.equal(at(6, 7), 1, "the second 'a'");
    assert.deepEqual([at(4, 7), at(5, 6), at(2, 3), at(0, 1)], [undefined, undefined, undefined, undefined]);
  });

  it('keeps finding every entry while its table of slots grows many times over', () => {
    const cache = new ChunkCache();
    // Short keys over two units: many share their low hash bits, so probing runs are long.
    const keys = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(0x41 + (i % 97), 0x41 + Math.floor(i / 97)));
    keys.forEach((key, i) => add(cache, key, one(i), 1));
    assert.equal(cache.size, 20_000);
    keys.forEach((key, i) => assert.deepEqual(entry(cache, key), [i, 0, 1], key));
  });

  it('replaces the entry of a key stored again (tokens recomputed with spans), before and after its table grows', () => {
    const cache = new ChunkCache();
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    keys.forEach((key, i) => add(cache, key, one(i), 1));
    // Every key again with other tokens; the table of slots grows past 4,096 meanwhile.
    keys.forEach((key, i) => add(cache, key, Int32Array.of(i + 1_000_000, 0, 2), 1));
    assert.equal(cache.size, 5000);
    keys.forEach((key, i) => assert.deepEqual(entry(cache, key), [i + 1_000_000, 0, 2], key));
    // More keys grow the table again: rehashing places the live entries only.
    for (let i = 0; i < 5000; i++) add(cache, `more ${i}`, one(i), 1);
    keys.forEach((key, i) => assert.deepEqual(entry(cache, key), [i + 1_000_000, 0, 2], key));
    assert.equal(cache.size, 10_000);
  });
});
