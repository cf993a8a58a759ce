/**
 * openModelTokenizer keeps the compiled tokenizer under <cacheDir>/tokenizers and builds from it
 * next time, while the files it came from are unchanged. A cache hit is proven by replacing
 * tokenizer.json (or the downloaded blob) with garbage of the same size and modification time:
 * only a build from the cache can still give the right ids.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HfTokenizer } from '../../../src/core/hf';
import { HF_CACHE_VERSION } from '../../../src/core/hf/cache';
import { openModelTokenizer } from '../../../src/node/modelSource';
import { byteLevelFile, fileBytes, metaspaceFile } from '../../support/hfFiles';
import { filesUnder, useMockHub, useTempDir } from './helpers';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const SAMPLE = 'Hello world, the lowest newer words — naïve café 😀';

/** Two different tokenizer.json files padded (JSON allows trailing spaces) to the same size. */
function sameSizePair(): [Uint8Array, Uint8Array] {
  const a = fileBytes(byteLevelFile({ preTokenizer: BYTE_LEVEL }));
  const b = fileBytes(metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } }));
  const size = Math.max(a.length, b.length);
  const pad = (bytes: Uint8Array) => Uint8Array.from({ length: size }, (_, i) => (i < bytes.length ? bytes[i] : 0x20));
  return [pad(a), pad(b)];
}

const idsOf = (bytes: Uint8Array) => HfTokenizer.fromJson(bytes, 'direct').encode(SAMPLE);

/** Replaces a file's content with garbage of the same size, keeping its modification time (to the millisecond). */
function garble(path: string): void {
  const { size, atime, mtime } = statSync(path);
  writeFileSync(path, new Uint8Array(size).fill(0x21));
  utimesSync(path, atime, mtime);
}

function writeAt(path: string, bytes: Uint8Array, mtime: Date): void {
  writeFileSync(path, bytes);
  utimesSync(path, mtime, mtime);
}

