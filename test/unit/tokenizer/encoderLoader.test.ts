import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EncoderLoader, type EncodingName } from '../../../src/core/tokenizer';
import { parseRankFile } from '../../../src/core/tokenizer/rankFile';
import { RankTable } from '../../../src/core/tokenizer/rankTable';
import { ourEncoder, rankFilePath } from '../../support/encoders';

const SAMPLE = 'Token Lens: “strawberry” → str|aw|berry, 12345 tokens, 中文分词 and emoji 🍓\n\tfunction f(x) { return x ** 2; }';

describe('loading an encoder for the extension host', () => {
  it('gives the thread back between slices of the hash index, at least once per 16,384 tokens', async () => {
    let pauses = 0;
    const loader = new EncoderLoader(
      async (name: EncodingName) => readFileSync(rankFilePath(name)),
      async () => {
        pauses++;
      },
    );
    await loader.load('o200k_base');
    assert.ok(pauses >= Math.ceil(199_998 / 16_384), `${pauses} pauses while indexing 199,998 tokens`);
  });

  it('builds the same hash slots in slices as in one pass, and the encoder gives the same ids', async () => {
    for (const name of ['o200k_base', 'cl100k_base', 'r50k_base'] as const) {
      const data = parseRankFile(readFileSync(rankFilePath(name)), name);
      const sliced = await RankTable.buildSlots(data, async () => {}, 1000);
      assert.deepEqual(sliced, new RankTable(data).hashSlots, name);
      const loaded = await new EncoderLoader(async () => readFileSync(rankFilePath(name)), async () => {}).load(name);
      assert.deepEqual(loaded.encode(SAMPLE), ourEncoder(name).encode(SAMPLE), name);
      assert.equal(loaded.count(SAMPLE), ourEncoder(name).count(SAMPLE), name);
    }
  });
});
