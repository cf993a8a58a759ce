import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ENCODING_NAMES } from '../../src/core/tokenizer';
import { ourEncoder } from '../support/encoders';
import { resetSettings, setSetting, tokenLens } from './support';

const COUNT_TOOL = 'tokenLens_countTokens';
const SPLIT_TOOL = 'tokenLens_splitTokens';
const text = 'Tokenization: "strawberry" → str|aw|berry. 你好，世界！👨‍👩‍👧‍👦\n'.repeat(12);

/** The tool's result as text parts, invoked as an agent would (outside a chat request: no invocation token). */
async function invoke(tool: string, input: object): Promise<string[]> {
  const result = await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined });
  return result.content.map((part) => {
    const value = (part as { value?: unknown }).value;
    assert.equal(typeof value, 'string', `expected text parts, found ${JSON.stringify(part)}`);
    return value as string;
  });
}

/** The machine-readable part of a result (the last part, JSON). */
function data<T>(parts: readonly string[]): T {
  return JSON.parse(parts[parts.length - 1]) as T;
}

type CountData = { tokens: number; characters: number; tokenizer: string };
type SplitData = { tokens: number; tokenizer: string; pieces: { id: number; text?: string; bytes?: string }[] };

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests run with a workspace folder open');
  return folder.uri;
}

