import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors, openSafetensorsEmbeddings } from '../../../src/core/embeddings';
import { RandomAccessFile } from '../../../src/node/randomAccessFile';
import { patternMatrix, row } from './helpers';

describe('RandomAccessFile (Node port)', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'token-lens-raf-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('reads exact byte ranges and reports the size', async () => {
    const path = join(folder, 'bytes.bin');
    writeFileSync(path, Uint8Array.from({ length: 100 }, (_, i) => i));
    const file = await RandomAccessFile.open(path);
    try {
      assert.equal(file.size, 100);
      assert.deepEqual(Array.from(await file.read(10, 5)), [10, 11, 12, 13, 14]);
      assert.deepEqual(Array.from(await file.read(99, 1)), [99]);
      assert.equal((await file.read(100, 0)).length, 0);
    } finally {
      await file.close();
    }
  });

  it('rejects ranges outside the file, naming it', async () => {
    const path = join(folder, 'small.bin');
    writeFileSync(path, new Uint8Array(10));
    const file = await RandomAccessFile.open(path);
    await assert.rejects(file.read(8, 4), new RegExp(`${path.replace(/[.\\]/g, '\\$&')}: expected a byte range inside the 10-byte file, found 4 bytes at offset 8`));
    await assert.rejects(file.read(-1, 1), RangeError);
    await file.close();
    await assert.rejects(file.read(0, 1), /the file is closed/);
  });

  it('fails to open a missing file or a directory', async () => {
    await assert.rejects(RandomAccessFile.open(join(folder, 'missing.bin')), { code: 'ENOENT' });
    await assert.rejects(RandomAccessFile.open(folder), { code: 'EISDIR' });
  });

  (process.platform === 'win32' ? it.skip : it)('refuses a FIFO or a device at once as "not a regular file", without waiting for a writer', async () => {
    const fifo = join(folder, 'fifo');
    execFileSync('mkfifo', [fifo]);
    for (const path of [fifo, '/dev/zero']) {
      await assert.rejects(RandomAccessFile.open(path), (error: NodeJS.ErrnoException) => {
        assert.equal(error.code, 'ERR_NOT_REGULAR_FILE');
        assert.match(error.message, /not a regular file/);
        return true;
      });
    }
  });

  it('serves a safetensors file row by row', async () => {
    const path = join(folder, 'model.safetensors');
    const words = patternMatrix(300, 16, 1e-2);
    writeFileSync(path, encodeSafetensors([{ name: 'wte.weight', shape: [300, 16], data: words }]));
    const source = await openSafetensorsEmbeddings(await RandomAccessFile.open(path), { file: path });
    try {
      assert.deepEqual(Array.from(await source.wordVector(299)), row(words, 16, 299));
    } finally {
      await source.close();
    }
  });
});