describe('compiled tokenizer cache (openModelTokenizer)', function () {
  this.timeout(30_000);
  const temp = useTempDir();
  const hub = useMockHub();
  const cacheFiles = (cacheDir: string) => filesUnder(cacheDir).filter((file) => file.startsWith('tokenizers/'));
  /** A model folder opened once, so its cache file exists: the folder, its tokenizer.json, the cache folder and file. */
  async function openedOnce(): Promise<{ folder: string; tokenizer: Uint8Array; cacheDir: string; cache: string }> {
    const folder = temp();
    const cacheDir = join(folder, 'cache');
    const [tokenizer] = sameSizePair();
    writeFileSync(join(folder, 'tokenizer.json'), tokenizer);
    await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    return { folder, tokenizer, cacheDir, cache: join(cacheDir, cacheFiles(cacheDir)[0]) };
  }

  it('a first open writes one cache file; a second open of the unchanged folder builds from it, with the same name and ids', async () => {
    const [bytes] = sameSizePair();
    const folder = temp();
    const cacheDir = join(folder, 'cache');
    // A whole second, which utimes can restore exactly.
    writeAt(join(folder, 'tokenizer.json'), bytes, new Date(1_700_000_000_000));
    writeFileSync(join(folder, 'tokenizer_config.json'), '{"add_bos_token": false}');
    const first = await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.deepEqual(first.encode(SAMPLE), idsOf(bytes));
    const written = cacheFiles(cacheDir);
    assert.equal(written.length, 1, written.join(', '));
    assert.match(written[0], /^tokenizers\/[0-9a-f]{64}\.tlhf$/);
    garble(join(folder, 'tokenizer.json'));
    const second = await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.equal(second.name, first.name);
    assert.equal(second.name, join(folder, 'tokenizer.json'));
    assert.deepEqual(second.encode(SAMPLE), idsOf(bytes));
    assert.deepEqual(cacheFiles(cacheDir), written);
  });

  it('with deferCacheWrite the tokenizer is returned before its cache is written, and the write runs when the caller runs it', async () => {
    const folder = temp();
    const cacheDir = join(folder, 'cache');
    const [bytes] = sameSizePair();
    // A whole second, which garble's utimes can restore exactly.
    writeAt(join(folder, 'tokenizer.json'), bytes, new Date(1_700_000_000_000));
    const writes: (() => Promise<unknown>)[] = [];
    const tokenizer = await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir, deferCacheWrite: (write) => writes.push(write) });
    assert.deepEqual(tokenizer.encode(SAMPLE), idsOf(bytes));
    assert.equal(writes.length, 1);
    assert.ok(!existsSync(join(cacheDir, 'tokenizers')) || cacheFiles(cacheDir).length === 0, 'nothing written before the write runs');
    await writes[0]();
    assert.equal(cacheFiles(cacheDir).length, 1);
    garble(join(folder, 'tokenizer.json'));
    assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).encode(SAMPLE), idsOf(bytes));
  });

  it('a tokenizer.json with a new modification time or a new size is read again, and its cache rewritten', async () => {
    const [a, b] = sameSizePair();
    assert.notDeepEqual(idsOf(a), idsOf(b));
    const folder = temp();
    const cacheDir = join(folder, 'cache');
    const file = join(folder, 'tokenizer.json');
    writeAt(file, a, new Date(1_700_000_000_000));
    await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    // Same size, later modification time.
    writeAt(file, b, new Date(1_700_000_005_000));
    assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).encode(SAMPLE), idsOf(b));
    // Same modification time, one byte longer.
    const longer = Uint8Array.from([...a, 0x20]);
    writeAt(file, longer, new Date(1_700_000_005_000));
    assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).encode(SAMPLE), idsOf(a));
    assert.equal(cacheFiles(cacheDir).length, 1, 'the stale cache was replaced, not kept beside');
    garble(file);
    assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).encode(SAMPLE), idsOf(a), 'the rewritten cache serves the next open');
  });

  it('adding, changing or removing tokenizer_config.json makes the cache stale', async () => {
    const { folder, cacheDir, cache } = await openedOnce();
    const withoutConfig = readFileSync(cache);
    const config = join(folder, 'tokenizer_config.json');
    writeFileSync(config, '{"add_bos_token": false}');
    await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    const added = readFileSync(cache);
    assert.notDeepEqual(added, withoutConfig, 'a config that appeared rewrote the cache');
    writeFileSync(config, '{"add_bos_token": false, "bos_token": "<s>"}');
    await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.notDeepEqual(readFileSync(cache), added, 'a changed config rewrote the cache');
    rmSync(config);
    await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.deepEqual(readFileSync(cache), withoutConfig, 'a removed config rewrote the cache as it was without one');
  });

  it('a truncated or damaged cache file is ignored: the tokenizer opens from tokenizer.json and the cache is rewritten', async () => {
    const { folder, tokenizer: a, cacheDir, cache } = await openedOnce();
    const good = readFileSync(cache);
    const flipped = Uint8Array.from(good);
    flipped[0] ^= 0xff;
    // The compiled tokenizer's own header, after the key.
    const wrongFormat = Uint8Array.from(good);
    wrongFormat[good.indexOf('"token-lens-hf"', 4) + 1] ^= 0x20;
    for (const damaged of [good.subarray(0, good.length >> 1), flipped, wrongFormat, new Uint8Array(0)]) {
      writeFileSync(cache, damaged);
      assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).encode(SAMPLE), idsOf(a));
      assert.deepEqual(readFileSync(cache), good);
      assert.deepEqual(cacheFiles(cacheDir), [cacheFiles(cacheDir)[0]]);
    }
  });

  it('a cache written by the previous format version is not read: the tokenizer opens from tokenizer.json and the cache is rewritten', async () => {
    const { folder, tokenizer: a, cacheDir, cache } = await openedOnce();
    const good = readFileSync(cache);
    // Both version marks (the key's and the compiled tokenizer's header) one back, as an older Token Lens wrote them.
    const older = Buffer.from(good.toString('latin1').split(`"version":${HF_CACHE_VERSION}`).join(`"version":${HF_CACHE_VERSION - 1}`), 'latin1');
    assert.equal(older.length, good.length);
    assert.notDeepEqual(older, good);
    writeFileSync(cache, older);
    assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).encode(SAMPLE), idsOf(a));
    assert.deepEqual(readFileSync(cache), good);
  });

  it('a cache folder that cannot be written still opens the tokenizer', async () => {
    const [a] = sameSizePair();
    const folder = temp();
    writeFileSync(join(folder, 'tokenizer.json'), a);
    const notAFolder = join(folder, 'plain-file');
    writeFileSync(notAFolder, 'not a folder');
    for (let open = 0; open < 2; open++) {
      assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir: notAFolder })).encode(SAMPLE), idsOf(a));
    }
    assert.deepEqual(readdirSync(folder).sort(), ['plain-file', 'tokenizer.json']);
  });

  it('temporary files a killed process left in the cache folder are removed on the next open once a day old; younger ones are kept', async () => {
    const folder = temp();
    const cacheDir = join(folder, 'cache');
    writeFileSync(join(folder, 'tokenizer.json'), sameSizePair()[0]);
    mkdirSync(join(cacheDir, 'tokenizers'), { recursive: true });
    mkdirSync(join(cacheDir, 'org', 'model'), { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000);
    for (const stale of ['tokenizers/old.tlhf.0a1b2c.partial', 'org/model/blob.3d4e5f.partial']) {
      writeAt(join(cacheDir, stale), new Uint8Array(8), twoDaysAgo);
    }
    writeFileSync(join(cacheDir, 'tokenizers', 'young.tlhf.6a7b8c.partial'), new Uint8Array(8));
    await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    const left = filesUnder(cacheDir);
    assert.deepEqual(left.filter((file) => file.endsWith('.partial')), ['tokenizers/young.tlhf.6a7b8c.partial']);
    assert.equal(left.filter((file) => file.endsWith('.tlhf')).length, 1, left.join(', '));
  });

  it('a compiled tokenizer unused for a month is removed on the next open; one read from the cache counts as used again', async () => {
    const { folder, cacheDir, cache } = await openedOnce();
    const monthAgo = new Date(Date.now() - 31 * 24 * 3600_000);
    utimesSync(cache, monthAgo, monthAgo);
    await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir });
    assert.ok(Date.now() - statSync(cache).mtimeMs < 24 * 3600_000, 'a cache hit marks the compiled tokenizer used');

    // Another cache folder: each is swept once per process.
    const other = join(temp(), 'other');
    const otherCache = join(other, 'cache');
    mkdirSync(join(otherCache, 'tokenizers'), { recursive: true });
    const unused = join(otherCache, 'tokenizers', 'f'.repeat(64) + '.tlhf');
    writeAt(unused, readFileSync(cache), monthAgo);
    writeFileSync(join(other, 'tokenizer.json'), sameSizePair()[1]);
    await openModelTokenizer({ kind: 'path', path: other }, { cacheDir: otherCache });
    const left = cacheFiles(otherCache);
    assert.equal(left.length, 1, left.join(', '));
    assert.notEqual(join(otherCache, left[0]), unused);
  });

  it('a cache file that cannot be replaced still opens the tokenizer and leaves no temporary file behind', async () => {
    const [a] = sameSizePair();
    const folder = temp();
    const cacheDir = join(folder, 'cache');
    writeFileSync(join(folder, 'tokenizer.json'), a);
    // A non-empty folder where the cache file goes: the temporary file is written, the rename fails.
    const name = createHash('sha256').update(join(folder, 'tokenizer.json')).digest('hex');
    mkdirSync(join(cacheDir, 'tokenizers', `${name}.tlhf`), { recursive: true });
    writeFileSync(join(cacheDir, 'tokenizers', `${name}.tlhf`, 'inside'), 'x');
    assert.deepEqual((await openModelTokenizer({ kind: 'path', path: folder }, { cacheDir })).encode(SAMPLE), idsOf(a));
    assert.deepEqual(filesUnder(cacheDir), [`tokenizers/${name}.tlhf/inside`]);
  });

  it('a Hub model builds from the cache once downloaded, and a new download of the revision replaces it', async () => {
    const [a, b] = sameSizePair();
    hub().addRepo('acme/tiny', { 'tokenizer.json': a });
    const cacheDir = join(temp(), 'cache');
    const options = { cacheDir, env: { HF_ENDPOINT: hub().endpoint } };
    const location = { kind: 'hub', repo: 'acme/tiny', revision: 'main' } as const;
    const first = await openModelTokenizer(location, options);
    assert.equal(first.name, 'hub:acme/tiny@main');
    assert.equal(cacheFiles(cacheDir).length, 1);
    const blob = filesUnder(cacheDir).find((file) => file.startsWith('files/') && statSync(join(cacheDir, file)).size === a.length);
    assert.ok(blob, 'the downloaded tokenizer.json');
    garble(join(cacheDir, blob));
    const second = await openModelTokenizer(location, options);
    assert.equal(second.name, first.name);
    assert.deepEqual(second.encode(SAMPLE), idsOf(a));
    // The downloads are cleared and the model changed on the Hub: the new file is used, not the old cache.
    rmSync(join(cacheDir, 'files'), { recursive: true });
    hub().changeFile('acme/tiny', 'tokenizer.json', b);
    const third = await openModelTokenizer(location, options);
    assert.deepEqual(third.encode(SAMPLE), idsOf(b));
    assert.equal(cacheFiles(cacheDir).length, 1);
  });

  it('a Hub model opened afresh (revalidate) is downloaded again once its revision moved, and otherwise built from its cache after a one-byte request', async () => {
    const [a, b] = sameSizePair();
    hub().addRepo('acme/tiny', { 'tokenizer.json': a });
    const options = { cacheDir: join(temp(), 'cache'), env: { HF_ENDPOINT: hub().endpoint } };
    const location = { kind: 'hub', repo: 'acme/tiny', revision: 'main' } as const;
    const downloads = () => hub().requests.filter((request) => request.path.endsWith('/tokenizer.json') && request.status === 200).length;
    await openModelTokenizer(location, options);
    const asked = hub().requests.length;
    assert.deepEqual((await openModelTokenizer(location, { ...options, revalidate: true })).encode(SAMPLE), idsOf(a));
    assert.deepEqual(
      hub().requests.slice(asked).map((request) => [request.path, request.range, request.status]),
      [['/acme/tiny/resolve/main/tokenizer.json', 'bytes=0-0', 206]],
      'one one-byte request, and the build came from the cache',
    );
    hub().changeFile('acme/tiny', 'tokenizer.json', b);
    assert.deepEqual((await openModelTokenizer(location, options)).encode(SAMPLE), idsOf(a), 'without revalidate the cached version opens');
    const before = downloads();
    assert.deepEqual((await openModelTokenizer(location, { ...options, revalidate: true })).encode(SAMPLE), idsOf(b));
    assert.equal(downloads(), before + 1);
    assert.deepEqual((await openModelTokenizer(location, options)).encode(SAMPLE), idsOf(b), 'the new version is the cached one now');
  });

  it('a Hub model opened afresh while the Hub cannot be reached opens from its cache', async () => {
    const [a] = sameSizePair();
    hub().addRepo('acme/tiny', { 'tokenizer.json': a });
    const options = { cacheDir: join(temp(), 'cache'), env: { HF_ENDPOINT: hub().endpoint } };
    const location = { kind: 'hub', repo: 'acme/tiny', revision: 'main' } as const;
    await openModelTokenizer(location, options);
    await hub().stop();
    assert.deepEqual((await openModelTokenizer(location, { ...options, revalidate: true })).encode(SAMPLE), idsOf(a));
  });
});
