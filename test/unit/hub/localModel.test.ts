/** Models from a local folder: tokenizer files and embedding rows from a single or sharded safetensors file. */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLocalEmbeddings, resolveLocalModel } from '../../../src/node/localModel';
import { textBytes, useTempDir } from './helpers';
import { encodeSafetensors } from '../../../src/core/embeddings';
import { DIM, VOCAB, gpt2Shards, llamaFile, localCopy } from './modelFiles';

describe('local model folders', () => {
  const tempDir = useTempDir();
  const write = (files: Record<string, Uint8Array | string>, folder = tempDir()) => {
    mkdirSync(folder, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
    return folder;
  };

  it('finds tokenizer.json, tokenizer_config.json and model.safetensors in a folder, and reads rows with no position vector', async () => {
    const weights = llamaFile();
    const folder = write({ 'tokenizer.json': '{}', 'tokenizer_config.json': '{}', 'model.safetensors': weights });
    const model = await resolveLocalModel(folder);
    assert.deepEqual(model, {
      folder,
      tokenizer: join(folder, 'tokenizer.json'),
      tokenizerConfig: join(folder, 'tokenizer_config.json'),
      config: undefined,
      weights: { kind: 'single', file: join(folder, 'model.safetensors') },
    });
    const embeddings = await openLocalEmbeddings(model);
    assert.equal(embeddings.positionKind, 'rotary');
    assert.equal(await embeddings.positionVector(0), undefined);
    assert.deepEqual(await embeddings.wordVector(321), await (await localCopy(weights)).wordVector(321));
    await embeddings.close();
  });

  it('accepts the path of tokenizer.json or of a weights file for its folder', async () => {
    const folder = write({ 'tokenizer.json': '{}', 'model.safetensors': llamaFile() });
    const fromTokenizer = await resolveLocalModel(join(folder, 'tokenizer.json'));
    assert.equal(fromTokenizer.tokenizer, join(folder, 'tokenizer.json'));
    assert.deepEqual(fromTokenizer.weights, { kind: 'single', file: join(folder, 'model.safetensors') });
    const fromWeights = await resolveLocalModel(join(folder, 'model.safetensors'));
    assert.deepEqual(fromWeights.weights, { kind: 'single', file: join(folder, 'model.safetensors') });
    assert.equal(fromWeights.tokenizer, join(folder, 'tokenizer.json'));
  });

  it("takes the model's other JSON files (tokenizer_config.json, config.json…) for its folder, and any other JSON file for a tokenizer.json", async () => {
    const folder = write({ 'tokenizer.json': '{}', 'tokenizer_config.json': '{}', 'config.json': '{}', 'generation_config.json': '{}', 'special_tokens_map.json': '{}', 'gemma.json': '{}' });
    for (const name of ['tokenizer_config.json', 'config.json', 'generation_config.json', 'special_tokens_map.json']) {
      assert.equal((await resolveLocalModel(join(folder, name))).tokenizer, join(folder, 'tokenizer.json'), name);
    }
    assert.equal((await resolveLocalModel(join(folder, 'gemma.json'))).tokenizer, join(folder, 'gemma.json'));
    const withoutTokenizer = write({ 'tokenizer_config.json': '{}' }, join(tempDir(), 'bare'));
    await assert.rejects(resolveLocalModel(join(withoutTokenizer, 'tokenizer_config.json')), /expected a model folder with tokenizer\.json/);
  });

  it('reads the word and position tables of a sharded model from the shards its index names', async () => {
    const shards = gpt2Shards();
    const folder = write(shards);
    const model = await resolveLocalModel(folder);
    assert.deepEqual(model.weights, { kind: 'sharded', index: join(folder, 'model.safetensors.index.json') });
    const embeddings = await openLocalEmbeddings(model);
    const local = await localCopy(shards['model-00001-of-00002.safetensors'], shards['model-00002-of-00002.safetensors']);
    assert.equal(embeddings.positionKind, 'learned');
    assert.deepEqual(await embeddings.wordVector(999), await local.wordVector(999));
    assert.deepEqual(await embeddings.positionVector(127), await local.positionVector(127));
    await embeddings.close();
  });

  it('gives one-line errors for an empty folder, a missing path, a missing shard and a shard outside the folder', async () => {
    const empty = write({ 'notes.txt': 'x' }, join(tempDir(), 'empty'));
    await assert.rejects(resolveLocalModel(empty), /empty: expected a model folder with tokenizer\.json or model\.safetensors .*found neither$/);
    await assert.rejects(resolveLocalModel(join(tempDir(), 'nowhere')), /nowhere: expected a model folder or a model file, found nothing/);
    const index = (target: string) => JSON.stringify({ weight_map: { 'model.embed_tokens.weight': target } });
    const missing = write({ 'model.safetensors.index.json': index('model-00001-of-00002.safetensors') }, join(tempDir(), 'missing'));
    await assert.rejects(
      openLocalEmbeddings(await resolveLocalModel(missing)),
      /model-00001-of-00002\.safetensors: expected a readable safetensors file, found ENOENT/,
    );
    const escaping = write({ 'model.safetensors.index.json': index('../secret.safetensors') }, join(tempDir(), 'escaping'));
    await assert.rejects(
      openLocalEmbeddings(await resolveLocalModel(escaping)),
      /expected "weight_map" to map "model\.embed_tokens\.weight" to a \.safetensors file in the same folder, found the string "\.\.\/secret\.safetensors"/,
    );
    const noWord = write({ 'model.safetensors.index.json': textBytes('{"weight_map": {"lm_head.weight": "a.safetensors"}}') }, join(tempDir(), 'noword'));
    await assert.rejects(openLocalEmbeddings(await resolveLocalModel(noWord)), /expected "weight_map" to name a word-embedding tensor \(wte\.weight, /);
  });

  it('refuses shards that disagree with the index: a table missing from the shard it names, or read from another shard', async () => {
    const shards = gpt2Shards();
    const [first, second] = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    const index = (map: Record<string, string>) => JSON.stringify({ weight_map: map });
    // The index puts wpe.weight in the first shard, which lacks it: positions must not silently vanish.
    const lacking = write({ ...shards, 'model.safetensors.index.json': index({ 'wte.weight': first, 'wpe.weight': first }) }, join(tempDir(), 'lacking'));
    await assert.rejects(openLocalEmbeddings(await resolveLocalModel(lacking)), /00001-of-00002\.safetensors: expected "wpe\.weight", as .*index\.json maps it here, found 2 tensors/);
    // The index puts wte.weight in the second shard, which holds only wpe.weight and ln_f.weight.
    const elsewhere = write({ ...shards, 'model.safetensors.index.json': index({ 'wte.weight': second, 'wpe.weight': second }) }, join(tempDir(), 'elsewhere'));
    await assert.rejects(openLocalEmbeddings(await resolveLocalModel(elsewhere)), /00002-of-00002\.safetensors: expected "wte\.weight", as .*index\.json maps it here/);
    // Both shards hold a wpe.weight; the one the index names is read, not the decoy beside the word table.
    const withDecoy = encodeSafetensors([
      { name: 'wte.weight', shape: [VOCAB, DIM], data: new Float32Array(VOCAB * DIM) },
      { name: 'wpe.weight', shape: [128, DIM], data: new Float32Array(128 * DIM).fill(-1) },
    ]);
    const decoy = write({ ...shards, [first]: withDecoy, 'model.safetensors.index.json': index({ 'wte.weight': first, 'wpe.weight': second }) }, join(tempDir(), 'decoy'));
    const embeddings = await openLocalEmbeddings(await resolveLocalModel(decoy));
    const reference = await localCopy(shards[first], shards[second]);
    assert.deepEqual(await embeddings.positionVector(5), await reference.positionVector(5));
    await embeddings.close();
  });
});