describe('chat agent tool', () => {
  const written: string[] = [];
  const writeWorkspaceFile = (name: string, content: string | Uint8Array): string => {
    const file = path.join(workspaceRoot().fsPath, name);
    fs.writeFileSync(file, content);
    written.push(file);
    return name;
  };

  afterEach(async () => {
    await resetSettings();
    for (const file of written.splice(0)) fs.rmSync(file, { force: true });
  });

  it('is contributed and registered under its manifest name', async () => {
    await tokenLens();
    const names = vscode.lm.tools.map((tool) => tool.name);
    assert.ok(names.includes(COUNT_TOOL) && names.includes(SPLIT_TOOL), `tools: ${names.join(', ')}`);
  });

  it("counts a text's tokens as the project's encoder does, for every encoding", async () => {
    await tokenLens();
    for (const name of ENCODING_NAMES) {
      const parts = await invoke(COUNT_TOOL, { text, tokenizer: name });
      assert.deepEqual(data<CountData>(parts), { tokens: ourEncoder(name).count(text), characters: text.length, tokenizer: name });
      assert.match(parts[0], new RegExp(`${ourEncoder(name).count(text).toLocaleString('en-US')} tokens \\(${name}\\)`));
    }
  });

  it('counts with the tokenizer in use when none is named, and accepts an alias (gpt2)', async () => {
    await tokenLens();
    await setSetting('encoding', 'cl100k_base');
    assert.deepEqual(data<CountData>(await invoke(COUNT_TOOL, { text })), { tokens: ourEncoder('cl100k_base').count(text), characters: text.length, tokenizer: 'cl100k_base' });
    assert.equal(data<CountData>(await invoke(COUNT_TOOL, { text, tokenizer: 'GPT2' })).tokens, ourEncoder('r50k_base').count(text));
  });

  it('counts a workspace file by its relative path, and an absolute path inside the workspace', async () => {
    await tokenLens();
    const name = writeWorkspaceFile('agent-tool-count.md', text);
    const expected = { tokens: ourEncoder('o200k_base').count(text), characters: text.length, tokenizer: 'o200k_base' };
    const parts = await invoke(COUNT_TOOL, { path: name, tokenizer: 'o200k_base' });
    assert.deepEqual(data<CountData>(parts), expected);
    assert.match(parts[0], /agent-tool-count\.md/);
    assert.deepEqual(data<CountData>(await invoke(COUNT_TOOL, { path: path.join(workspaceRoot().fsPath, name), tokenizer: 'o200k_base' })), expected);
  });

  it('splits a short text into the tokens and ids of the encoder', async () => {
    await tokenLens();
    const short = 'Hello, strawberry! 你好';
    const split = data<SplitData>(await invoke(SPLIT_TOOL, { text: short, tokenizer: 'cl100k_base' }));
    const ids = ourEncoder('cl100k_base').encode(short);
    assert.deepEqual(
      split.pieces.map((piece) => piece.id),
      ids,
    );
    assert.equal(split.tokens, ids.length);
    assert.equal(split.pieces.map((piece) => piece.text).join(''), short);
    // A token holding part of a character shows its bytes instead of text.
    const emoji = data<SplitData>(await invoke(SPLIT_TOOL, { text: '👨‍👩‍👧', tokenizer: 'r50k_base' }));
    assert.deepEqual(
      emoji.pieces.map((piece) => piece.id),
      ourEncoder('r50k_base').encode('👨‍👩‍👧'),
    );
    assert.ok(emoji.pieces.some((piece) => piece.text === undefined && /^[0-9a-f]{2}( [0-9a-f]{2})*$/.test(piece.bytes ?? '')), JSON.stringify(emoji.pieces));
  });

  it('answers bad input with a one-line message, not an error', async () => {
    await tokenLens();
    await setSetting('maxDocumentSize', 1000);
    const outside = path.join(os.tmpdir(), `token-lens-outside-${process.pid}.md`);
    fs.writeFileSync(outside, 'outside the workspace');
    written.push(outside);
    const binary = writeWorkspaceFile('agent-tool-binary.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]));
    const large = writeWorkspaceFile('agent-tool-large.md', 'x '.repeat(1000));
    const link = 'agent-tool-link.md';
    fs.symlinkSync(outside, path.join(workspaceRoot().fsPath, link));
    written.push(path.join(workspaceRoot().fsPath, link));
    const cases: [string, object, RegExp][] = [
      [COUNT_TOOL, { path: 'no-such-file.md' }, /no file no-such-file\.md in the workspace/],
      [COUNT_TOOL, { path: outside }, /outside the workspace/],
      [COUNT_TOOL, { path: '../outside.md' }, /outside the workspace/],
      [COUNT_TOOL, { path: binary }, /binary/],
      [COUNT_TOOL, { path: link }, /agent-tool-link\.md is a symbolic link/],
      [COUNT_TOOL, { path: large }, /2,000 bytes.*tokenLens\.maxDocumentSize.*1,000/],
      [COUNT_TOOL, { text: 'x'.repeat(1001) }, /1,001 characters; expected at most 1,000 \(tokenLens\.maxDocumentSize\)/],
      [COUNT_TOOL, { text, tokenizer: 'o300k_base' }, /unknown tokenizer "o300k_base"; expected an encoding \(o200k_base/],
      [COUNT_TOOL, {}, /expected either "text" or "path"/],
      [COUNT_TOOL, { text: 'a', path: 'b' }, /expected either "text" or "path"/],
      [COUNT_TOOL, { text: 42 }, /"text": expected a string, found number/],
      [SPLIT_TOOL, { text: 'x'.repeat(4001) }, /4,001 characters; expected at most 4,000/],
      [SPLIT_TOOL, {}, /"text": expected a string, found undefined/],
    ];
    for (const [tool, input, expected] of cases) {
      const parts = await invoke(tool, input);
      assert.equal(parts.length, 1, `${JSON.stringify(input)}: ${JSON.stringify(parts)}`);
      assert.match(parts[0], expected, JSON.stringify(input).slice(0, 80));
      assert.doesNotMatch(parts[0], /\n|\bat .*:\d+:\d+/, 'one line, no stack');
    }
  });

  it('asks before it runs, naming what it will count and with which tokenizer', async () => {
    const api = await tokenLens();
    const file = await api.agentTools.prepare(COUNT_TOOL, { path: 'notes/today.md', tokenizer: 'cl100k_base' });
    assert.match(file.confirmation, /notes\/today\.md/);
    assert.match(file.confirmation, /cl100k_base/);
    assert.match(file.invocation, /notes\/today\.md/);
    const split = await api.agentTools.prepare(SPLIT_TOOL, { text: 'hello' });
    assert.match(split.confirmation, /5 characters/);
    assert.match(split.confirmation, /o200k_base/);
  });
});
