/**
 * openModelTokenizer carries the model's own context window (config.json, else tokenizer_config.json)
 * with the tokenizer: from a folder and from the mock Hub, read again on every open (the compiled
 * cache does not keep it), and never a reason for the model not to open.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelContextLength } from '../../../src/core/hf';
import { localContextLength } from '../../../src/node/localModel';
import { openModelTokenizer } from '../../../src/node/modelSource';
import { byteLevelFile, fileBytes } from '../../support/hfFiles';
import { filesUnder, useMockHub, useTempDir } from './helpers';

const TOKENIZER = fileBytes(byteLevelFile({ preTokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true } }));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const known = (tokens: number, from: string): ModelContextLength => ({ known: true, tokens, from });
const SAMPLE = 'Hello world, the lowest newer words';

describe('the context window carried with an open model', function () {
  this.timeout(30_000);
  const temp = useTempDir();
  const hub = useMockHub();

  function folderWith(files: Record<string, Uint8Array | string>): string {
    const folder = join(temp(), 'model');
    mkdirSync(folder, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
    return folder;
  }

  it("a folder's config.json gives the window; changed, the next open reads it again while the tokenizer still comes from the compiled cache", async () => {
    const folder = folderWith({ 'tokenizer.json': TOKENIZER, 'config.json': json({ text_config: { max_position_embeddings: 131_072 } }) });
    const cacheDir = join(temp(), 'cache');
    const first = await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.deepEqual(first.contextLength, known(131_072, 'config.json text_config.max_position_embeddings'));
    assert.equal(filesUnder(cacheDir).filter((file) => file.startsWith('tokenizers/')).length, 1, 'the compiled cache was written');
    writeFileSync(join(folder, 'config.json'), json({ max_position_embeddings: 8192 }));
    const second = await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.deepEqual(second.contextLength, known(8192, 'config.json max_position_embeddings'));
    assert.deepEqual(second.encode(SAMPLE), first.encode(SAMPLE));
  });

  it('a folder whose config files are absurd, malformed or missing opens all the same, its window unknown with why', async () => {
    const folder = folderWith({ 'tokenizer.json': TOKENIZER, 'config.json': '{"max_position_embeddings": ', 'tokenizer_config.json': json({ model_max_length: 1e30 }) });
    const cacheDir = join(temp(), 'cache');
    const tokenizer = await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.equal(tokenizer.encode(SAMPLE).length > 0, true);
    const length = tokenizer.contextLength;
    assert.equal(length?.known, false);
    assert.match(length.known ? '' : length.why, /^config\.json: expected JSON, found a file that does not parse \(.*\); tokenizer_config\.json: model_max_length: expected a whole number of tokens from 1 to 16,777,216, found 1e\+30$/);
    rmSync(join(folder, 'config.json'));
    rmSync(join(folder, 'tokenizer_config.json'));
    assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).contextLength, { known: false, why: 'no config.json; no tokenizer_config.json' });
  });

  it('a config.json that cannot be read, or is past the size cap, is unknown, not an error', async () => {
    const folder = folderWith({ 'tokenizer.json': TOKENIZER, 'config.json': json({ max_position_embeddings: 4096 }) });
    const huge = new Uint8Array(16 * 1024 * 1024 + 1).fill(0x20);
    writeFileSync(join(folder, 'config.json'), huge);
    assert.deepEqual(await localContextLength({ config: join(folder, 'config.json'), tokenizerConfig: undefined }), {
      known: false,
      why: 'config.json: expected at most 16 MB, found 16.0 MB; no tokenizer_config.json',
    });
    const gone = await localContextLength({ config: join(folder, 'missing', 'config.json'), tokenizerConfig: undefined });
    assert.match(gone.known ? '' : gone.why, /^config\.json: ENOENT: no such file or directory/);
  });

  it("a Hub model's config.json is downloaded with its tokenizer and gives the window; opened again from the cache, with the Hub gone, it still does", async () => {
    hub().addRepo('acme/gemma-like', { 'tokenizer.json': TOKENIZER, 'config.json': json({ text_config: { max_position_embeddings: 131_072 } }) });
    const options = { cacheDir: join(temp(), 'cache'), env: { HF_ENDPOINT: hub().endpoint } };
    const location = { kind: 'hub', repo: 'acme/gemma-like', revision: 'main' } as const;
    const first = await openModelTokenizer(location, options);
    assert.deepEqual(first.contextLength, known(131_072, 'config.json text_config.max_position_embeddings'));
    assert.ok(hub().requests.some((request) => request.path === '/acme/gemma-like/resolve/main/config.json' && request.status === 200), 'config.json came from the mock Hub');
    await hub().stop();
    const again = await openModelTokenizer(location, options);
    assert.deepEqual(again.contextLength, first.contextLength);
  });

  it("a Hub model without config.json (404) opens, its window from tokenizer_config.json or unknown; the 404 is remembered, not asked again", async () => {
    hub().addRepo('acme/no-config', { 'tokenizer.json': TOKENIZER, 'tokenizer_config.json': json({ model_max_length: 32_768 }) });
    const options = { cacheDir: join(temp(), 'cache'), env: { HF_ENDPOINT: hub().endpoint } };
    const location = { kind: 'hub', repo: 'acme/no-config', revision: 'main' } as const;
    const configRequests = () => hub().requests.filter((request) => request.path.endsWith('/config.json') && !request.path.endsWith('/tokenizer_config.json')).map((request) => request.status);
    assert.deepEqual((await openModelTokenizer(location, options)).contextLength, known(32_768, 'tokenizer_config.json model_max_length'));
    assert.deepEqual(configRequests(), [404]);
    assert.deepEqual((await openModelTokenizer(location, options)).contextLength, known(32_768, 'tokenizer_config.json model_max_length'));
    assert.deepEqual(configRequests(), [404], 'the cached open asked nothing');
    hub().addRepo('acme/bare', { 'tokenizer.json': TOKENIZER });
    const bare = await openModelTokenizer({ kind: 'hub', repo: 'acme/bare', revision: 'main' }, options);
    assert.deepEqual(bare.contextLength, { known: false, why: 'no config.json; no tokenizer_config.json' });
  });

  it('a download cache that lost config.json is a miss: the next open fetches it, and the files it has come from the cache', async () => {
    hub().addRepo('acme/tiny', { 'tokenizer.json': TOKENIZER, 'config.json': json({ max_position_embeddings: 4096 }) });
    const cacheDir = join(temp(), 'cache');
    const options = { cacheDir, env: { HF_ENDPOINT: hub().endpoint } };
    const location = { kind: 'hub', repo: 'acme/tiny', revision: 'main' } as const;
    await openModelTokenizer(location, options);
    const configFiles = filesUnder(cacheDir).filter((file) => /(^|\/)config~2Ejson\//.test(file));
    assert.equal(configFiles.length, 2, `config.json and its description: ${filesUnder(cacheDir).join(', ')}`);
    for (const file of configFiles) rmSync(join(cacheDir, file));
    const asked = hub().requests.length;
    assert.deepEqual((await openModelTokenizer(location, options)).contextLength, known(4096, 'config.json max_position_embeddings'));
    assert.deepEqual(
      hub().requests.slice(asked).map((request) => [request.path, request.status]),
      [['/acme/tiny/resolve/main/config.json', 200]],
    );
  });
});
