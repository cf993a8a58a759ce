/**
 * Chat counts equal gpt-tokenizer's countChatCompletionTokens (the oracle) on generated requests:
 * the same JSON document, read by our parser and counted with our encoder on one side, and by
 * JSON.parse and gpt-tokenizer on the other.
 *
 * gpt-tokenizer's own BPE splits U+FEFF differently from tiktoken (its JavaScript `\s` matches
 * U+FEFF; tiktoken's does not, and our encoder follows tiktoken: see the tokenizer differential
 * tests). So the end-to-end comparisons drop U+FEFF from the generated text, and a second
 * comparison plugs our encoder into gpt-tokenizer's own framing rules on the full text.
 */
import * as assert from 'node:assert/strict';
import { countChat, parseChat, type ChatCount, type ChatDocument } from '../../../src/core/chat';
import { DEFAULT_MODEL_TABLE } from '../../../src/core/models';
import { generateRequest, serialize, type GeneratedRequest } from '../../support/chatGenerator';
import { ourEncoder } from '../../support/encoders';
import { Random } from '../../support/random';

type Oracle = (request: unknown) => number;
type CountText = (text: string) => number;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const oracleRules = require('gpt-tokenizer/cjs/functionCalling') as { computeChatCompletionTokenCount: (request: unknown, count: CountText) => number };

function oracle(model: string): Oracle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`gpt-tokenizer/cjs/model/${model}`) as { countChatCompletionTokens: Oracle };
  return module.countChatCompletionTokens;
}

function parsed(json: string): ChatDocument {
  const result = parseChat(json);
  if (!result.ok) assert.fail(`not read as a chat: ${result.reason}\n${json}`);
  return result.chat;
}

function countText(model: string): CountText {
  const info = DEFAULT_MODEL_TABLE.find(model);
  assert.ok(info, `${model} is in the model table`);
  const encoder = ourEncoder(info.encoding);
  return (text) => encoder.count(text);
}

function ourCount(model: string, json: string): ChatCount {
  return countChat(parsed(json), countText(model));
}

/** The generated request as JSON without U+FEFF (JSON.stringify leaves it unescaped). */
function withoutBom(json: string): string {
  return json.replace(/\ufeff/g, '');
}

const REQUESTS = 400;

describe('chat counts equal gpt-tokenizer countChatCompletionTokens', function () {
  this.timeout(60_000);

  for (const model of ['gpt-4o', 'gpt-4-turbo', 'gpt-4.1']) {
    it(`${model}: ${REQUESTS} generated requests (system/user/assistant/function messages, names, non-ASCII and special-token text, function definitions and calls)`, () => {
      const random = new Random(0xc4a7 + model.length);
      const count = oracle(model);
      let withFunctions = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const json = withoutBom(serialize(random, generateRequest(random)));
        const request = JSON.parse(json) as GeneratedRequest;
        if (request.functions) withFunctions++;
        const ours = ourCount(model, json);
        if (ours.total !== count(request)) assert.equal(ours.total, count(request), `${model} differs on ${json}`);
        assert.equal(ours.content + ours.framing, ours.total);
      }
      assert.ok(withFunctions > REQUESTS / 4 && withFunctions < (3 * REQUESTS) / 4, `about half the requests have functions (${withFunctions})`);
    });
  }

  for (const model of ['gpt-4o', 'gpt-4-turbo']) {
    it(`${model}: ${REQUESTS} generated requests with U+FEFF, our encoder inside gpt-tokenizer's framing rules`, () => {
      const random = new Random(0xfeff + model.length);
      const count = countText(model);
      let boms = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const json = serialize(random, generateRequest(random));
        if (json.includes('\ufeff')) boms++;
        const expected = oracleRules.computeChatCompletionTokenCount(JSON.parse(json), (text) => (text ? count(text) : 0));
        const ours = countChat(parsed(json), count).total;
        if (ours !== expected) assert.equal(ours, expected, `${model} differs on ${json}`);
      }
      assert.ok(boms > REQUESTS / 10, `some requests have U+FEFF (${boms})`);
    });
  }

  it('gpt-4o: a bare messages array counts as the request with those messages', () => {
    const random = new Random(31);
    const count = oracle('gpt-4o');
    for (let i = 0; i < 100; i++) {
      const request = generateRequest(random, false);
      const json = withoutBom(serialize(random, request.messages));
      assert.equal(parsed(json).format, 'messages');
      assert.equal(ourCount('gpt-4o', json).total, count({ messages: JSON.parse(json) }), json);
    }
  });

  it('gpt-4o: tools and tool_choice are billed as functions and function_call', () => {
    const random = new Random(47);
    const count = oracle('gpt-4o');
    for (let i = 0; i < 100; i++) {
      const request = generateRequest(random, true);
      const withTools: Record<string, unknown> = { model: 'gpt-4o', messages: request.messages, tools: request.functions?.map((fn) => ({ type: 'function', function: fn })) };
      const choice = request.function_call;
      if (choice !== undefined) withTools.tool_choice = typeof choice === 'string' ? choice : { type: 'function', function: choice };
      const json = withoutBom(serialize(random, withTools));
      assert.equal(ourCount('gpt-4o', json).total, count(JSON.parse(withoutBom(JSON.stringify(request)))), json);
    }
  });

  it('gpt-4.1: JSON Lines count as the sum of their requests', () => {
    const random = new Random(59);
    const count = oracle('gpt-4.1');
    const requests = Array.from({ length: 12 }, () => generateRequest(random));
    const jsonl = withoutBom(requests.map((request) => JSON.stringify(request)).join('\n') + '\n');
    const chat = parsed(jsonl);
    assert.equal(chat.format, 'requests');
    assert.equal(chat.requests.length, 12);
    const expected = jsonl.trim().split('\n').reduce((total, line) => total + count(JSON.parse(line)), 0);
    assert.equal(ourCount('gpt-4.1', jsonl).total, expected);
  });

  it('gpt-4o: the documented example splits into content and framing as the rules say', () => {
    const json = JSON.stringify({
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'Hello <|endoftext|> 你好' },
      ],
    });
    const encoder = ourEncoder('o200k_base');
    const counted = ourCount('gpt-4o', json);
    const content = encoder.count('You are a helpful assistant.') + encoder.count('Hello <|endoftext|> 你好');
    assert.equal(counted.content, content);
    // 3 per message + the role's tokens, + 3 priming the reply.
    assert.equal(counted.framing, 3 + encoder.count('system') + 3 + encoder.count('user') + 3);
    assert.equal(counted.total, oracle('gpt-4o')(JSON.parse(json)));
    assert.deepEqual(
      counted.framingParts.map((part) => [part.kind, json.slice(part.range.start, part.range.end)]),
      [
        ['message', '"role":"system"'],
        ['role', '"role":"system"'],
        ['message', '"role":"user"'],
        ['role', '"role":"user"'],
        ['priming', ''],
      ],
    );
  });
});
