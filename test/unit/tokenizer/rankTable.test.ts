/** The rank table finds every token by its bytes and nothing else, through its filter or without one. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseRankFile } from '../../../src/core/tokenizer/rankFile';
import { RankTable } from '../../../src/core/tokenizer/rankTable';
import { rankFilePath } from '../../support/encoders';

describe('RankTable', () => {
  for (const name of ['o200k_base', 'cl100k_base'] as const) {
    it(`${name}: finds every token, gives -1 for joins that are no token, and agrees with a table built without a filter`, () => {
      const data = parseRankFile(readFileSync(rankFilePath(name)), name);
      const table = new RankTable(data);
      // Ready-made slots: the same hash table, no filter in front of it.
      const plain = new RankTable(data, table.hashSlots);
      for (let rank = 0; rank < data.tokenCount; rank++) {
        const bytes = table.tokenBytes(rank);
        if (bytes.length === 0) continue;
        if (table.lookup(bytes, 0, bytes.length) !== rank) assert.fail(`token ${rank} not found`);
      }
      // Two tokens joined: mostly no token, sometimes one; both tables must say the same, and be right.
      let seed = 7;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % data.tokenCount;
      const probe = new Uint8Array(512);
      let found = 0;
      for (let i = 0; i < 200_000; i++) {
        const left = table.tokenBytes(random());
        const right = table.tokenBytes(i % 2 === 0 ? random() : random() % 1000);
        probe.set(left);
        probe.set(right, left.length);
        const length = left.length + right.length;
        const rank = table.lookup(probe, 0, length);
        if (rank !== plain.lookup(probe, 0, length)) assert.fail(`join ${i}: ${rank} with the filter, ${plain.lookup(probe, 0, length)} without`);
        if (rank >= 0) {
          found++;
          assert.deepEqual(Array.from(table.tokenBytes(rank)), Array.from(probe.subarray(0, length)));
        }
      }
      assert.ok(found > 0 && found < 200_000, `${found} joins were tokens`);
    });
  }

  it('looks up ASCII text as its bytes, through the filter: every single-token word, no other', () => {
    const data = parseRankFile(readFileSync(rankFilePath('o200k_base')), 'o200k_base');
    const table = new RankTable(data);
    const words = ['hello', ' world', 'strawberry', ' Token', 'zzqxj', ' qwertyuiopasdfgh', 'é'];
    for (const word of words) {
      const bytes = new TextEncoder().encode(word);
      const expected = /^[\x00-\x7f]*$/.test(word) ? table.lookup(bytes, 0, bytes.length) : -2;
      assert.equal(table.lookupAscii(`<${word}>`, 1, word.length + 1), expected, word);
    }
    assert.ok(table.lookupAscii('hello', 0, 5) >= 0 && table.lookupAscii('zzqxj', 0, 5) === -1);
  });
});
