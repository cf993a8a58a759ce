/** The worker renders open models' chat templates for the editor: each request's renders, or why there are none. */
import * as assert from 'node:assert/strict';
import { RENDER_STEPS } from '../../../src/core/chat';
import { renderChats } from '../../../src/extension/worker/chatRenders';

const FRAMED = '{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}';
const chat = (...contents: string[]) => contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }));

describe('worker: chat template renders', () => {
  it("gives each request's renders: without and with the reply's header, and the chat up to each message but the last", () => {
    const result = renderChats({ type: 'renderChat', template: { template: FRAMED }, chats: [chat('a', 'b', 'c'), chat('d')] });
    assert.deepEqual(result, {
      renders: [
        { whole: '<user>a<assistant>b<user>c', prompt: '<user>a<assistant>b<user>c<assistant>', prefixes: ['<user>a', '<user>a<assistant>b'] },
        { whole: '<user>d', prompt: '<user>d<assistant>', prefixes: [] },
      ],
    });
  });

  it('passes bos_token and eos_token to the template', () => {
    const result = renderChats({ type: 'renderChat', template: { template: '{{ bos_token }}{{ messages[0].content }}{{ eos_token }}', bosToken: '<s>', eosToken: '</s>' }, chats: [chat('x')] });
    assert.ok('renders' in result);
    assert.equal(result.renders[0].whole, '<s>x</s>');
  });

  it('says why in one line, and marks the template unusable when it does not parse or runs past its budgets, not when it refuses one chat', () => {
    const cases = [
      { template: '{% for m in messages %}', unusable: true, message: /^chat_template: / },
      { template: `{% for i in range(${RENDER_STEPS * 3}) %}{% endfor %}`, unusable: true, message: /^chat_template: stopped / },
      { template: "{{ raise_exception('no system role') }}", unusable: false, message: /^chat_template: .*no system role$/ },
    ];
    for (const { template, unusable, message } of cases) {
      const result = renderChats({ type: 'renderChat', template: { template }, chats: [chat('a')] });
      assert.ok('failure' in result, template);
      assert.equal(result.unusable, unusable, template);
      assert.match(result.failure, message);
      assert.doesNotMatch(result.failure, /\n/);
    }
  });
});
