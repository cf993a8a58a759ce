/**
 * `--tokenizer SPEC` and `--weights MODEL` as a user runs them (`node dist/cli.js`): a real
 * tokenizer.json in a folder, a generated model on the mock Hub (127.0.0.1), the cache, and
 * the embeddings of a model with rotary positions.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HfTokenizer } from '../../../src/core/hf';
import { ourRealTokenizer } from '../../support/hfFiles';
import { projectRoot } from '../../support/encoders';
import { llamaFile, localCopy, smallTokenizer } from '../hub/modelFiles';
import { useMockHub, useTempDir } from '../hub/helpers';
import { cliEnv, cliPath } from './spawnCli';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI in a child process without blocking this one (the mock Hub answers from here). */
function runCli(args: readonly string[], input: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: cliEnv({ HF_TOKEN: '', HF_ENDPOINT: '', ...env }) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const examples = () => readdirSync(join(projectRoot, 'examples')).map((name) => readFileSync(join(projectRoot, 'examples', name), 'utf8'));

describe('CLI: --tokenizer and --weights with open models', function () {
  this.timeout(90_000);
  const temp = useTempDir();
  const hub = useMockHub();

  it('tokenize --tokenizer FOLDER gives the ids and spans of the folder\'s tokenizer.json; "encoding" is the spec', async () => {
    const folder = join(temp(), 'llama3');
    mkdirSync(folder);
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(join(projectRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models', file), join(folder, file));
    const expected = ourRealTokenizer('llama3');
    // Two of the examples: each run loads Llama 3's 9 MB tokenizer.json.
    for (const text of examples().slice(0, 2)) {
      const result = await runCli(['tokenize', '--tokenizer', folder, '--json'], text);
      assert.equal(result.status, 0, result.stderr);
      const parsed = JSON.parse(result.stdout) as { encoding: string; count: number; tokens: { id: number; start: number; end: number }[] };
      assert.equal(parsed.encoding, folder);
      const spans = expected.tokenize(text);
      assert.deepEqual(parsed.tokens.map((token) => token.id), Array.from(spans.ids.subarray(0, spans.count)));
      assert.deepEqual(parsed.tokens.map((token) => token.start), Array.from(spans.starts.subarray(0, spans.count)));
      assert.equal(parsed.count, spans.count);
    }
    const counted = await runCli(['count', '--encoding', join(folder, 'tokenizer.json')], examples()[0]);
    assert.equal(counted.stdout, `${expected.count(examples()[0])}\n`, counted.stderr);
  });

  it('--tokenizer and --encoding are one option: both given and different is a usage error', async () => {
    const result = await runCli(['count', '--tokenizer', 'o200k_base', '--encoding', 'cl100k_base'], 'x');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^token-lens: --encoding is an alias of --tokenizer; give one of them/);
    const missing = await runCli(['count', '--tokenizer', join(temp(), 'nothing-here')], 'x');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /unknown encoding ".*nothing-here"; expected one of o200k_base.*a path to tokenizer.json or a model folder, or hub:ORG\/NAME\n$/);
  });

  it('hub:ORG/NAME downloads tokenizer.json once into $TOKEN_LENS_CACHE with progress on stderr, then works from the cache', async () => {
    const bytes = smallTokenizer();
    hub().addRepo('acme/tiny', { 'tokenizer.json': bytes });
    const env = { HF_ENDPOINT: hub().endpoint, TOKEN_LENS_CACHE: join(temp(), 'cache') };
    const text = "Hello there, it's 2026 — naïve café.";
    const expected = HfTokenizer.fromJson(bytes, 'tiny').count(text);
    const first = await runCli(['count', '--tokenizer', 'hub:acme/tiny'], text, env);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, `${expected}\n`);
    assert.match(first.stderr, /downloading hub:acme\/tiny@main tokenizer\.json: /);
    const served = hub().requests.length;
    assert.ok(served > 0);
    const second = await runCli(['tokenize', '--tokenizer', 'hub:acme/tiny@main', '--json'], text, env);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).count, expected);
    assert.equal(JSON.parse(second.stdout).encoding, 'hub:acme/tiny@main');
    assert.equal(hub().requests.length, served, 'the second run asked the Hub nothing');
  });

  it('--refresh downloads a hub: model again once its revision moved; without it, the downloaded copy is used', async () => {
    const bytes = smallTokenizer();
    hub().addRepo('acme/tiny', { 'tokenizer.json': bytes });
    const env = { HF_ENDPOINT: hub().endpoint, TOKEN_LENS_CACHE: join(temp(), 'cache') };
    const text = 'Hello there, Hello there.';
    const count = async (...flags: string[]) => {
      const run = await runCli(['count', '--tokenizer', 'hub:acme/tiny', ...flags], text, env);
      assert.equal(run.status, 0, run.stderr);
      return { count: Number(run.stdout), stderr: run.stderr };
    };
    const older = HfTokenizer.fromJson(bytes, 'tiny').count(text);
    assert.equal((await count()).count, older);
    const asked = hub().requests.length;
    assert.equal((await count('--refresh')).count, older);
    assert.deepEqual(hub().requests.slice(asked).map((request) => [request.range, request.status]), [['bytes=0-0', 206]], 'unchanged: one one-byte request');
    // "Hello there" becomes one added token on the Hub.
    const source = JSON.parse(new TextDecoder().decode(bytes)) as { added_tokens: object[]; model: { vocab: object } };
    source.added_tokens.push({ id: Object.keys(source.model.vocab).length, content: 'Hello there', single_word: false, lstrip: false, rstrip: false, normalized: false, special: false });
    const changed = new TextEncoder().encode(JSON.stringify(source));
    const newer = HfTokenizer.fromJson(changed, 'tiny').count(text);
    assert.notEqual(newer, older);
    hub().changeFile('acme/tiny', 'tokenizer.json', changed);
    assert.equal((await count()).count, older, 'without --refresh the downloaded copy');
    const refreshed = await count('--refresh');
    assert.equal(refreshed.count, newer);
    assert.match(refreshed.stderr, /downloading hub:acme\/tiny@main tokenizer\.json: /);
    assert.equal((await count()).count, newer, 'the new version is the downloaded copy now');
  });

  it('a gated Hub model needs HF_TOKEN: one line without it, tokens with it', async () => {
    hub().addRepo('acme/gated', { 'tokenizer.json': smallTokenizer() }, { token: 'hf_secret' });
    const env = { HF_ENDPOINT: hub().endpoint, TOKEN_LENS_CACHE: join(temp(), 'cache') };
    const refused = await runCli(['count', '--tokenizer', 'hub:acme/gated'], 'hi', env);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^token-lens: acme\/gated@main\/tokenizer\.json: the Hub requires a token \(401\).*HF_TOKEN/m);
    assert.equal(refused.stdout, '');
    const allowed = await runCli(['count', '--tokenizer', 'hub:acme/gated'], 'hi', { ...env, HF_TOKEN: 'hf_secret' });
    assert.equal(allowed.status, 0, allowed.stderr);
  });

  it('embed --weights hub:ORG/NAME: the model\'s own tokenizer, rows read lazily, "pos": null and input = word (rotary)', async () => {
    const weights = llamaFile();
    const tokenizer = smallTokenizer();
    hub().addRepo('acme/llama', { 'tokenizer.json': tokenizer, 'model.safetensors': weights });
    const env = { HF_ENDPOINT: hub().endpoint, TOKEN_LENS_CACHE: join(temp(), 'cache') };
    const result = await runCli(['embed', '--weights', 'hub:acme/llama', '--json'], 'the quick fox', env);
    assert.equal(result.status, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { positions: string; tokens: { id: number; word: number[]; pos: null; input: number[] }[] };
    const ids = HfTokenizer.fromJson(tokenizer, 'tiny').encode('the quick fox');
    assert.deepEqual(parsed.tokens.map((token) => token.id), ids);
    assert.equal(parsed.positions, 'rotary');
    const local = await localCopy(weights);
    for (const token of parsed.tokens) {
      assert.equal(token.pos, null);
      assert.deepEqual(Float32Array.from(token.word), await local.wordVector(token.id));
      assert.deepEqual(token.input, token.word);
    }
    assert.ok(hub().bytesServed < weights.length / 2, `fetched ${hub().bytesServed} of ${weights.length} bytes`);
  });

  it('neighbors --weights hub:ORG/NAME says the word matrix\'s size, downloads it once, and finds what the local file finds', async () => {
    const weights = llamaFile();
    hub().addRepo('acme/llama', { 'tokenizer.json': smallTokenizer(), 'model.safetensors': weights });
    const env = { HF_ENDPOINT: hub().endpoint, TOKEN_LENS_CACHE: join(temp(), 'cache') };
    const remote = await runCli(['neighbors', ' the', '--weights', 'hub:acme/llama', '--k', '5', '--json'], '', env);
    assert.equal(remote.status, 0, remote.stderr);
    assert.match(remote.stderr, /downloading the word matrix of .* once \(0\.1 MB\)/);
    const folder = join(temp(), 'local');
    mkdirSync(folder);
    writeFileSync(join(folder, 'tokenizer.json'), smallTokenizer());
    writeFileSync(join(folder, 'model.safetensors'), weights);
    const local = await runCli(['neighbors', ' the', '--weights', folder, '--k', '5', '--json'], '');
    assert.deepEqual(JSON.parse(remote.stdout).neighbors, JSON.parse(local.stdout).neighbors);
    const again = await runCli(['neighbors', ' the', '--weights', 'hub:acme/llama', '--k', '5', '--json'], '', env);
    assert.doesNotMatch(again.stderr, /downloading/, 'the second run reads the cached matrix');
  });

  it('"encoding" in embed, tokenize, neighbors and count --json is the spec as given (hub:ORG/NAME, the path), not a resolved file', async () => {
    hub().addRepo('acme/llama', { 'tokenizer.json': smallTokenizer(), 'model.safetensors': llamaFile() });
    const env = { HF_ENDPOINT: hub().endpoint, TOKEN_LENS_CACHE: join(temp(), 'cache') };
    const folder = temp();
    writeFileSync(join(folder, 'tokenizer.json'), smallTokenizer());
    writeFileSync(join(folder, 'model.safetensors'), llamaFile());
    const runs: [string[], string, string][] = [
      [['embed', '--weights', 'hub:acme/llama', '--json'], 'fox', 'hub:acme/llama'],
      [['embed', '--tokenizer', 'hub:acme/llama', '--json'], 'fox', 'hub:acme/llama'],
      [['tokenize', '--tokenizer', 'hub:acme/llama', '--json'], 'fox', 'hub:acme/llama'],
      [['embed', '--weights', folder, '--json'], 'fox', folder],
      [['embed', '--tokenizer', folder, '--json'], 'fox', folder],
      [['embed', '--weights', folder, '--tokenizer', join(folder, 'tokenizer.json'), '--json'], 'fox', join(folder, 'tokenizer.json')],
      [['neighbors', ' the', '--weights', 'hub:acme/llama', '--k', '2', '--json'], '', 'hub:acme/llama'],
      [['embed', '--tokenizer', 'cl100k_base', '--json'], 'fox', 'cl100k_base'],
      [['count', '--tokenizer', folder, '--json'], 'fox', folder],
    ];
    for (const [args, input, expected] of runs) {
      const result = await runCli(args, input, env);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.equal((JSON.parse(result.stdout) as { encoding: string }).encoding, expected, args.join(' '));
    }
  });

  it('embed and neighbors --weights FOLDER read the folder\'s model.safetensors with its tokenizer.json', async () => {
    const folder = temp();
    writeFileSync(join(folder, 'tokenizer.json'), smallTokenizer());
    writeFileSync(join(folder, 'model.safetensors'), llamaFile());
    const embed = await runCli(['embed', '--weights', folder, '--json'], 'fox');
    assert.equal(embed.status, 0, embed.stderr);
    assert.equal(JSON.parse(embed.stdout).encoding, folder);
    const neighbours = await runCli(['neighbors', ' the', '--weights', folder, '--k', '3', '--json'], '');
    assert.equal(neighbours.status, 0, neighbours.stderr);
    assert.equal(JSON.parse(neighbours.stdout).neighbors.length, 3);
  });
});
