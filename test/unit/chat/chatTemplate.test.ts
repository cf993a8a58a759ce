/**
 * Open models' chats: the model's own Jinja chat_template (tokenizer_config.json), rendered with
 * @huggingface/jinja and counted. The oracle is the official JavaScript port of `tokenizers`
 * encoding the prompt as written out by hand from the model card's format, so neither the
 * renderer nor our tokenizer checks itself.
 */
import * as assert from 'node:assert/strict';
import { COUNT_STEPS, type ChatRequest, RENDER_CHARS, RENDER_ITEMS, RENDER_STEPS, TemplateBudgetError, parseChat, templateChatFraming } from '../../../src/core/chat';
import { chatTemplateOf, parseTokenizerCache, serializeTokenizerCache } from '../../../src/core/hf';
import { oracle, ourRealTokenizer, realJson } from '../../support/hfFiles';

function request(messages: { role: string; content: string }[]): ChatRequest {
  const parsed = parseChat(JSON.stringify({ messages }), 'json');
  if (!parsed.ok) assert.fail(parsed.reason);
  return parsed.chat.requests[0];
}

const MESSAGES = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'What is a token? 東京 🙂' },
  { role: 'assistant', content: 'A piece of text.' },
  { role: 'user', content: 'And <|eot_id|> here?' },
];

/** A Qwen2.5-shaped ChatML template: a default system prompt when the chat brings none. */
const CHATML = [
  "{%- if messages[0]['role'] != 'system' %}{{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{%- endif %}",
  "{%- for message in messages %}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{%- endfor %}",
  "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}",
].join('');

