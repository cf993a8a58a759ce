/** The chunk cache keeps every entry's tokens in one shared array and stays within its bounds. */
import * as assert from 'node:assert/strict';
import { ChunkCache } from '../../../src/core/tokenizer/chunkCache';

/** One token spanning a one-character chunk. */
const one = (id: number) => Int32Array.of(id, 0, 1);

/** An entry's triples as plain numbers, read where `find` says they are. */
function entry(cache: ChunkCache, key: string): number[] | undefined {
  const at = cache.find(key);
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
      cache.add(`chunk ${i}`, triples, count);
      expected.set(`chunk ${i}`, Array.from(triples));
    }
    assert.ok(cache.data.length > 16_384, 'the storage grew');
    for (const [key, triples] of expected) assert.deepEqual(entry(cache, key), triples, key);
    assert.equal(cache.find('never added'), -1);
  });

  it('stores only the first count triples of a longer scratch array', () => {
    const cache = new ChunkCache();
    cache.add('ab', Int32Array.of(7, 0, 1, 8, 1, 2, 99, 99, 99), 2);
    assert.deepEqual(entry(cache, 'ab'), [7, 0, 1, 8, 1, 2]);
  });

  it('empties itself when the next entry would pass its entry limit', () => {
    const cache = new ChunkCache(2);
    cache.add('a', one(1), 1);
    cache.add('b', one(2), 1);
    cache.add('c', one(3), 1);
    assert.equal(cache.size, 1);
    assert.equal(entry(cache, 'a'), undefined);
    assert.deepEqual(entry(cache, 'c'), [3, 0, 1]);
  });

  it('empties itself when the next entry would pass its value limit, and never grows past it', () => {
    // Each one-token entry takes 4 values (its count and one triple): 10 values hold two.
    const cache = new ChunkCache(100, 10);
    cache.add('a', one(1), 1);
    cache.add('b', one(2), 1);
    cache.add('c', one(3), 1);
    assert.deepEqual([entry(cache, 'a'), entry(cache, 'b')], [undefined, undefined]);
    assert.deepEqual(entry(cache, 'c'), [3, 0, 1]);
    for (let i = 0; i < 1000; i++) cache.add(`k${i}`, one(i), 1);
    assert.ok(cache.size <= 2, `${cache.size} entries`);
  });
});
