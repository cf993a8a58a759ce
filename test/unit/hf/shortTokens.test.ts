/**
 * The short-token table the merges scan looks halves up in first (src/core/hf/shortTokens.ts):
 * it must answer exactly as the vocabulary's hash table does, for tokens and for other bytes.
 */
import * as assert from 'node:assert/strict';
import { SHORT_TOKEN_BYTES, ShortTokenTable } from '../../../src/core/hf/shortTokens';
import { RankTable } from '../../../src/core/tokenizer/rankTable';
import { ourRealTokenizer } from '../../support/hfFiles';
import { Random } from '../../support/random';

describe('Hugging Face tokenizer.json: the short-token table', () => {
  for (const model of ['llama3', 'gemma3'] as const) {
    it(`agrees with the vocabulary's hash table on every short token of ${model}, on every string of one or two bytes and on random ones of three and four`, function () {
      this.timeout(120_000);
      const { tokenCount, offsets, bytes } = ourRealTokenizer(model).data.vocabulary;
      const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes });
      const short = new ShortTokenTable(tokenCount, offsets, bytes);
      let tokens = 0;
      for (let id = 0; id < tokenCount; id++) {
        const length = offsets[id + 1] - offsets[id];
        if (length === 0 || length > SHORT_TOKEN_BYTES) continue;
        tokens++;
        if (short.lookup(bytes, offsets[id], length) !== id) assert.fail(`${model}: token ${id} (${length} bytes) not found`);
      }
      assert.ok(tokens > 1000, `${tokens} short tokens`);
      const probe = new Uint8Array(SHORT_TOKEN_BYTES);
      const same = (length: number) => {
        const expected = table.lookup(probe, 0, length);
        if (short.lookup(probe, 0, length) !== expected) assert.fail(`${model}: [${probe.subarray(0, length).join(', ')}] gives ${short.lookup(probe, 0, length)}, expected ${expected}`);
      };
      for (let b = 0; b < 65536; b++) {
        probe[0] = b >> 8;
        probe[1] = b & 255;
        same(2);
        if ((b & 255) === 0) same(1);
      }
      const random = new Random(0x5407 + model.length);
      for (let i = 0; i < 100_000; i++) {
        // Half of them a token with one byte changed, so most are near misses.
        const length = 3 + (i & 1);
        for (let k = 0; k < length; k++) probe[k] = random.int(256);
        if (i % 4 < 2) {
          const id = random.int(tokenCount);
          if (offsets[id + 1] - offsets[id] === length) {
            probe.set(bytes.subarray(offsets[id], offsets[id] + length));
            if (i % 4 === 1) probe[random.int(length)] ^= 1 << random.int(8);
          }
        }
        same(length);
      }
    });
  }
});
