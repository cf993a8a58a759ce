import * as assert from 'node:assert/strict';
import { BINARY_SNIFF_BYTES, looksBinary } from '../../../src/core/text/decode';
import { DEFAULT_SIZE_CAP, exceedsSizeCap, globToRegExp, isInGitFolder, parseExcludeGlobs, walkWorkspace, type WalkOptions, type WalkedFile } from '../../../src/core/workspace';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { Random } from '../../support/random';

async function walk(fs: MemoryFileSystem, options: WalkOptions = {}, root = ''): Promise<WalkedFile[]> {
  const files: WalkedFile[] = [];
  for await (const file of walkWorkspace(fs, options, root)) files.push(file);
  return files;
}

const statuses = (files: readonly WalkedFile[]) => files.map((file) => [file.path, file.status]);

describe('workspace: files.exclude globs', () => {
  it('translates VS Code glob syntax', () => {
    const cases: [string, string[], string[]][] = [
      ['**/node_modules', ['node_modules', 'a/b/node_modules'], ['node_modules2', 'a/node_modules.txt']],
      ['node_modules', ['node_modules'], ['a/node_modules']],
      ['**/*.{js,map}', ['x.js', 'a/b/y.map'], ['x.ts', 'a/x.jsx']],
      ['src/**/test?.ts', ['src/test1.ts', 'src/a/b/testA.ts'], ['src/test10.ts', 'lib/test1.ts']],
      ['*.[ch]', ['a.c', 'b.h'], ['a.o', 'dir/a.c']],
      ['*.[!o]', ['a.c'], ['a.o']],
      ['dist/**', ['dist/a.js', 'dist/x/y'], ['dist2/a.js']],
      ['a.b(c)+$', ['a.b(c)+$'], ['aab(c)+$', 'a.bc']],
    ];
    for (const [glob, matching, other] of cases) {
      const pattern = globToRegExp(glob);
      assert.ok(pattern instanceof RegExp, glob);
      for (const path of matching) assert.ok(pattern.test(path), `${glob} matches ${path}`);
      for (const path of other) assert.ok(!pattern.test(path), `${glob} does not match ${path}`);
    }
    assert.equal(globToRegExp('a[bc'), 'expected "]" to close the "[" at 2');
  });

  it('excludes matched folders with everything in them, honours false and "when" siblings', () => {
    const { globs, errors } = parseExcludeGlobs({ '**/.git': true, '**/out': true, 'out-keep': false, '**/*.js': { when: '$(basename).ts' }, bad: 3 });
    assert.deepEqual(errors, ['files.exclude["bad"]: expected true, false or {"when": "$(basename).ext"}, found 3']);
    assert.equal(globs.isExcluded('a/out/deep/file.txt'), true);
    assert.equal(globs.isExcluded('out-keep/x'), false);
    assert.equal(globs.isExcluded('src/app.js', (name) => name === 'app.ts'), true);
    assert.equal(globs.isExcluded('src/app.js', () => false), false);
    assert.deepEqual(parseExcludeGlobs(['**/x']).errors, ['files.exclude: expected an object of glob patterns, found an array']);
  });

  it('a "when" rule looks at the siblings of what it matched, not at the files inside a folder it matched', async () => {
    const fs = new MemoryFileSystem({ 'lib/chart.js/chart.ts': 'export {};', 'lib/chart.js/index.ts': 'export {};', 'lib/app.js': 'x', 'lib/app.ts': 'x' });
    const { globs } = parseExcludeGlobs({ '**/*.js': { when: '$(basename).ts' } });
    assert.deepEqual(statuses(await walk(fs, { exclude: globs })), [
      ['lib/app.ts', 'text'],
      ['lib/chart.js/chart.ts', 'text'],
      ['lib/chart.js/index.ts', 'text'],
    ]);
  });
});

