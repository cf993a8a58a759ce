/** The cache port: the same contract for the in-memory and the fs cache, and an fs cache that a killed process cannot leave half-written. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BlobCache, MemoryBlobCache, cacheKey } from '../../../src/core/hub/blobCache';
import { openHubEmbeddings } from '../../../src/core/hub/embeddings';
import { FsBlobCache, defaultCacheDir } from '../../../src/node/fsBlobCache';
import { client, filesUnder, useMockHub, useTempDir } from './helpers';
import { llamaFile } from './modelFiles';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('hub: blob cache', () => {
  const tempDir = useTempDir();
  const caches: [string, () => BlobCache][] = [
    ['memory', () => new MemoryBlobCache()],
    ['fs', () => new FsBlobCache(join(tempDir(), 'cache'))],
  ];

  for (const [name, make] of caches) {
    describe(`${name} cache`, () => {
      it('gets what was put, says what it has, and forgets what was deleted', async () => {
        const cache = make();
        const key = cacheKey('files', 'org/model', 'main', 'tokenizer.json');
        assert.equal(await cache.has(key), false);
        assert.equal(await cache.get(key), undefined);
        await cache.put(key, bytes(1, 2, 3));
        assert.equal(await cache.has(key), true);
        assert.deepEqual(await cache.get(key), bytes(1, 2, 3));
        await cache.put(key, bytes(4));
        assert.deepEqual(await cache.get(key), bytes(4), 'a put replaces');
        await cache.delete(key);
        assert.equal(await cache.has(key), false);
        await cache.delete(key);
      });

      it('deletes every key under a prefix, and no other key (one sharing the prefix\'s text included)', async () => {
        const cache = make();
        const version = cacheKey('ranges', 'org/model', 'abc123', 'model.safetensors', 'etag-1');
        const under = [`${version}/${cacheKey('range-0-8')}`, `${version}/${cacheKey('whole-8-64')}`];
        const others = [cacheKey('ranges', 'org/model', 'abc123', 'model.safetensors', 'etag-10', 'range-0-8'), cacheKey('ranges', 'org/model', 'abc123', 'model.safetensors', 'meta')];
        for (const key of [...under, ...others]) await cache.put(key, bytes(1));
        await cache.deleteUnder(version);
        for (const key of under) assert.equal(await cache.has(key), false, key);
        for (const key of others) assert.equal(await cache.has(key), true, key);
        await cache.deleteUnder(version);
        await cache.deleteUnder(cacheKey('never', 'written'));
      });

      it('shows a streamed blob only after commit, and keeps the old value when a write is aborted', async () => {
        const cache = make();
        const key = cacheKey('ranges', 'whole-0-6');
        await cache.put(key, bytes(9));
        const writer = await cache.writer(key);
        await writer.write(bytes(1, 2, 3));
        assert.deepEqual(await cache.get(key), bytes(9));
        await writer.abort();
        assert.deepEqual(await cache.get(key), bytes(9));
        const second = await cache.writer(key);
        await second.write(bytes(1, 2, 3));
        await second.write(bytes(4, 5, 6));
        await second.commit();
        assert.deepEqual(await cache.get(key), bytes(1, 2, 3, 4, 5, 6));
        await assert.rejects(second.write(bytes(7)), /already committed or aborted/);
        const reader = await cache.reader(key);
        assert.deepEqual(await reader?.read(2, 3), bytes(3, 4, 5));
        await reader?.close?.();
        assert.equal(await cache.reader(cacheKey('absent')), undefined);
      });
    });
  }

  it('keeps keys apart however their segments are spelled', () => {
    const keys = ['a/b', 'a%2Fb', 'a~2Fb', '..', '.', '', 'a.b', 'a b', 'ü'].map((segment) => cacheKey('x', segment));
    assert.equal(new Set(keys).size, keys.length);
    for (const key of keys) assert.doesNotMatch(key, /(^|\/)\.\.?(\/|$)|\/\/|%/);
    assert.equal(cacheKey('org/model', 'main').split('/').length, 2);
  });

  it('refuses keys that would escape its folder', async () => {
    const cache = new FsBlobCache(tempDir());
    await assert.rejects(cache.put('../outside', bytes(1)), /expected '\/'-separated non-empty segments/);
    await assert.rejects(cache.get('a//b'), /non-empty segments/);
  });

  it('lives in $TOKEN_LENS_CACHE, else ~/.cache/token-lens', () => {
    assert.equal(defaultCacheDir({ TOKEN_LENS_CACHE: '/srv/cache' }), '/srv/cache');
    assert.match(defaultCacheDir({}), /[/\\]\.cache[/\\]token-lens$/);
  });

  it('removes temporary files left by a killed writer once they are old', async () => {
    const cache = new FsBlobCache(tempDir());
    mkdirSync(join(tempDir(), 'a'));
    const stale = join(tempDir(), 'a', 'blob.1234.partial');
    const fresh = join(tempDir(), 'a', 'blob.5678.partial');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, hourAgo, hourAgo);
    await cache.put('a/kept', bytes(1));
    assert.equal(await cache.removeLeftovers(3600_000), 1);
    assert.deepEqual(filesUnder(tempDir()), ['a/blob.5678.partial', 'a/kept']);
  });

  describe('a process killed mid-download', () => {
    const hub = useMockHub();

    it('leaves no entry: the table is not in the cache when opened again', async function () {
      hub().addRepo('org/llama', { 'model.safetensors': llamaFile() });
      const dir = join(tempDir(), 'cache');
      const script = join(__dirname, '..', '..', 'support', 'hubChild.js');
      const child = spawn(process.execPath, [script, dir, hub().endpoint, 'org/llama'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const killed = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('opened') && hub().misbehaviour === 'none') {
            hub().misbehaviour = 'slow';
            child.stdin.write('go\n');
          }
          if (output.includes('progress')) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.once('exit', () => reject(new Error(`the child ended before any progress: ${output}`)));
      });
      await killed;
      assert.doesNotMatch(output, /done/);
      hub().misbehaviour = 'none';
      const again = await openHubEmbeddings(client(hub()), new FsBlobCache(dir), { repo: 'org/llama', revision: 'main' });
      assert.equal(await again.hasWordMatrix(), false);
      const leftovers = filesUnder(dir).filter((file) => file.includes('whole'));
      assert.ok(leftovers.length > 0 && leftovers.every((file) => file.endsWith('.partial')), `only a temporary file: ${leftovers.join(', ')}`);
      await again.close();
    });
  });
});


