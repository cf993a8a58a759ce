/**
 * The short-token table the merges scan looks halves up in first (src/wasm/vocabulary.ts): it must
 * answer exactly as the vocabulary's hash table does, for tokens and for other bytes.
 */
import * as assert from 'node:assert/strict';
import { LoadArena } from '../../../src/core/hf/loadArena';
import { mergesScanner } from '../../../src/core/hf/mergesScan';
import { RankTable } from '../../../src/core/tokenizer/rankTable';

const SHORT_TOKEN_BYTES = 4;
import { ourRealTokenizer } from '../../support/hfFiles';
import { Random } from '../../support/random';

describe('Hugging Face tokenizer.json: the short-token table', () => {
  for (const model of ['llama3', 'gemma3'] as const) {
    it(`agrees with the vocabulary's hash table on every short token of ${model}, on every string of one or two bytes and on random ones of three and four`, function () {
      this.timeout(120_000);
      const { tokenCount, offsets, bytes } = ourRealTokenizer(model).data.vocabulary;
      const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes });
      const arena = new LoadArena(16 * bytes.length + (32 << 20));
      const scanner = mergesScanner(arena, { tokenCount, offsets, bytes, rankSlots: table.hashSlots }, 64);
      // Whether the table finds buffer[start, start + length): the bytes are copied to the arena first.
      const at = arena.uint8(SHORT_TOKEN_BYTES);
      const short = { lookup: (buffer: Uint8Array, start: number, length: number) => (at.set(buffer.subarray(start, start + length)), scanner.isShortTokenAt(at.byteOffset, length) !== 0) };
      let tokens = 0;
      for (let id = 0; id < tokenCount; id++) {
        const length = offsets[id + 1] - offsets[id];
        if (length === 0 || length > SHORT_TOKEN_BYTES) continue;
        tokens++;
        if (!short.lookup(bytes, offsets[id], length)) assert.fail(`${model}: token ${id} (${length} bytes) not found`);
      }
      assert.ok(tokens > 1000, `${tokens} short tokens`);
      const probe = new Uint8Array(SHORT_TOKEN_BYTES);
      const same = (length: number) => {
        const expected = table.lookup(probe, 0, length) >= 0;
        if (short.lookup(probe, 0, length) !== expected) assert.fail(`${model}: [${probe.subarray(0, length).join(', ')}] is ${expected ? '' : 'not '}a token, the short-token table says the opposite`);
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