describe('workspace: binary detection and the size cap', () => {
  it('calls a file binary for a NUL byte in its first 8 KiB only', () => {
    assert.equal(looksBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00])), true);
    const late = new Uint8Array(BINARY_SNIFF_BYTES + 10).fill(0x61);
    late[BINARY_SNIFF_BYTES + 1] = 0;
    assert.equal(looksBinary(late), false);
    assert.equal(looksBinary(new Uint8Array()), false);
  });

  it('calls a file binary when more than a tenth of its first 8 KiB is invalid UTF-8', () => {
    const random = new Random(3);
    const noise = Uint8Array.from({ length: 4096 }, () => 1 + random.int(255));
    assert.equal(looksBinary(noise), true, 'random bytes without NULs');
    const prose = 'Le chat dort sur la table près de la fenêtre ouverte. '.repeat(100);
    const latin1 = Uint8Array.from(prose, (c) => c.charCodeAt(0)); // one byte per character, é as 0xE9
    assert.equal(looksBinary(latin1), false, 'Latin-1 prose has few invalid bytes');
    assert.equal(looksBinary(new TextEncoder().encode('日本語のテキスト、絵文字 😀 も。'.repeat(300))), false, 'valid UTF-8 of any script');
    const surrogates = Uint8Array.from({ length: 300 }, (_, i) => [0xed, 0xa0, 0x80][i % 3]);
    assert.equal(looksBinary(surrogates), true, 'encoded surrogates are not UTF-8');
  });

  it('does not count a character cut by the 8 KiB limit as invalid', () => {
    const text = new TextEncoder().encode('€'.repeat(4000)); // 3 bytes each: 8192 is not a character boundary
    assert.equal(text.length > BINARY_SNIFF_BYTES && BINARY_SNIFF_BYTES % 3 !== 0, true);
    assert.equal(looksBinary(text), false);
  });

  it('caps the size', () => {
    assert.equal(exceedsSizeCap(DEFAULT_SIZE_CAP), false);
    assert.equal(exceedsSizeCap(DEFAULT_SIZE_CAP + 1), true);
    assert.equal(exceedsSizeCap(11, 10), true);
  });
});

