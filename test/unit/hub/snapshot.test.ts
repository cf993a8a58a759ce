/**
 * A Hub model's rows are read at the commit its cached tokenizer came from: a row is the vector of
 * the id that tokenizer gives only when both come from one snapshot, however the revision moved since.
 */
import * as assert from 'node:assert/strict';
import { MemoryBlobCache } from '../../../src/core/hub/blobCache';
import { downloadTokenizerFiles } from '../../../src/core/hub/download';
import { openHubEmbeddings } from '../../../src/core/hub/embeddings';
import { client, hubError, textBytes, useMockHub } from './helpers';
import { headerBytes, llamaFile, localCopy } from './modelFiles';

const REPO = 'org/llama';
const model = { repo: REPO, revision: 'main' };
const TOKENIZER = textBytes('{"model": {"type": "BPE"}}');

describe('hub: tokenizer and weights of one snapshot', () => {
  const hub = useMockHub();
  const older = llamaFile();
  /** The same file with every row changed (its header kept). */
  const newer = older.slice().fill(0x3c, headerBytes(older));

  /** A repository at its first commit whose tokenizer files are in `cache`; the commit. */
  async function downloaded(cache: MemoryBlobCache): Promise<string> {
    hub().addRepo(REPO, { 'tokenizer.json': TOKENIZER, 'model.safetensors': older });
    const files = await downloadTokenizerFiles(client(hub()), cache, REPO, 'main');
    assert.ok(files.commit);
    return files.commit;
  }

  const weightRequests = () => hub().requests.filter((request) => request.path.endsWith('/model.safetensors'));

  it("reads rows at the commit the cached tokenizer came from, after the revision moved to new weights", async () => {
    const cache = new MemoryBlobCache();
    const commit = await downloaded(cache);
    hub().changeFile(REPO, 'model.safetensors', newer);
    const remote = await openHubEmbeddings(client(hub()), cache, model);
    assert.deepEqual(await remote.wordVector(42), await (await localCopy(older)).wordVector(42));
    assert.ok(weightRequests().length > 0);
    for (const request of weightRequests()) assert.equal(request.path, `/${REPO}/resolve/${commit}/model.safetensors`);
  });

  it('reads rows at the revision itself when no tokenizer of it was downloaded', async () => {
    hub().addRepo(REPO, { 'tokenizer.json': TOKENIZER, 'model.safetensors': older });
    hub().changeFile(REPO, 'model.safetensors', newer);
    const remote = await openHubEmbeddings(client(hub()), new MemoryBlobCache(), model);
    assert.deepEqual(await remote.wordVector(42), await (await localCopy(newer)).wordVector(42));
    for (const request of weightRequests()) assert.equal(request.path, `/${REPO}/resolve/main/model.safetensors`);
  });

  it("reads rows at the revision when the Hub no longer has the tokenizer's commit and its tokenizer.json is the same file", async () => {
    const cache = new MemoryBlobCache();
    await downloaded(cache);
    hub().changeFile(REPO, 'model.safetensors', newer);
    hub().squashHistory(REPO);
    const remote = await openHubEmbeddings(client(hub()), cache, model);
    assert.deepEqual(await remote.wordVector(42), await (await localCopy(newer)).wordVector(42));
  });

  it("asks for a commit the Hub no longer has only once: later opens go to the revision at once", async () => {
    const cache = new MemoryBlobCache();
    const commit = await downloaded(cache);
    hub().changeFile(REPO, 'model.safetensors', newer);
    hub().squashHistory(REPO);
    await openHubEmbeddings(client(hub()), cache, model);
    const atCommit = () => hub().requests.filter((request) => request.path.startsWith(`/${REPO}/resolve/${commit}/`)).length;
    const asked = atCommit();
    assert.ok(asked > 0, 'the first open asks for the commit');
    const again = await openHubEmbeddings(client(hub()), cache, model);
    assert.deepEqual(await again.wordVector(42), await (await localCopy(newer)).wordVector(42));
    assert.equal(atCommit(), asked);
  });

  it("opens offline, from the rows cached at the revision, a model whose tokenizer's commit the Hub no longer has", async () => {
    const cache = new MemoryBlobCache();
    await downloaded(cache);
    hub().changeFile(REPO, 'model.safetensors', newer);
    hub().squashHistory(REPO);
    const row = await (await openHubEmbeddings(client(hub()), cache, model)).wordVector(42);
    assert.deepEqual(row, await (await localCopy(newer)).wordVector(42));
    await hub().stop();
    const offline = await openHubEmbeddings(client(hub()), cache, model);
    assert.deepEqual(await offline.wordVector(42), row);
    await hubError(offline.wordVector(43), 'offline');
  });

  it("refuses, naming the commit, when the Hub no longer has the tokenizer's commit and its tokenizer.json changed", async () => {
    const cache = new MemoryBlobCache();
    const commit = await downloaded(cache);
    hub().changeFile(REPO, 'tokenizer.json', textBytes('{"model": {"type": "WordPiece"}}'));
    hub().squashHistory(REPO);
    const error = await hubError(openHubEmbeddings(client(hub()), cache, model), 'changed');
    assert.match(error.message, new RegExp(`^${REPO}@main/tokenizer\\.json: the tokenizer in use came from commit ${commit}, which the Hub no longer has`));
    assert.doesNotMatch(error.message, /\n/);
  });

  it('names the revision asked for, not the commit read at, when the model has no weights', async () => {
    const cache = new MemoryBlobCache();
    hub().addRepo(REPO, { 'tokenizer.json': TOKENIZER });
    await downloadTokenizerFiles(client(hub()), cache, REPO, 'main');
    const error = await hubError(openHubEmbeddings(client(hub()), cache, model), 'not-found');
    assert.equal(error.message, `hub:${REPO}@main: expected model.safetensors or model.safetensors.index.json for embeddings, found neither (404)`);
  });
});
