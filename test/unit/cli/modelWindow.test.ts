/**
 * `embed` and `project` with an open model take its own context window, as the extension does:
 * `--context-window` given wins; else config.json's window; else GPT-4o's, said once on stderr.
 * A rotary model's tokens past its window have no input vector.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HfTokenizer } from '../../../src/core/hf';
import { useTempDir } from '../hub/helpers';
import { llamaFile, localCopy, smallTokenizer } from '../hub/modelFiles';
import { runCli } from './spawnCli';

interface EmbedJson {
  context: number | null;
  positions: string;
  tokens: { id: number; position: number; word: number[]; pos: number[] | null; input: number[] | null; outside_context: boolean }[];
}

const TEXT = 'one two three four five six seven eight nine ten';
const NOTE = /^token-lens: note: the context window of .*tokenizer\.json is unknown \(no config\.json; no tokenizer_config\.json\); --model auto takes GPT-4o's \(128,000 tokens\); pass --context-window ID to choose$/;

describe("CLI: an open model's own context window", function () {
  this.timeout(60_000);
  const temp = useTempDir();

  /** A model folder: the small tokenizer.json, and config.json or model.safetensors when given. */
  function model(files: { window?: number; weights?: boolean }): string {
    const folder = join(temp(), `model-${files.window ?? 'unknown'}-${files.weights ? 'weights' : 'none'}`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'tokenizer.json'), smallTokenizer());
    if (files.window !== undefined) writeFileSync(join(folder, 'config.json'), JSON.stringify({ max_position_embeddings: files.window }));
    if (files.weights) writeFileSync(join(folder, 'model.safetensors'), llamaFile());
    return folder;
  }

  /** `embed --json`, with d = 4 for initial weights (a weights file sets its own). */
  function embed(args: string[]): { json: EmbedJson; stderr: string } {
    const dim = args.includes('--weights') ? [] : ['--dim', '4'];
    const result = runCli(['embed', '--json', ...dim, ...args], { input: TEXT });
    assert.equal(result.status, 0, result.stderr);
    return { json: JSON.parse(result.stdout) as EmbedJson, stderr: result.stderr };
  }

  it('--model auto takes the window of config.json: the tokens past it are outside, with no position or input vector', () => {
    const { json, stderr } = embed(['--tokenizer', model({ window: 8 })]);
    assert.equal(stderr, '');
    assert.equal(json.context, 8);
    assert.ok(json.tokens.length > 8);
    assert.deepEqual(json.tokens.map((token) => token.outside_context), json.tokens.map((token) => token.position >= 8));
    for (const token of json.tokens.slice(8)) assert.deepEqual([token.pos, token.input], [null, null]);
    assert.ok(json.tokens[7].input, 'inside the window: word + position');
  });

  it('an explicit --context-window wins over the open model\'s own window, and needs no note when that is unknown', () => {
    const known = embed(['--tokenizer', model({ window: 8 }), '--context-window', 'gpt-4']);
    assert.equal(known.json.context, 8192);
    assert.ok(known.json.tokens.every((token) => !token.outside_context));
    const unknown = embed(['--tokenizer', model({}), '--context-window', 'gpt-4']);
    assert.deepEqual([unknown.json.context, unknown.stderr], [8192, '']);
  });

  it('an unknown window: GPT-4o\'s stands in, said in one line on stderr, by embed and project alike', () => {
    const folder = model({});
    const { json, stderr } = embed(['--tokenizer', folder]);
    assert.equal(json.context, 128_000);
    assert.match(stderr.trimEnd(), NOTE);
    assert.equal(stderr.trimEnd().split('\n').length, 1);
    const projected = runCli(['project', '--tokenizer', folder, '--dim', '4', '--json'], { input: TEXT });
    assert.equal(projected.status, 0, projected.stderr);
    assert.match(projected.stderr.trimEnd(), NOTE);
    assert.equal(projected.stderr.trimEnd().split('\n').length, 1);
    // A GPT encoding has no window of its own to miss: no note.
    assert.equal(embed(['--tokenizer', 'cl100k_base']).stderr, '');
  });

  it("--weights of a rotary model: input = word up to config.json's window, none past it, and the table says the model never sees those tokens", async () => {
    const folder = model({ window: 4, weights: true });
    const { json, stderr } = embed(['--weights', folder]);
    assert.equal(stderr, '');
    assert.deepEqual([json.positions, json.context], ['rotary', 4]);
    const local = await localCopy(llamaFile());
    const ids = HfTokenizer.fromJson(smallTokenizer(), 'small').encode(TEXT);
    assert.deepEqual(json.tokens.map((token) => token.id), ids);
    for (const token of json.tokens) {
      assert.deepEqual(Object.keys(token), ['id', 'position', 'word', 'pos', 'input', 'outside_context'], 'the shape of every token');
      assert.deepEqual(Float32Array.from(token.word), await local.wordVector(token.id), 'the word row, inside the window or not');
      assert.equal(token.pos, null);
      assert.equal(token.outside_context, token.position >= 4);
      assert.deepEqual(token.input, token.position < 4 ? token.word : null);
    }
    const table = runCli(['embed', '--weights', folder], { input: TEXT });
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^ +4 .*\(outside .*'s 4-token context window: the model never sees this token\)$/m);
    assert.doesNotMatch(table.stdout, /^ +3 .*outside/m);
  });

  it('--weights of a rotary model without a window: nothing is outside, "context" is null, and no stand-in is said', () => {
    const { json, stderr } = embed(['--weights', model({ weights: true })]);
    assert.equal(stderr, '');
    assert.equal(json.context, null);
    assert.ok(json.tokens.every((token) => !token.outside_context && token.input !== null));
  });
});