describe('workspace: walking', () => {
  const tree = () =>
    new MemoryFileSystem(
      {
        '.gitignore': 'dist/\n*.log\n',
        'README.md': '# hello',
        'src/app.ts': 'let a = 1;',
        'src/app.js': 'var a = 1;',
        'src/.gitignore': '!debug.log\n',
        'src/debug.log': 'kept',
        'src/error.log': 'ignored',
        'dist/bundle.js': 'ignored',
        'img/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
        'data/big.csv': 'x'.repeat(2000),
        'node_modules/lib/index.js': 'excluded',
        '.git/HEAD': 'never read',
      },
      ['src/link'],
    );

  it('lists text, binary and too-large files, honouring .gitignore, files.exclude and the size cap', async () => {
    const fs = tree();
    const { globs } = parseExcludeGlobs({ '**/node_modules': true, '**/*.js': { when: '$(basename).ts' } });
    const files = await walk(fs, { sizeCap: 1000, exclude: globs });
    assert.deepEqual(statuses(files), [
      ['.gitignore', 'text'],
      ['README.md', 'text'],
      ['data/big.csv', 'tooLarge'],
      ['img/logo.png', 'binary'],
      ['src/.gitignore', 'text'],
      ['src/app.ts', 'text'],
      ['src/debug.log', 'text'],
    ]);
    const readme = files.find((file) => file.path === 'README.md');
    assert.equal(readme?.status === 'text' && new TextDecoder().decode(readme.bytes), '# hello');
    assert.ok(!fs.reads.includes('data/big.csv'), 'a file over the cap is not read');
    assert.ok(!fs.reads.some((path) => path.startsWith('.git/') || path.startsWith('node_modules/')), 'excluded folders are not entered');
  });

  it('lists a file the caller knows at its size and modification time as unchanged, without reading it', async () => {
    const fs = tree();
    const asked: [string, number, number][] = [];
    const unchanged = (path: string, size: number, mtime: number) => {
      asked.push([path, size, mtime]);
      return path === 'README.md' || path === 'data/big.csv';
    };
    const files = await walk(fs, { sizeCap: 1000, unchanged });
    const status = (path: string) => files.find((file) => file.path === path)?.status;
    assert.equal(status('README.md'), 'unchanged');
    assert.equal(status('data/big.csv'), 'tooLarge', 'the size cap comes first');
    assert.equal(status('src/app.ts'), 'text');
    assert.ok(!fs.reads.includes('README.md'), 'a known file is not read');
    assert.ok(fs.reads.includes('src/app.ts'), 'the others are');
    assert.deepEqual(
      asked.find(([path]) => path === 'README.md'),
      ['README.md', 7, 1],
    );
  });

  it('tells paths inside a .git folder, which no walk enters, from the rest', () => {
    for (const path of ['.git/index', '.git/refs/heads/main', 'vendor/lib/.git/HEAD']) assert.equal(isInGitFolder(path), true, path);
    for (const path of ['.gitignore', '.git', 'vendor/lib/.git', '.github/workflows/ci.yml', 'src/git/.gitkeep', 'a.git/b']) assert.equal(isInGitFolder(path), false, path);
  });

  it('a file that grew past the cap after its size was read is skipped as too large, with the size read', async () => {
    const fs = new MemoryFileSystem({ 'grown.log': 'x'.repeat(5000), 'small.txt': 'ok' });
    fs.stat = async (path) => ({ size: path === 'grown.log' ? 10 : 2, mtime: 1 }); // what stat said before a writer appended
    const files = await walk(fs, { sizeCap: 1000 });
    assert.deepEqual(statuses(files), [
      ['grown.log', 'tooLarge'],
      ['small.txt', 'text'],
    ]);
    assert.equal(files[0].status === 'tooLarge' && files[0].size, 5000);
  });

  it('lists only the files `include` accepts, and reads no other', async () => {
    const fs = tree();
    const pattern = globToRegExp('**/*.{md,ts}');
    assert.ok(pattern instanceof RegExp);
    const files = await walk(fs, { include: (path) => pattern.test(path) });
    assert.deepEqual(statuses(files), [
      ['README.md', 'text'],
      ['src/app.ts', 'text'],
    ]);
    assert.ok(!fs.reads.includes('src/app.js') && !fs.reads.includes('img/logo.png'), 'files outside the glob are not read');
  });

  it('can ignore .gitignore, and walks a subfolder with the .gitignore files above it', async () => {
    assert.ok(statuses(await walk(tree(), { gitignore: false })).some(([path]) => path === 'dist/bundle.js'));
    assert.deepEqual(statuses(await walk(tree(), {}, 'src')), [
      ['src/.gitignore', 'text'],
      ['src/app.js', 'text'],
      ['src/app.ts', 'text'],
      ['src/debug.log', 'text'],
    ]);
    assert.deepEqual(statuses(await walk(tree(), {}, 'dist')), [['dist/bundle.js', 'text']], 'a folder asked for by name is walked even when ignored');
    const { globs } = parseExcludeGlobs({ '**/node_modules': true, '**/lib': true });
    assert.deepEqual(statuses(await walk(tree(), { exclude: globs }, 'node_modules')), [], 'below the named folder, exclusions hold');
    assert.deepEqual(statuses(await walk(tree(), { exclude: globs }, 'node_modules/lib')), [['node_modules/lib/index.js', 'text']], 'and excluded');
  });

  it('stops when cancelled, and reports unreadable folders', async () => {
    let asked = 0;
    const files = await walk(tree(), { isCancelled: () => ++asked > 3 });
    assert.equal(files.length, 2);
    assert.deepEqual(await walk(tree(), {}, 'missing'), [{ path: 'missing', status: 'error', message: 'missing: no such folder' }]);
  });

  it("an unreadable folder or file carries the file system's error code, for the caller to word", async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, scandir '/x'"), { code: 'EACCES' });
    const fs = tree();
    const readDirectory = fs.readDirectory.bind(fs);
    fs.readDirectory = async (path) => (path === 'src' ? Promise.reject(denied) : readDirectory(path));
    fs.readFile = async () => Promise.reject(Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' }));
    const failures = (await walk(fs)).filter((file) => file.status === 'error');
    assert.ok(failures.length >= 2, JSON.stringify(failures));
    assert.deepEqual(failures.find((file) => file.path === 'src'), { path: 'src', status: 'error', message: denied.message, code: 'EACCES' });
    assert.ok(failures.filter((file) => file.path !== 'src').every((file) => 'code' in file && file.code === 'EISDIR'));
  });
});
