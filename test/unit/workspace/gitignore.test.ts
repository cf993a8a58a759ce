/**
 * .gitignore rules as git applies them: the walk over generated trees lists exactly the files
 * `git ls-files --others --exclude-standard` lists (git is the oracle), plus hand-picked cases.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GitignoreRules, walkWorkspace, type WalkedFile } from '../../../src/core/workspace';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { Random } from '../../support/random';

const NAMES = ['a', 'b', 'build', 'keep.log', 'x.log', 'notes.md', 'main.c', 'main.o', 'lib.a', '.env', 'tmp', 'z.txt', 'Doc', '#hash', 'sp ace'];
const PATTERNS = [
  '*.log', '!keep.log', 'build/', 'build', '/z.txt', 'z.txt', 'a/**/z.txt', '**/tmp', 'Doc/*.md', '*.[oa]', '\\#hash', '# a comment', '',
  '!a/', 'b/*', '!b/main.c', 'tmp/', '.env', '!*.md', '**/build/**', 'a/b', '/a', 'sp ace', 'sp\\ ace ', 'main.*', '!main.c', '*', '!*/', '!z.txt',
];

function generateTree(random: Random): Record<string, string> {
  const files: Record<string, string> = {};
  const count = 4 + random.int(20);
  for (let i = 0; i < count; i++) {
    const depth = random.int(4);
    const parts = Array.from({ length: depth + 1 }, () => random.pick(NAMES));
    files[parts.join('/')] = `file ${i}\n`;
  }
  // Files and folders must not share a name: drop files that are also a folder prefix.
  for (const path of Object.keys(files)) if (Object.keys(files).some((other) => other.startsWith(`${path}/`))) delete files[path];
  const folders = ['', ...new Set(Object.keys(files).flatMap((path) => (path.includes('/') ? [dirname(path)] : [])))];
  for (const folder of folders) {
    if (random.next() < (folder === '' ? 0.9 : 0.3)) {
      const lines = Array.from({ length: 1 + random.int(5) }, () => random.pick(PATTERNS));
      files[folder === '' ? '.gitignore' : `${folder}/.gitignore`] = lines.join('\n') + (random.next() < 0.5 ? '\n' : '');
    }
  }
  return files;
}

/** A scratch git repository that lists a tree's untracked, not ignored files (one `git init` for many trees). */
class ScratchRepository {
  readonly dir = mkdtempSync(join(tmpdir(), 'token-lens-gitignore-'));

  constructor() {
    assert.equal(this.git('init', '-q').status, 0);
  }

  private git(...args: string[]) {
    return spawnSync('git', ['-c', 'core.excludesFile=/dev/null', ...args], { cwd: this.dir, encoding: 'utf8' });
  }

  untracked(files: Record<string, string>): string[] {
    for (const entry of readdirSync(this.dir)) if (entry !== '.git') rmSync(join(this.dir, entry), { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), text);
    }
    const listed = this.git('ls-files', '--others', '--exclude-standard', '-z');
    assert.equal(listed.status, 0, listed.stderr);
    return listed.stdout.split('\0').filter((path) => path !== '').sort();
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function walked(files: Record<string, string>): Promise<string[]> {
  const paths: string[] = [];
  for await (const file of walkWorkspace(new MemoryFileSystem(files))) paths.push((file as WalkedFile).path);
  return paths.sort();
}

describe('workspace: .gitignore', function () {
  this.timeout(60_000);

  let repository: ScratchRepository;
  before(() => (repository = new ScratchRepository()));
  after(() => repository.dispose());

  it('the walk lists what git lists as untracked, on 150 generated trees and .gitignore files', async () => {
    const random = new Random(0x61);
    for (let i = 0; i < 150; i++) {
      const files = generateTree(random);
      const expected = repository.untracked(files);
      const actual = await walked(files);
      const gitignores = Object.entries(files).filter(([path]) => path.endsWith('.gitignore'));
      assert.deepEqual(actual, expected, `tree ${i}: ${JSON.stringify(Object.keys(files))}\n${JSON.stringify(gitignores)}`);
    }
  });

  it('matches directories, negations, anchors and nested files', () => {
    const rules = new GitignoreRules([
      { directory: '', text: '*.log\n!keep.log\nbuild/\n/top.txt\n' },
      { directory: 'sub', text: '!again.log\n*.txt\n' },
    ]);
    assert.equal(rules.isIgnored('x.log', false), true);
    assert.equal(rules.isIgnored('keep.log', false), false, '! re-includes');
    assert.equal(rules.isIgnored('build', true), true);
    assert.equal(rules.isIgnored('build', false), false, 'build/ matches folders only');
    assert.equal(rules.isIgnored('build/a.c', false), true, 'inside an ignored folder');
    assert.equal(rules.isIgnored('top.txt', false), true);
    assert.equal(rules.isIgnored('deep/top.txt', false), false, '/ anchors to the file’s folder');
    assert.equal(rules.isIgnored('sub/again.log', false), false, 'a deeper file re-includes');
    assert.equal(rules.isIgnored('sub/top.txt', false), true, 'a deeper file ignores');
    assert.equal(rules.isIgnored('top.txt', false), true);
    assert.equal(rules.isIgnored('other/x.txt', false), false, 'sub/.gitignore applies under sub only');
  });

  it('cannot re-include a file inside an ignored folder', () => {
    const rules = new GitignoreRules([{ directory: '', text: 'out/\n!out/keep.txt\n' }]);
    assert.equal(rules.isIgnored('out/keep.txt', false), true);
  });
});