describe('chat counts with an open model\'s chat_template', () => {
  it('reads chat_template, bos_token and eos_token from Llama 3\'s tokenizer_config.json, and keeps them in the tokenizer cache', () => {
    const spec = chatTemplateOf(ourRealTokenizer('llama3').data.settings.config);
    assert.ok(spec, 'a chat template');
    assert.match(spec.template, /<\|start_header_id\|>/);
    assert.equal(spec.bosToken, '<|begin_of_text|>');
    assert.equal(spec.eosToken, '<|end_of_text|>');
    // Kept in the binary cache the extension loads open models from.
    const cached = parseTokenizerCache(serializeTokenizerCache(ourRealTokenizer('llama3')), 'cache.bin');
    assert.deepEqual(chatTemplateOf(cached.settings.config), spec);
  });

  it('Llama 3: the total is the token count of the prompt its template renders, framing is the template\'s tokens', () => {
    const tokenizer = ourRealTokenizer('llama3');
    const spec = chatTemplateOf(tokenizer.data.settings.config);
    assert.ok(spec);
    const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
    const prompt = `<|begin_of_text|>${MESSAGES.map((message) => `${header(message.role)}${message.content}<|eot_id|>`).join('')}${header('assistant')}`;
    const expected = oracle(realJson('llama3').all).ids(prompt).length;
    const countText = (text: string) => tokenizer.count(text, { allowSpecial: true });
    const count = templateChatFraming(spec).countRequest(request(MESSAGES), countText);
    assert.equal(count.total, expected);
    const content = MESSAGES.reduce((sum, message) => sum + countText(message.content), 0);
    assert.equal(count.content, content);
    assert.equal(count.framing, expected - content);
    assert.equal(count.framingParts.reduce((sum, part) => sum + part.tokens, 0), count.framing);
    assert.deepEqual(count.messages.map((message) => message.content), MESSAGES.map((message) => countText(message.content)));
    // This template writes the reply's header whether or not it is asked to: it is the last message's framing, not priming.
    assert.equal(count.framingParts.find((part) => part.kind === 'priming')?.tokens, 0);
  });

  it('a ChatML (Qwen-style) template adds its default system prompt when the chat has none, and counts it as framing', () => {
    const tokenizer = ourRealTokenizer('qwen3');
    const messages = MESSAGES.slice(1, 3);
    const prompt = `<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n${messages.map((message) => `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`).join('')}<|im_start|>assistant\n`;
    const countText = (text: string) => tokenizer.count(text, { allowSpecial: true });
    const count = templateChatFraming({ template: CHATML }).countRequest(request(messages), countText);
    assert.equal(count.total, oracle(realJson('qwen3').all).ids(prompt).length);
    assert.equal(count.content, countText(messages[0].content) + countText(messages[1].content));
    assert.ok(count.messages[0].framing > countText('You are a helpful assistant.'), 'the default system prompt is the first message\'s framing');
    assert.equal(count.framingParts.find((part) => part.kind === 'priming')?.tokens, countText('<|im_start|>assistant\n'), 'the reply\'s header is priming');
  });

  it('Qwen3\'s own template renders (namespace, slicing, string methods) and frames each message', () => {
    const tokenizer = ourRealTokenizer('qwen3');
    const spec = chatTemplateOf(tokenizer.data.settings.config);
    assert.ok(spec);
    const count = templateChatFraming(spec).countRequest(request(MESSAGES), (text) => tokenizer.count(text, { allowSpecial: true }));
    assert.equal(count.messages.length, MESSAGES.length);
    assert.ok(count.messages.every((message) => message.framing > 0), JSON.stringify(count.messages));
    assert.equal(count.total, count.content + count.framing);
  });

  it('a template that refuses the chat, or does not parse, gives a one-line error naming chat_template', () => {
    const strict = "{% for message in messages %}{% if message['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{{ message['content'] }}{% endfor %}";
    assert.throws(() => templateChatFraming({ template: strict }).countRequest(request(MESSAGES), (text) => text.length), /^Error: chat_template: .*System role not supported$/);
    assert.throws(() => templateChatFraming({ template: '{% for message in messages %}' }), (error: Error) => /^chat_template: /.test(error.message) && !error.message.includes('\n'));
  });

  it(`a template that loops or recurses without end in sight is stopped after ${RENDER_STEPS.toLocaleString('en-US')} steps with a one-line error, and the next render starts a fresh budget`, () => {
    const count = (text: string) => text.length;
    const hostile = {
      'loops inside loops (3,000,000 empty iterations)': '{% for i in range(3000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}x',
      'a macro calling itself twice, 40 deep': '{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}',
    };
    for (const [name, template] of Object.entries(hostile)) {
      assert.throws(
        () => templateChatFraming({ template }).countRequest(request(MESSAGES), count),
        (error: Error) => error instanceof TemplateBudgetError && error.message === `chat_template: stopped after ${RENDER_STEPS.toLocaleString('en-US')} steps (a template that loops or recurses this much is not rendered)`,
        name,
      );
    }
    // A long chat under a real template stays well inside the budget, render after render.
    const long = Array.from({ length: 200 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message ${i}` }));
    const spec = chatTemplateOf(ourRealTokenizer('llama3').data.settings.config);
    assert.ok(spec);
    const counted = templateChatFraming(spec).countRequest(request(long), count);
    assert.equal(counted.messages.length, 200);
  });

  it(`the renders of one count share ${COUNT_STEPS.toLocaleString('en-US')} steps: a template near the limit of one render is rendered whole twice, its framing then given as one part on the first message`, () => {
    const count = (text: string) => text.length;
    const chat = Array.from({ length: 10 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message ${i}` }));
    const framed = '{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}';
    // Cheap, the framing is split per message; near RENDER_STEPS a render, the prefixes would take ten renders more.
    const cheap = templateChatFraming({ template: framed }).countRequest(request(chat), count);
    assert.ok(cheap.messages.every((message) => message.framing > 0), JSON.stringify(cheap.messages));
    const slow = templateChatFraming({ template: `{% for i in range(${(RENDER_STEPS * 0.6) | 0}) %}{% endfor %}${framed}` }).countRequest(request(chat), count);
    assert.deepEqual([slow.total, slow.content, slow.framing], [cheap.total, cheap.content, cheap.framing]);
    assert.deepEqual(slow.messages.map((message) => message.framing), [cheap.framing, ...Array(9).fill(0)]);
  });

  it(`a template that builds a huge value in one step or a few (range(10**9), a list or a string doubled each step) is stopped past ${RENDER_ITEMS.toLocaleString('en-US')} items or ${RENDER_CHARS.toLocaleString('en-US')} characters beyond the chat's, with a one-line error`, () => {
    const count = (text: string) => text.length;
    const hostile: Record<string, RegExp> = {
      '{% for i in range(10**9) %}{% endfor %}x': /past 100,000 items/,
      '{% for i in range(0, 10**9, 2) %}{% endfor %}x': /past 100,000 items/,
      '{% set ns = namespace(a=[1]) %}{% for i in range(40) %}{% set ns.a = ns.a + ns.a %}{% endfor %}{{ ns.a|length }}': /past 100,000 items/,
      '{% set ns = namespace(s="ab") %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}': /past \d{1,3}(,\d{3})* characters/,
    };
    for (const [template, reason] of Object.entries(hostile)) {
      assert.throws(
        () => templateChatFraming({ template }).countRequest(request(MESSAGES), count),
        (error: Error) => error instanceof TemplateBudgetError && reason.test(error.message) && /^chat_template: stopped when a value grew past /.test(error.message) && !error.message.includes('\n'),
        template,
      );
    }
    // Just inside the limits, the same shapes render.
    const fine = templateChatFraming({ template: '{{ range(100000)|length }} {% set ns = namespace(a=[1]) %}{% for i in range(16) %}{% set ns.a = ns.a + ns.a %}{% endfor %}{{ ns.a|length }}' });
    assert.equal(fine.countRequest(request(MESSAGES), count).total, '100000 65536'.length);
  });
});
