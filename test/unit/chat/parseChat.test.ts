import * as assert from 'node:assert/strict';
import { documentOffset, parseChat, type ChatDocument, type ChatParse } from '../../../src/core/chat';
import { parseJsonTree, toPlain } from '../../../src/core/chat/jsonTree';
import { generateRequest, serialize } from '../../support/chatGenerator';
import { Random } from '../../support/random';

function chat(result: ChatParse): ChatDocument {
  if (!result.ok) assert.fail(`not read as a chat: ${result.reason}`);
  return result.chat;
}

function reason(result: ChatParse): string {
  if (result.ok) assert.fail('read as a chat, but should not be');
  return result.reason;
}

/** [role, content] of each message of a Markdown chat. */
function roles(text: string): [string, string][] {
  return chat(parseChat(text)).requests[0].messages.map((message) => [message.role, message.content.map((piece) => piece.text).join('')]);
}

describe('chat documents: Markdown role headings', () => {
  it('reads ## system / ## user / ## assistant, any case, levels 1 to 6, with closing hashes', () => {
    assert.deepEqual(roles('## system\nBe brief.\n## User\nHi\n## ASSISTANT ##\nHello!\n'), [
      ['system', 'Be brief.'],
      ['user', 'Hi'],
      ['assistant', 'Hello!'],
    ]);
    assert.deepEqual(roles('# developer\nRules\n# user\nQ'), [['developer', 'Rules'], ['user', 'Q']]);
    assert.deepEqual(roles('   ###### user\t\nQ'), [['user', 'Q']]);
  });

  it('keeps content verbatim between headings, without the blank lines around it', () => {
    const text = '## user\n\n  \nline 1\n\n  indented **bold**\n\n\n## assistant\n';
    const messages = chat(parseChat(text)).requests[0].messages;
    assert.equal(messages[0].content[0].text, 'line 1\n\n  indented **bold**');
    assert.equal(text.slice(messages[0].content[0].range.start, messages[0].content[0].range.end), 'line 1\n\n  indented **bold**');
    assert.equal(messages[1].content[0].text, '', 'an empty message is allowed');
    assert.equal(text.slice(messages[1].roleRange.start, messages[1].roleRange.end), '## assistant');
  });

  it('keeps \\r\\n inside content and drops the last one', () => {
    assert.deepEqual(roles('## user\r\na\r\nb\r\n## assistant\r\nc\r\n'), [['user', 'a\r\nb'], ['assistant', 'c']]);
  });

  it('treats other headings, other levels and fenced code as content', () => {
    const text = [
      '## system',
      '# Instructions',
      '### user',
      '## User notes',
      '##user',
      '```md',
      '## assistant',
      '```',
      '~~~~',
      '## assistant',
      '```',
      '~~~~',
      '## user',
      'Q',
    ].join('\n');
    const messages = roles(text);
    assert.deepEqual(messages.map(([role]) => role), ['system', 'user']);
    assert.equal(messages[0][1], text.slice(text.indexOf('# Instructions'), text.lastIndexOf('\n## user')));
  });

  it('does not send or count text before the first role heading, and says so', () => {
    const document = chat(parseChat('# My prompt\n\nNotes to self.\n\n## user\nQ'));
    assert.deepEqual(document.requests[0].messages.map((message) => message.role), ['user']);
    assert.deepEqual(document.warnings, ['lines 1–4 before the first role heading are not sent and not counted']);
    assert.deepEqual(chat(parseChat('\n\n## user\nQ')).warnings, [], 'blank lines are not worth a warning');
  });

  it('reads a Markdown prompt that starts like JSON, and only Markdown when told so', () => {
    assert.deepEqual(roles('[Docs](https://example.com)\n\n## user\nQ'), [['user', 'Q']]);
    assert.match(reason(parseChat('[Docs](x)\n\nno headings')), /^not valid JSON: /);
    assert.match(reason(parseChat('{"messages": []}', 'markdown')), /no role heading/);
    assert.match(reason(parseChat('## user\nQ', 'json')), /^not valid JSON: expected a JSON value, found "#" at line 1, column 1$/);
  });

  it('is not a chat without a role heading', () => {
    assert.equal(reason(parseChat('# Title\n\nJust notes.\n```\n## user\n```')), 'not a chat: no role heading (## system, ## user, ## assistant or ## developer) outside code blocks');
    assert.match(reason(parseChat('')), /no role heading/);
  });
});

