/** Embedding rows read lazily from a mock Hub by Range requests: the header once, then only the rows shown. */
import * as assert from 'node:assert/strict';
import { MemoryBlobCache } from '../../../src/core/hub/blobCache';
import { openHubEmbeddings } from '../../../src/core/hub/embeddings';
import { HubRangeReader } from '../../../src/core/hub/rangeReader';
import { SafetensorsError } from '../../../src/core/embeddings/safetensors/errors';
import { FsBlobCache } from '../../../src/node/fsBlobCache';
import { client, filesUnder, hubError, useMockHub, useTempDir } from './helpers';
import { DIM, ROW_BYTES, VOCAB, gpt2Shards, headerBytes, llamaFile, localCopy } from './modelFiles';

const REPO = 'org/llama';
const model = { repo: REPO, revision: 'main' };

describe('hub: lazy embedding rows', () => {
  const hub = useMockHub();
  const tempDir = useTempDir();
  const file = llamaFile();

  it('reads rows equal to a local copy, fetching only the 8-byte length, the header and those rows', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const remote = await openHubEmbeddings(client(hub()), new MemoryBlobCache(), model);
    const local = await localCopy(file);
    assert.equal(remote.positionKind, 'rotary');
    assert.deepEqual(remote.shape, local.shape);
    assert.equal(await remote.positionVector(0), undefined);
    for (const id of [3, 500, VOCAB - 1]) assert.deepEqual(await remote.wordVector(id), await local.wordVector(id));
    assert.equal(hub().bytesServed, headerBytes(file) + 3 * ROW_BYTES);
    assert.ok(hub().requests.every((request) => request.status === 206));
  });

  it('coalesces rows read together into one request, and fetches a row only once', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const remote = await openHubEmbeddings(client(hub()), new MemoryBlobCache(), model);
    const before = hub().requests.length;
    const ids = [10, 11, 12, 14, 17];
    const rows = await Promise.all(ids.map((id) => remote.wordVector(id)));
    assert.equal(hub().requests.length, before + 1, 'one Range request for five nearby rows');
    const local = await localCopy(file);
    for (const [index, id] of ids.entries()) assert.deepEqual(rows[index], await local.wordVector(id));
    await remote.wordVector(12);
    assert.equal(hub().requests.length, before + 1, 'a row read before comes from the cache');
  });

  it('reads many scattered rows with a few requests at a time', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const remote = await openHubEmbeddings(client(hub()), new MemoryBlobCache(), model);
    const before = hub().requests.length;
    hub().misbehaviour = 'slow'; // responses overlap, so the count of open requests means something
    let open = 0;
    let most = 0;
    hub().onRequest = (done) => {
      most = Math.max(most, ++open);
      done.then(() => open--);
    };
    const ids = Array.from({ length: 20 }, (_, i) => i * 45);
    const rows = await Promise.all(ids.map((id) => remote.wordVector(id)));
    const local = await localCopy(file);
    for (const [index, id] of ids.entries()) assert.deepEqual(rows[index], await local.wordVector(id));
    assert.equal(hub().requests.length - before, 20, 'rows 45 apart (5.6 KB gaps) are each their own request');
    assert.ok(most <= 6, `at most 6 requests at once, found ${most}`);
  });

  it('finds the word and position tables of a sharded model through its index', async () => {
    const shards = gpt2Shards();
    hub().addRepo('org/gpt2', shards);
    const remote = await openHubEmbeddings(client(hub()), new MemoryBlobCache(), { repo: 'org/gpt2', revision: 'main' });
    const local = await localCopy(shards['model-00001-of-00002.safetensors'], shards['model-00002-of-00002.safetensors']);
    assert.equal(remote.positionKind, 'learned');
    assert.deepEqual(remote.shape, { vocabularySize: VOCAB, dimension: DIM, contextLength: 128 });
    assert.deepEqual(await remote.wordVector(42), await local.wordVector(42));
    assert.deepEqual(await remote.positionVector(7), await local.positionVector(7));
    const first = shards['model-00001-of-00002.safetensors'];
    const second = shards['model-00002-of-00002.safetensors'];
    const index = shards['model.safetensors.index.json'];
    assert.equal(hub().bytesServed, index.length + headerBytes(first) + DIM * 4 + headerBytes(second) + DIM * 2);
  });

  it('opens a sharded model again after its commit moved, though the cache holds the index of the older commit', async () => {
    const shards = gpt2Shards();
    const gpt2 = { repo: 'org/gpt2', revision: 'main' };
    const first = shards['model-00001-of-00002.safetensors'];
    hub().addRepo(gpt2.repo, shards);
    const cache = new MemoryBlobCache();
    await (await openHubEmbeddings(client(hub()), cache, gpt2)).wordVector(42);
    hub().changeFile(gpt2.repo, 'model-00001-of-00002.safetensors', first);
    const stale = await openHubEmbeddings(client(hub()), cache, gpt2);
    await hubError(stale.wordVector(43), 'changed');
    const reopened = await openHubEmbeddings(client(hub()), cache, gpt2);
    const local = await localCopy(first, shards['model-00002-of-00002.safetensors']);
    assert.deepEqual(await reopened.wordVector(43), await local.wordVector(43));
  });

  it('never mixes the word table of one commit with the position table of another in a sharded model', async () => {
    const shards = gpt2Shards();
    const gpt2 = { repo: 'org/gpt2', revision: 'main' };
    hub().addRepo(gpt2.repo, shards);
    const cache = new MemoryBlobCache();
    const before = await openHubEmbeddings(client(hub()), cache, gpt2);
    await Promise.all([before.wordVector(42), before.positionVector(7)]);
    const [first, second] = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'].map((name) => {
      const changed = shards[name].slice();
      changed.fill(0x3c, headerBytes(changed));
      hub().changeFile(gpt2.repo, name, changed);
      return changed;
    });
    await hubError(before.positionVector(8), 'changed');
    const after = await openHubEmbeddings(client(hub()), cache, gpt2);
    const local = await localCopy(first, second);
    assert.deepEqual(await after.positionVector(8), await local.positionVector(8));
    assert.deepEqual(await after.wordVector(42), await local.wordVector(42), 'the word row of the same commit as the position row');
  });

  it('keeps rows across a restart (a new client over the same cache folder) without the network', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const first = await openHubEmbeddings(client(hub()), new FsBlobCache(tempDir()), model);
    const row = await first.wordVector(123);
    await first.close();
    await hub().stop();
    const again = await openHubEmbeddings(client(hub()), new FsBlobCache(tempDir()), model);
    assert.deepEqual(await again.wordVector(123), row);
    await hubError(again.wordVector(124), 'offline');
  });

  it('downloads the whole word table once, with progress, after saying its size', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const remote = await openHubEmbeddings(client(hub()), new FsBlobCache(tempDir()), model);
    assert.equal(remote.wordMatrixBytes, VOCAB * ROW_BYTES);
    assert.equal(await remote.hasWordMatrix(), false);
    const progress: number[] = [];
    await remote.downloadWordMatrix({ onProgress: (p) => progress.push(p.received) });
    assert.equal(progress.at(-1), VOCAB * ROW_BYTES);
    const served = hub().bytesServed;
    const local = await localCopy(file);
    assert.deepEqual(await remote.wordRows(0, VOCAB), await local.wordRows(0, VOCAB));
    assert.equal(hub().bytesServed, served, 'rows come from the downloaded table');
    await remote.close();
    const again = await openHubEmbeddings(client(hub()), new FsBlobCache(tempDir()), model);
    assert.equal(await again.hasWordMatrix(), true, 'the table survives a restart');
    await again.close();
  });

  it('leaves no cache entry when the whole-table download is cancelled', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const remote = await openHubEmbeddings(client(hub()), new FsBlobCache(tempDir()), model);
    const entries = filesUnder(tempDir());
    hub().misbehaviour = 'slow';
    const controller = new AbortController();
    const download = remote.downloadWordMatrix({ signal: controller.signal, onProgress: () => controller.abort() });
    await hubError(download, 'cancelled');
    assert.deepEqual(filesUnder(tempDir()), entries);
    assert.equal(await remote.hasWordMatrix(), false);
    await remote.close();
  });

  it('refuses a server that ignores Range (200 with the whole file) without reading its body', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    hub().misbehaviour = 'ignore-range';
    const reading = client(hub());
    const error = await hubError(openHubEmbeddings(reading, new MemoryBlobCache(), model), 'range-unsupported');
    assert.match(error.message, new RegExp(`expected 206 Partial Content for bytes 0-7, found HTTP 200 with the whole ${file.length}-byte file`));
    assert.equal(reading.bytesReceived, 0);
  });

  it('refuses a Content-Range that names other bytes than asked', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    hub().misbehaviour = 'wrong-content-range';
    const error = await hubError(openHubEmbeddings(client(hub()), new MemoryBlobCache(), model), 'bad-response');
    assert.match(error.message, /expected Content-Range bytes 0-7\/…, found "bytes 1-8\//);
  });

  it('refuses a header longer than the cap before fetching it', async () => {
    const lying = file.slice();
    new DataView(lying.buffer).setUint32(0, 64 * 1024 * 1024, true);
    hub().addRepo(REPO, { 'model.safetensors': lying });
    const opening = openHubEmbeddings(client(hub()), new MemoryBlobCache(), model);
    await assert.rejects(opening, (error: Error) => error instanceof SafetensorsError && /header length of at most 16777216 bytes, found 67108864/.test(error.message));
    assert.equal(hub().bytesServed, 8);
  });

  it('says the file changed when its commit moves between the header and a row, and starts afresh when opened again', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const cache = new MemoryBlobCache();
    const remote = await openHubEmbeddings(client(hub()), cache, model);
    const changed = llamaFile().reverse();
    hub().changeFile(REPO, 'model.safetensors', changed);
    const error = await hubError(remote.wordVector(5), 'changed');
    assert.match(error.message, /model\.safetensors: the file changed on the server while it was being read/);
    hub().changeFile(REPO, 'model.safetensors', file);
    const reopened = await openHubEmbeddings(client(hub()), cache, model);
    assert.deepEqual(await reopened.wordVector(5), await (await localCopy(file)).wordVector(5));
  });

  it('deletes what it cached of a file that changed on the server (ranges, a table downloaded whole), and caches the new version afresh', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const cache = new FsBlobCache(tempDir());
    const ref = { ...model, file: 'model.safetensors' };
    const reader = await HubRangeReader.open(client(hub()), cache, ref);
    await reader.read(100, 16);
    await reader.downloadWhole(1000, 3000);
    const old = filesUnder(tempDir());
    assert.ok(old.some((path) => path.includes('whole-1000-2000')) && old.some((path) => path.includes('range-100-16')), old.join(', '));
    const changed = file.slice();
    changed.fill(0x3c, headerBytes(changed));
    hub().changeFile(REPO, 'model.safetensors', changed);
    await hubError(reader.read(5000, 16), 'changed');
    await reader.close();
    assert.deepEqual(filesUnder(tempDir()), [], 'nothing of the old version is left');
    const reopened = await HubRangeReader.open(client(hub()), cache, ref);
    assert.deepEqual(await reopened.read(5000, 16), changed.slice(5000, 5016));
    await reopened.close();
    assert.ok(filesUnder(tempDir()).some((path) => path.includes('range-5000-16')), 'the new version is cached');
  });

  it('reads rows through a cross-host redirect without sending the token there', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file }, { token: 'hf_gate' });
    await hubError(openHubEmbeddings(client(hub()), new MemoryBlobCache(), model), 'unauthorized');
    hub().misbehaviour = 'redirect-other-host';
    const remote = await openHubEmbeddings(client(hub(), { token: 'hf_gate' }), new MemoryBlobCache(), model);
    assert.deepEqual(await remote.wordVector(9), await (await localCopy(file)).wordVector(9));
    const cdn = hub().requests.filter((request) => request.path.startsWith('/cdn/'));
    assert.ok(cdn.length >= 3 && cdn.every((request) => request.host.startsWith('localhost:') && request.authorization === undefined));
    assert.ok(cdn.every((request) => request.range !== undefined), 'the Range header follows the redirect');
  });

  it('reports a truncated row response', async () => {
    hub().addRepo(REPO, { 'model.safetensors': file });
    const remote = await openHubEmbeddings(client(hub()), new MemoryBlobCache(), model);
    hub().misbehaviour = 'truncate';
    const error = await hubError(remote.wordVector(77), 'truncated');
    assert.match(error.message, new RegExp(`expected ${ROW_BYTES} bytes, found ${ROW_BYTES / 2}|closed after ${ROW_BYTES / 2} of ${ROW_BYTES}`));
  });
});
