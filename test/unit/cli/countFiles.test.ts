/** `token-lens count` over several files, directories and chat requests, as a process. */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { referenceIds } from '../../support/encoders';
import { assertOneLine, runCli } from './spawnCli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const oracle = require('gpt-tokenizer/cjs/model/gpt-4o') as { countChatCompletionTokens: (request: unknown) => number };

const count = (text: string) => referenceIds('o200k_base', text).length;

interface CountJson {
  encoding: string;
  total: number;
  model?: string;
  content?: number;
  framing?: number;
  files: { path: string; count: number; content?: number; framing?: number }[];
}

describe('token-lens count: files, directories, chat requests', function () {
  this.timeout(60_000);
  let temp: string;
  const texts: Record<string, string> = {
    'a.txt': 'Hello, world! How many tokens?\n',
    'b.md': '# Título\n\nnaïve café — 東京 🙂\n',
    'tree/keep.ts': 'export const answer = 42;\n',
    'tree/sub/deep.txt': 'deep down here\n',
    'tree/ignored.log': 'should not be counted\n',
    'tree/sub/also-ignored.tmp': 'nor this\n',
    'tree/big.txt': 'x'.repeat(3000),
    'tree/.gitignore': '*.log\n',
    'tree/sub/.gitignore': '*.tmp\n',
  };
  const write = (path: string, content: string | Uint8Array) => {
    mkdirSync(dirname(join(temp, path)), { recursive: true });
    writeFileSync(join(temp, path), content);
  };
  const inTemp = (args: string[], input?: string) => runCli(args, { input, cwd: temp });

  before(() => {
    temp = mkdtempSync(join(tmpdir(), 'token-lens-count-'));
    for (const [path, text] of Object.entries(texts)) write(path, text);
    write('tree/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]));
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('one file still prints its count alone', () => {
    const result = inTemp(['count', 'a.txt']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${count(texts['a.txt'])}\n`);
    assert.equal(result.stderr, '');
  });

  it('several files: one COUNT<TAB>PATH line each, in order, and a total line', () => {
    const result = inTemp(['count', 'b.md', 'a.txt']);
    assert.equal(result.status, 0, result.stderr);
    const [a, b] = [count(texts['a.txt']), count(texts['b.md'])];
    assert.equal(result.stdout, `${b}\tb.md\n${a}\ta.txt\n${a + b}\ttotal\n`);
  });

  it('a directory: walked in name order, .gitignore files honoured, binary and over-cap files skipped with a line on stderr', () => {
    const result = inTemp(['count', 'tree', '--max-size', '2K']);
    assert.equal(result.status, 0, result.stderr);
    // .gitignore files are files of the tree like any other (git lists them).
    const expected = ['tree/.gitignore', 'tree/keep.ts', 'tree/sub/.gitignore', 'tree/sub/deep.txt'];
    const total = expected.reduce((sum, path) => sum + count(texts[path]), 0);
    assert.equal(result.stdout, `${expected.map((path) => `${count(texts[path])}\t${path}\n`).join('')}${total}\ttotal\n`);
    const skipped = result.stderr.trimEnd().split('\n').sort();
    assert.equal(skipped.length, 2, result.stderr);
    assert.match(skipped[0], /^token-lens: skipped tree\/big\.txt: 3000 bytes, larger than 2048 \(--max-size 2K\)$/);
    assert.match(skipped[1], /^token-lens: skipped tree\/logo\.png: binary$/);
  });

  it('a directory without --max-size counts files up to the 1 MiB workspace cap', () => {
    const result = inTemp(['count', 'tree/']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.includes(`${count(texts['tree/big.txt'])}\ttree/big.txt\n`), result.stdout);
    assert.doesNotMatch(result.stdout, /ignored|logo/);
  });

  it("a subfolder of a git work tree follows the .gitignore files above it", () => {
    write('repo/.git/HEAD', 'ref: refs/heads/main\n');
    write('repo/.gitignore', 'secret.txt\n');
    write('repo/docs/secret.txt', 'hidden\n');
    write('repo/docs/guide.txt', 'shown\n');
    const result = runCli(['count', 'docs', '--json'], { cwd: join(temp, 'repo') });
    assert.equal(result.status, 0, result.stderr);
    const json: CountJson = JSON.parse(result.stdout);
    assert.deepEqual(json.files, [{ path: 'docs/guide.txt', count: count('shown\n') }]);
  });

  it('a folder that a .gitignore above it ignores, or a folder inside one, is skipped with a line on stderr, as git lists none of its files', () => {
    write('ignoring/.git/HEAD', 'ref: refs/heads/main\n');
    write('ignoring/.gitignore', 'ign/\n');
    write('ignoring/ign/a.txt', 'not listed by git\n');
    write('ignoring/ign/sub/b.txt', 'nor this\n');
    write('ignoring/kept/c.txt', 'listed\n');
    for (const folder of ['ign', 'ign/sub']) {
      const result = runCli(['count', folder, 'kept'], { cwd: join(temp, 'ignoring') });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${count('listed\n')}\tkept/c.txt\n${count('listed\n')}\ttotal\n`);
      assert.equal(result.stderr, `token-lens: skipped ${folder}: ignored by a .gitignore file above it\n`);
    }
  });

  it('--json: {"encoding", "total", "files": [{"path", "count"}]} with the paths as given', () => {
    const result = inTemp(['count', 'a.txt', './tree/sub', '--json', '--encoding', 'cl100k_base']);
    assert.equal(result.status, 0, result.stderr);
    const json: CountJson = JSON.parse(result.stdout);
    const cl100k = (text: string) => referenceIds('cl100k_base', text).length;
    assert.deepEqual(json, {
      encoding: 'cl100k_base',
      total: cl100k(texts['a.txt']) + cl100k(texts['tree/sub/.gitignore']) + cl100k(texts['tree/sub/deep.txt']),
      files: [
        { path: 'a.txt', count: cl100k(texts['a.txt']) },
        { path: './tree/sub/.gitignore', count: cl100k(texts['tree/sub/.gitignore']) },
        { path: './tree/sub/deep.txt', count: cl100k(texts['tree/sub/deep.txt']) },
      ],
    });
  });

  it('an unreadable input among several: the others are counted, one line on stderr, exit 1', () => {
    const result = inTemp(['count', 'a.txt', 'missing.txt']);
    assertOneLine(result, 1, 'cannot read missing.txt: no such file');
    assert.equal(result.stdout, `${count(texts['a.txt'])}\ta.txt\n${count(texts['a.txt'])}\ttotal\n`);
  });

  // Root reads every folder whatever its mode: as root (CI), the CLI runs as nobody (65534), in a temp folder it may enter.
  (process.platform === 'win32' ? it.skip : it)('an unreadable folder inside a directory is worded as other inputs are: "permission denied"', () => {
    write('locked/open/a.txt', 'readable\n');
    write('locked/shut/b.txt', 'hidden\n');
    chmodSync(join(temp, 'locked/shut'), 0o000);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(temp, 0o755);
    try {
      const result = runCli(['count', 'locked'], { cwd: temp, ...(asRoot ? { uid: 65534, gid: 65534, env: { TOKEN_LENS_CACHE: temp } } : {}) });
      assertOneLine(result, 1, 'token-lens: cannot read locked/shut: permission denied');
      assert.equal(result.stderr, 'token-lens: cannot read locked/shut: permission denied\n');
    } finally {
      chmodSync(join(temp, 'locked/shut'), 0o755);
    }
  });

  it('a file whose name is not valid UTF-8 inside a directory is counted, its name shown with U+FFFD', function () {
    mkdirSync(join(temp, 'latin1'), { recursive: true });
    try {
      writeFileSync(Buffer.concat([Buffer.from(join(temp, 'latin1/')), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74])]), 'café\n');
    } catch {
      this.skip(); // The file system takes only UTF-8 names (APFS).
    }
    const result = inTemp(['count', 'latin1', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const json: CountJson = JSON.parse(result.stdout);
    assert.deepEqual(json.files, [{ path: 'latin1/caf\ufffd.txt', count: count('café\n') }]);
  });

  it('two files whose names differ only in bytes that are not UTF-8 are both counted, each with its own count', function () {
    mkdirSync(join(temp, 'latin1-pair'), { recursive: true });
    const name = (byte: number) => Buffer.concat([Buffer.from(join(temp, 'latin1-pair/caf')), Buffer.from([byte]), Buffer.from('.txt')]);
    try {
      writeFileSync(name(0xe9), 'café\n');
      writeFileSync(name(0xe8), 'a longer and quite different text, with more words in it\n');
    } catch {
      this.skip(); // The file system takes only UTF-8 names (APFS).
    }
    const result = inTemp(['count', 'latin1-pair', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const json: CountJson = JSON.parse(result.stdout);
    const both = [count('a longer and quite different text, with more words in it\n'), count('café\n')];
    assert.deepEqual(json.files, both.map((each) => ({ path: 'latin1-pair/caf\ufffd.txt', count: each })));
  });

  it('stdin as "-" among files, and only once', () => {
    const result = inTemp(['count', '-', 'a.txt'], 'from stdin');
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.startsWith(`${count('from stdin')}\t-\n`), result.stdout);
    assertOneLine(inTemp(['count', '-', '-'], ''), 2, 'stdin ("-") can be read only once');
  });

  describe('--chat MODEL', () => {
    const request = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are terse. Réponds en français.' },
        { role: 'user', name: 'ada', content: 'What is <|endoftext|>? 東京' },
        { role: 'assistant', content: 'A special token.' },
      ],
      functions: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] },
        },
      ],
    };

    it("counts a request body as gpt-tokenizer's countChatCompletionTokens does", () => {
      write('request.json', JSON.stringify(request, null, 2));
      const result = inTemp(['count', 'request.json', '--chat', 'gpt-4o']);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${oracle.countChatCompletionTokens(request)}\n`);
    });

    it('--json splits each file into content and framing', () => {
      write('request.json', JSON.stringify(request));
      const result = inTemp(['count', 'request.json', '--chat', 'gpt-4o', '--json']);
      assert.equal(result.status, 0, result.stderr);
      const json: CountJson = JSON.parse(result.stdout);
      const content = request.messages.reduce((sum, message) => sum + count(message.content), 0);
      assert.equal(json.encoding, 'o200k_base');
      assert.equal(json.model, 'gpt-4o');
      assert.equal(json.total, oracle.countChatCompletionTokens(request));
      assert.deepEqual(json.files, [{ path: 'request.json', count: json.total, content, framing: json.total - content }]);
      assert.equal(json.content, content);
      assert.equal(json.framing, json.total - content);
    });

    it('a file that is not a chat: one line saying why, exit 1', () => {
      assertOneLine(inTemp(['count', 'a.txt', '--chat', 'gpt-4o']), 1, 'a.txt: ');
    });

    it('every model that takes no chat requests is a usage error, listed in the model table or not', () => {
      for (const model of ['gpt-2', 'gpt2', 'gpt-3', 'davinci', 'text-davinci-003', 'text-embedding-3-small', 'babbage-002', 'code-davinci-002']) {
        assertOneLine(inTemp(['count', 'a.txt', '--chat', model]), 2, `--chat: ${model} takes no chat requests`);
      }
      write('request.json', JSON.stringify(request));
      for (const model of ['gpt-4o-2024-08-06', 'ft:gpt-4o-mini:acme::abc', 'o3']) assert.equal(inTemp(['count', 'request.json', '--chat', model]).status, 0, model);
    });

    it('unknown and non-chat models, directories and --encoding are usage errors', () => {
      assertOneLine(inTemp(['count', 'a.txt', '--chat', 'llama-9']), 2, '--chat: unknown model "llama-9"; expected an OpenAI chat model such as');
      assertOneLine(inTemp(['count', 'a.txt', '--chat', 'gpt-2']), 2, '--chat: gpt-2 takes no chat requests');
      assertOneLine(inTemp(['count', 'tree', '--chat', 'gpt-4o']), 2, '--chat counts chat request files, not directories: tree');
      assertOneLine(inTemp(['count', 'a.txt', '--chat', 'gpt-4o', '--encoding', 'cl100k_base']), 2, 'drop --encoding');
    });
  });
});
