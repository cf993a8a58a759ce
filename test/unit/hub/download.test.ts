/** Downloading a model's tokenizer files from a mock Hub on 127.0.0.1: every failure one clear error, the cache whole or empty. */
import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MemoryBlobCache } from '../../../src/core/hub/blobCache';
import { type DownloadProgress, downloadFile, downloadTokenizerFiles } from '../../../src/core/hub/download';
import { statusError } from '../../../src/core/hub/errors';
import { FsBlobCache } from '../../../src/node/fsBlobCache';
import { client, filesUnder, hubError, noiseBytes, textBytes, useMockHub, useTempDir } from './helpers';

const REPO = 'org/model';
const tokenizer = noiseBytes(300_000, 7);
const tokenizerConfig = textBytes('{"add_bos_token": true}');
const config = textBytes('{"vocab_size": 8}');
const ref = { repo: REPO, revision: 'main', file: 'tokenizer.json' };

describe('hub: downloading tokenizer files', () => {
  const hub = useMockHub();
  const tempDir = useTempDir();

  it('downloads tokenizer.json, tokenizer_config.json and config.json from one commit, with progress', async () => {
    const repo = hub().addRepo(REPO, { 'tokenizer.json': tokenizer, 'tokenizer_config.json': tokenizerConfig, 'config.json': config });
    const progress: DownloadProgress[] = [];
    const model = await downloadTokenizerFiles(client(hub()), new MemoryBlobCache(), REPO, 'main', { onProgress: (p) => progress.push(p) });
    assert.deepEqual(model.files.get('tokenizer.json'), tokenizer);
    assert.deepEqual(model.files.get('tokenizer_config.json'), tokenizerConfig);
    assert.deepEqual(model.files.get('config.json'), config);
    assert.equal(model.commit, repo.commit);
    const tokenizerProgress = progress.filter((p) => p.file === 'tokenizer.json');
    assert.ok(tokenizerProgress.length > 1, 'several progress reports for a 300 KB file');
    assert.deepEqual(tokenizerProgress.at(-1), { file: 'tokenizer.json', received: tokenizer.length, total: tokenizer.length });
  });

  it('skips optional files the repository lacks, but not tokenizer.json', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    const model = await downloadTokenizerFiles(client(hub()), new MemoryBlobCache(), REPO, 'main');
    assert.deepEqual([...model.files.keys()], ['tokenizer.json']);
    hub().addRepo('org/empty', { 'config.json': config });
    const error = await hubError(downloadTokenizerFiles(client(hub()), new MemoryBlobCache(), 'org/empty', 'main'), 'not-found');
    assert.match(error.message, /org\/empty@main\/tokenizer\.json: not found \(404\)/);
  });

  it('remembers the optional files a revision lacks: a cached model asks the Hub nothing, until asked to refresh', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    const cache = new FsBlobCache(tempDir());
    await downloadTokenizerFiles(client(hub()), cache, REPO, 'main');
    const asked = hub().requests.length;
    const again = await downloadTokenizerFiles(client(hub()), new FsBlobCache(cache.root), REPO, 'main');
    assert.deepEqual([...again.files.keys()], ['tokenizer.json']);
    assert.equal(hub().requests.length, asked, 'no request after a restart');
    await downloadTokenizerFiles(client(hub()), cache, REPO, 'main', { refresh: true });
    assert.ok(hub().requests.length > asked, 'refresh asks again');
  });

  it('deletes the cached version a refresh replaces, and keeps the one it downloaded', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    const cache = new FsBlobCache(tempDir());
    await downloadFile(client(hub()), cache, ref);
    const before = filesUnder(tempDir());
    assert.equal(before.length, 2, `the file and its description: ${before.join(', ')}`);
    const newer = noiseBytes(300_000, 8);
    hub().changeFile(REPO, 'tokenizer.json', newer);
    const refreshed = await downloadFile(client(hub()), cache, ref, { refresh: true });
    assert.deepEqual(refreshed.bytes, newer);
    const after = filesUnder(tempDir());
    assert.equal(after.length, 2, `only the new version and its description: ${after.join(', ')}`);
    assert.ok(!after.includes(before.find((path) => !path.endsWith('meta')) as string), 'the old version is gone');
    assert.deepEqual((await downloadFile(client(hub()), cache, ref)).bytes, newer, 'served from the cache');
  });

  it('forgets that a revision lacked an optional file once a refresh finds it', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    const cache = new MemoryBlobCache();
    await downloadTokenizerFiles(client(hub()), cache, REPO, 'main');
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer, 'tokenizer_config.json': tokenizerConfig });
    await downloadTokenizerFiles(client(hub()), cache, REPO, 'main', { refresh: true });
    const again = await downloadTokenizerFiles(client(hub()), cache, REPO, 'main');
    assert.deepEqual([...again.files.keys()], ['tokenizer.json', 'tokenizer_config.json']);
  });

  it('downloads a model again after its branch moved, though the cache holds part of it from the older commit', async () => {
    const repo = hub().addRepo(REPO, { 'tokenizer.json': tokenizer, 'tokenizer_config.json': tokenizerConfig });
    const cache = new MemoryBlobCache();
    const controller = new AbortController();
    const stopAtConfig = (p: DownloadProgress) => p.file === 'tokenizer_config.json' && controller.abort();
    await hubError(downloadTokenizerFiles(client(hub()), cache, REPO, 'main', { signal: controller.signal, onProgress: stopAtConfig }), 'cancelled');
    hub().changeFile(REPO, 'tokenizer.json', tokenizerConfig);
    const model = await downloadTokenizerFiles(client(hub()), cache, REPO, 'main');
    assert.equal(model.commit, repo.commit);
    assert.deepEqual(model.files.get('tokenizer.json'), tokenizerConfig, 'tokenizer.json of the new commit');
  });

  it('serves a downloaded file from the cache after a restart, without the network, until asked to refresh', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    const first = await downloadFile(client(hub()), new FsBlobCache(tempDir()), ref);
    assert.equal(first.fromCache, false);
    const served = hub().requests.length;
    await hub().stop();
    const again = await downloadFile(client(hub()), new FsBlobCache(tempDir()), ref);
    assert.equal(again.fromCache, true);
    assert.deepEqual(again.bytes, tokenizer);
    assert.equal(hub().requests.length, served, 'no request after the restart');
    await hub().start();
    hub().addRepo(REPO, { 'tokenizer.json': tokenizerConfig });
    const refreshed = await downloadFile(client(hub()), new FsBlobCache(tempDir()), ref, { refresh: true });
    assert.deepEqual([refreshed.fromCache, refreshed.bytes], [false, tokenizerConfig]);
    assert.deepEqual((await downloadFile(client(hub()), new FsBlobCache(tempDir()), ref)).bytes, tokenizerConfig, 'the refreshed file replaces the old one');
  });

  it('names a missing repository, revision and file in its 404 message', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    const cache = new MemoryBlobCache();
    const repo = await hubError(downloadFile(client(hub()), cache, { ...ref, repo: 'org/nothing' }), 'not-found');
    assert.match(repo.message, /^org\/nothing@main\/tokenizer\.json: repository org\/nothing not found \(404\)/);
    const revision = await hubError(downloadFile(client(hub()), cache, { ...ref, revision: 'v9' }), 'not-found');
    assert.match(revision.message, /revision v9 not found \(404\)/);
    const file = await hubError(downloadFile(client(hub()), cache, { ...ref, file: 'vocab.txt' }), 'not-found');
    assert.match(file.message, /^org\/model@main\/vocab\.txt: not found \(404\)/);
    assert.deepEqual(cache.keys, []);
  });

  it('says a gated model needs a token (401 without one) and that a token was refused (401 with a wrong one)', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer }, { token: 'hf_right' });
    const cache = new MemoryBlobCache();
    const without = await hubError(downloadFile(client(hub()), cache, ref), 'unauthorized');
    assert.match(without.message, /requires a token \(401\).*HF_TOKEN/);
    const wrong = await hubError(downloadFile(client(hub(), { token: 'hf_wrong' }), cache, ref), 'unauthorized');
    assert.match(wrong.message, /refused the token \(401\)/);
    assert.notEqual(without.message, wrong.message);
    const right = await downloadFile(client(hub(), { token: 'hf_right' }), cache, ref);
    assert.deepEqual(right.bytes, tokenizer);
    assert.equal(hub().requests.at(-1)?.authorization, 'Bearer hf_right');
  });

  it('a 403 says a token was refused only when one was sent; without one it says to set one', () => {
    const withToken = statusError(ref, 403, true, null);
    const without = statusError(ref, 403, false, null);
    assert.equal(withToken.kind, 'forbidden');
    assert.match(withToken.message, /the token has no access to this gated model \(403\)/);
    assert.match(without.message, /refused access without a token \(403\).*set HF_TOKEN or store a token/);
    assert.doesNotMatch(without.message, /the token has/);
  });

  it('follows a same-host redirect with the token', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    hub().misbehaviour = 'redirect-same-host';
    const file = await downloadFile(client(hub(), { token: 'hf_secret' }), new MemoryBlobCache(), ref);
    assert.deepEqual(file.bytes, tokenizer);
    const [first, second] = hub().requests;
    assert.equal(first.status, 302);
    assert.match(second.path, /^\/cdn\//);
    assert.equal(second.authorization, 'Bearer hf_secret');
  });

  it('follows a redirect to another host without sending it the token', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    hub().misbehaviour = 'redirect-other-host';
    const file = await downloadFile(client(hub(), { token: 'hf_secret' }), new MemoryBlobCache(), ref);
    assert.deepEqual(file.bytes, tokenizer);
    const [first, second] = hub().requests;
    assert.equal(first.authorization, 'Bearer hf_secret');
    assert.match(second.host, /^localhost:/);
    assert.equal(second.authorization, undefined, 'the token never leaves the endpoint host');
  });

  it('refuses a redirect to another scheme or to a URL with credentials, in one request, naming the Location', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    for (const location of ['ftp://127.0.0.1:PORT/cdn/x', 's3://bucket/x', 'http://127.0.0.1:PORT@localhost:PORT/cdn/x', '//u@localhost:PORT/cdn/x']) {
      hub().redirectTo = location;
      const asked = hub().requests.length;
      const error = await hubError(downloadFile(client(hub(), { token: 'hf_secret' }), new MemoryBlobCache(), ref), 'redirect');
      assert.match(error.message, /tokenizer\.json: expected a redirect to an http\(s\) URL without credentials, found HTTP 302 to "/, location);
      assert.equal(hub().requests.length, asked + 1, `${location}: not followed`);
    }
  });

  it('reports a truncated response and caches nothing', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    hub().misbehaviour = 'truncate';
    const error = await hubError(downloadFile(client(hub()), new FsBlobCache(tempDir()), ref), 'truncated');
    assert.match(error.message, /tokenizer\.json: .*truncated response/);
    assert.deepEqual(filesUnder(tempDir()), []);
  });

  it('stops a slow download when cancelled and caches nothing', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': noiseBytes(4000, 3) });
    hub().misbehaviour = 'slow';
    const controller = new AbortController();
    const download = downloadFile(client(hub()), new FsBlobCache(tempDir()), ref, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const error = await hubError(download, 'cancelled');
    assert.match(error.message, /download cancelled/);
    assert.ok(hub().requests[0].bodyBytes < 4000, 'the server did not send the whole file');
    assert.deepEqual(filesUnder(tempDir()), []);
  });

  it("checks a large (LFS) file against the SHA-256 the Hub gives for it: a corrupted body is refused, and nothing cached", async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer }, { lfs: true });
    hub().misbehaviour = 'corrupt';
    const error = await hubError(downloadFile(client(hub()), new FsBlobCache(tempDir()), ref), 'bad-response');
    assert.match(error.message, /^org\/model@main\/tokenizer\.json: expected bytes whose SHA-256 is [0-9a-f]{64} \(the Hub's X-Linked-Etag\), found others; nothing was cached; try again$/);
    assert.deepEqual(filesUnder(tempDir()), []);
    hub().misbehaviour = 'none';
    assert.deepEqual((await downloadFile(client(hub()), new FsBlobCache(tempDir()), ref)).bytes, tokenizer);
  });

  it('downloads a large (LFS) file again when its cached copy was damaged on disk without a change in length', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer }, { lfs: true });
    await downloadFile(client(hub()), new FsBlobCache(tempDir()), ref);
    const blob = filesUnder(tempDir())
      .map((file) => join(tempDir(), file))
      .find((path) => statSync(path).size === tokenizer.length);
    assert.ok(blob, 'the cached copy');
    const damaged = readFileSync(blob);
    damaged[1000] ^= 0x01;
    writeFileSync(blob, damaged);
    const asked = hub().requests.length;
    const again = await downloadFile(client(hub()), new FsBlobCache(tempDir()), ref);
    assert.deepEqual([again.fromCache, again.bytes], [false, tokenizer]);
    assert.ok(hub().requests.length > asked, 'asked the Hub again');
    assert.deepEqual(readFileSync(blob), Buffer.from(tokenizer), 'the damaged copy was replaced');
  });

  it('refuses a file larger than the cap before reading it', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer });
    const downloading = client(hub());
    const error = await hubError(downloadFile(downloading, new MemoryBlobCache(), ref, { maxBytes: 1000 }), 'too-large');
    assert.match(error.message, /expected at most 1000 bytes, found a 300000-byte file/);
    assert.equal(downloading.bytesReceived, 0);
  });

  it('says the file changed when the commit moves between the files of one model', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': tokenizer, 'tokenizer_config.json': tokenizerConfig });
    let changed = false;
    const onProgress = () => {
      if (!changed) hub().changeFile(REPO, 'tokenizer_config.json', textBytes('{}'));
      changed = true;
    };
    const error = await hubError(downloadTokenizerFiles(client(hub()), new MemoryBlobCache(), REPO, 'main', { onProgress }), 'changed');
    assert.match(error.message, /tokenizer_config\.json: the file changed on the server .*commit/);
  });

  it('reports an unreachable Hub as offline', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const error = await hubError(downloadFile(client(hub(), { endpoint: `http://127.0.0.1:${closed}` }), new MemoryBlobCache(), ref), 'offline');
    assert.match(error.message, new RegExp(`could not reach http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)`));
  });
});