describe('chat documents: JSON', () => {
  it('reads the same values as JSON.parse', () => {
    const random = new Random(23);
    const literals = ['"\\n"', '"a\\"b"', '"\\ud83d\\ude00x"', '"\\u00e9\\u00E9"', '"\\\\\\/"', '-0.5e-3', '[]', '{}', '[1,[2,[3]]]', '{"a":{"b":null,"c":[true,false]}}', '"é😀"'];
    const documents = [...literals, ...Array.from({ length: 200 }, () => serialize(random, generateRequest(random)))];
    for (const json of documents) assert.deepEqual(toPlain(parseJsonTree(json)), JSON.parse(json), json);
  });

  it('maps every content character back to its place in the document, escapes included', () => {
    const random = new Random(11);
    let escaped = 0;
    for (let i = 0; i < 300; i++) {
      const json = serialize(random, generateRequest(random));
      for (const message of chat(parseChat(json)).requests[0].messages) {
        for (const piece of [...message.content, ...(message.name ? [message.name] : [])]) {
          const source = json.slice(piece.range.start, piece.range.end);
          assert.equal(JSON.parse(`"${source}"`), piece.text, 'the range holds the string literal');
          if (piece.escapes) escaped++;
          let previous = -1;
          for (let k = 0; k < piece.text.length; k++) {
            const at = documentOffset(piece, k);
            assert.ok(at > previous, 'offsets increase');
            previous = at;
            const decoded = json[at] === '\\' ? JSON.parse(`"${json.slice(at, json[at + 1] === 'u' ? at + 6 : at + 2)}"`) : json[at];
            assert.equal(decoded, piece.text[k], `${JSON.stringify(piece.text)}[${k}] at ${at}`);
          }
          assert.equal(documentOffset(piece, piece.text.length), piece.range.end);
        }
      }
    }
    assert.ok(escaped > 100, `many strings have escapes (${escaped})`);
  });

  it('reads request bodies, bare message arrays and JSON Lines', () => {
    assert.equal(chat(parseChat('{"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}]}')).requests[0].model, 'gpt-4.1');
    assert.equal(chat(parseChat('\ufeff  [{"role": "user", "content": "hi"}]')).format, 'messages');
    const lines = chat(parseChat('{"messages": [{"role": "user", "content": "a"}]}\n\n{"messages": []}\n'));
    assert.equal(lines.format, 'requests');
    assert.deepEqual(lines.requests.map((request) => request.messages.length), [1, 0]);
  });

  it('gives a one-line reason with line and column for invalid JSON', () => {
    assert.equal(reason(parseChat('{\n  "messages": [\n    {"role": "user", "content": "hi"},\n  ]\n}')), 'not valid JSON: expected a JSON value, found "]" at line 4, column 3');
    assert.equal(reason(parseChat('{"messages": [{"role": "user", "content": "a\nb"}]}')), 'not valid JSON: expected a character or escape (control characters must be escaped), found control character U+000A at line 1, column 45');
    assert.equal(reason(parseChat('{"messages": []} x')), 'not valid JSON: expected the end of the JSON value, found "x" at line 1, column 18');
    assert.equal(
      reason(parseChat('{"messages": [{"role": "user", "content": "a"}]}\n{"messages": [}\n')),
      'not valid JSON Lines: expected a JSON value, found "}" at line 2, column 15',
    );
  });

  it('gives a one-line reason naming the field for JSON that is not a chat', () => {
    assert.equal(reason(parseChat('{"model": "gpt-4o"}')), 'not a chat request: the request: expected a "messages" field, found none at line 1, column 1');
    assert.equal(reason(parseChat('[]')), 'not a chat: expected a request object with "messages" or a non-empty messages array, found an empty array');
    assert.equal(reason(parseChat('[1, 2]')), 'not a chat request: messages[0]: expected an object, found 1 at line 1, column 2');
    assert.equal(reason(parseChat('{"messages": [{"role": 3}]}')), 'not a chat request: messages[0].role: expected a string, found 3 at line 1, column 24');
    assert.equal(
      reason(parseChat('{"messages": [{"role": "user", "content": {"text": "x"}}]}')),
      'not a chat request: messages[0].content: expected a string, an array of parts or null, found an object at line 1, column 43',
    );
    assert.equal(
      reason(parseChat('{"messages": [], "functions": [{"description": "no name"}]}')),
      'not a chat request: functions[0].name: expected a function name, found none at line 1, column 32',
    );
  });

  it('counts text parts, and warns about the parts and tools it cannot count', () => {
    const json = JSON.stringify({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'x' } }] }],
      tools: [{ type: 'web_search' }],
    });
    const document = chat(parseChat(json));
    assert.deepEqual(document.requests[0].messages[0].content.map((piece) => piece.text), ['look']);
    assert.deepEqual(document.warnings, ['messages[0].content[1]: a "image_url" part is not counted', 'tools[0]: a "web_search" tool is not counted']);
  });
});
