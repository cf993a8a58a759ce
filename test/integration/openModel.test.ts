/**
 * "Select Tokenizer…" with an open model from a folder: highlighting, the status bar and the hover
 * use its tokenizer.json (Llama 3's, from the @lenml dev fixture); an encoding brings the OpenAI
 * tokens back; a tokenizer whose pattern the editor cannot stop is refused with a clear message.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TokenLensApi } from '../../src/extension/api';
import { RENDER_STEPS } from '../../src/core/chat';
import { HfTokenizer } from '../../src/core/hf';
import { ourEncoder, projectRoot } from '../support/encoders';
import { MockHub } from '../support/mockHub';
import { hoverText, modelFolderPerTest, openText, printFigure, setSetting, tokenLens, waitFor } from './support';

const text = 'Tokenization: "strawberry" → str|aw|berry.\n你好，世界！ naïve café 12345\n'.repeat(20);
const fixture = (file: string) => join(projectRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models', file);

function decorated(api: TokenLensApi, document: vscode.TextDocument, firstId: number) {
  const snapshot = api.highlighter.snapshot(document);
  return snapshot && snapshot.version === document.version && snapshot.tokens[0]?.id === firstId && snapshot;
}

describe('open models in the editor', function () {
  this.timeout(60_000);
  const modelFolder = modelFolderPerTest();

  it("a model folder's tokenizer.json drives highlighting, the status bar and the hover; an encoding brings o200k back", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    copyFileSync(fixture('tokenizer.json'), join(folder, 'tokenizer.json'));
    // As the Hub's Llama 3 files do: the model adds <|begin_of_text|> before every input.
    writeFileSync(join(folder, 'tokenizer_config.json'), JSON.stringify({ bos_token: '<|begin_of_text|>', add_bos_token: true }));
    const llama = HfTokenizer.fromJson(new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(fixture('tokenizer.json')))), 'llama3');
    const expected = llama.tokenize(text);
    const o200k = ourEncoder('o200k_base').tokenize(text);
    assert.notEqual(expected.ids[0], o200k.ids[0], 'the two tokenizers differ on the first token');

    const editor = await openText(text);
    const name = await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder });
    assert.equal(name, folder.split(/[\\/]/).pop());

    const snapshot = await waitFor('the model\'s decorations', () => decorated(api, editor.document, expected.ids[0]), () => api.highlighter.snapshot(editor.document)?.tokens.slice(0, 3));
    assert.deepEqual(
      snapshot.tokens.map((token) => [token.id, token.start, token.end]),
      Array.from({ length: snapshot.tokens.length }, (_, i) => [expected.ids[i], expected.starts[i], expected.ends[i]]),
    );
    const count = expected.count.toLocaleString('en-US');
    await waitFor(
      `status bar ${count} tokens of the model`,
      () => api.statusBar.text() === `$(symbol-key) ${count} tokens` && api.statusBar.tooltip().includes(`\`${name}\``),
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
    assert.match(api.statusBar.tooltip(), /Counts leave out what the model adds around every input: `<\|begin_of_text\|>`/);
    const at = text.indexOf('strawberry');
    const hover = await hoverText(editor.document, editor.document.positionAt(at));
    const index = Array.from(expected.starts.subarray(0, expected.count)).findIndex((start, i) => start <= at && at < expected.ends[i]);
    assert.match(hover, new RegExp(`\`${name}\``));
    assert.match(hover, new RegExp(`\\*\\*${expected.ids[index]}\\*\\*`), hover);
    assert.equal(await api.documents.count(editor.document), expected.count);

    // Select Encoding… with the encoding already in the setting leaves the model too.
    assert.equal(await vscode.commands.executeCommand('tokenLens.selectEncoding', 'o200k_base'), 'o200k_base');
    await waitFor('o200k decorations again', () => decorated(api, editor.document, o200k.ids[0]));
    assert.equal(await api.documents.count(editor.document), o200k.count);
  });

  it("Open Model from Hugging Face: the mock Hub's tokenizer.json drives highlighting, status bar and hover; opened again, it is checked with a one-byte request and downloaded again only once it changed", async () => {
    const api = await tokenLens();
    const hub = new MockHub();
    await hub.start();
    try {
      const bytes = new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(fixture('tokenizer.json'))));
      hub.addRepo('acme/llama3-test', { 'tokenizer.json': bytes });
      await setSetting('hub.endpoint', hub.endpoint);
      const expected = HfTokenizer.fromJson(bytes, 'llama3').tokenize(text);
      const editor = await openText(text);
      const notified = api.hub.downloadsShown();
      const name = await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { hub: 'acme/llama3-test' });
      assert.equal(name, 'acme/llama3-test');
      assert.equal(api.hub.downloadsShown(), notified + 1, 'the download opened a progress notification');
      assert.ok(hub.requests.some((request) => request.path === '/acme/llama3-test/resolve/main/tokenizer.json' && request.status === 200), 'tokenizer.json came from the mock Hub');
      await waitFor('the Hub model\'s decorations', () => decorated(api, editor.document, expected.ids[0]));
      const count = expected.count.toLocaleString('en-US');
      await waitFor(
        'status bar count of the Hub model',
        () => api.statusBar.text() === `$(symbol-key) ${count} tokens` && api.statusBar.tooltip().includes('`acme/llama3-test`'),
        () => [api.statusBar.text(), api.statusBar.tooltip()],
      );
      assert.match(await hoverText(editor.document, new vscode.Position(0, 2)), new RegExp(`\\*\\*${expected.ids[0]}\\*\\*`));
      // The repository has no config.json (nor tokenizer_config.json): asked once, a 404, and the configured model stands in.
      assert.deepEqual(hub.requests.filter((request) => request.path === '/acme/llama3-test/resolve/main/config.json').map((request) => request.status), [404]);
      assert.match(api.statusBar.tooltip(), /The context window of acme\/llama3-test is unknown \(no config\.json; no tokenizer\\_config\.json\): measured against GPT-4o's/);
      // Opened from the Hub again: one byte asks whether the revision moved; it did not, so the tokenizer comes from global storage.
      const tokenizerRequests = (from: number) =>
        hub.requests.slice(from).filter((request) => request.path.endsWith('/tokenizer.json')).map((request) => [request.path, request.range, request.status]);
      const asked = hub.requests.length;
      await vscode.commands.executeCommand('tokenLens.selectTokenizer', 'o200k_base');
      assert.equal(await vscode.commands.executeCommand('tokenLens.selectTokenizer', { hub: 'acme/llama3-test' }), 'acme/llama3-test');
      assert.deepEqual(tokenizerRequests(asked), [['/acme/llama3-test/resolve/main/tokenizer.json', 'bytes=0-0', 206]]);
      assert.equal(api.hub.downloadsShown(), notified + 1, 'no notification for a model opened from global storage');
      // Changed on the Hub ("strawberry" became one added token), then opened from the Hub again: the new file is downloaded and counts.
      const source = JSON.parse(new TextDecoder().decode(bytes)) as { added_tokens: object[] };
      source.added_tokens.push({ id: 128256, content: 'strawberry', single_word: false, lstrip: false, rstrip: false, normalized: false, special: false });
      const changed = new TextEncoder().encode(JSON.stringify(source));
      const newer = HfTokenizer.fromJson(changed, 'llama3').count(text).toLocaleString('en-US');
      assert.notEqual(newer, count);
      hub.changeFile('acme/llama3-test', 'tokenizer.json', changed);
      const before = hub.requests.length;
      await vscode.commands.executeCommand('tokenLens.selectTokenizer', { hub: 'acme/llama3-test' });
      assert.deepEqual(tokenizerRequests(before).map(([, range, status]) => [range, status]), [['bytes=0-0', 206], [undefined, 200]]);
      assert.equal(api.hub.downloadsShown(), notified + 2, 'the new download opened one');
      await waitFor('status bar count of the changed Hub model', () => api.statusBar.text() === `$(symbol-key) ${newer} tokens`, () => api.statusBar.text());
    } finally {
      await setSetting('hub.endpoint', undefined);
      await hub.stop();
    }
  });

  it('a gated Hub model answering 401 asks for an access token, keeps it in secret storage and opens the model with it', async () => {
    const api = await tokenLens();
    const hub = new MockHub();
    await hub.start();
    // A token of its own per run: one stored by an earlier run must not open the model.
    const run = Date.now().toString(36);
    const token = `hf_test_${run}`;
    const repo = `acme/gated-${run}`;
    try {
      const bytes = new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(fixture('tokenizer.json'))));
      hub.addRepo(repo, { 'tokenizer.json': bytes }, { token });
      await setSetting('hub.endpoint', hub.endpoint);
      const expected = HfTokenizer.fromJson(bytes, 'llama3').tokenize(text);
      const editor = await openText(text);
      const opening = vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { hub: repo });
      await waitFor('a 401 from the mock Hub', () => hub.requests.some((request) => request.status === 401), () => hub.requests);
      // The warning's "Enter Access Token…" is its primary action; then the token goes into the input box.
      const input = await waitFor('the access token input box', async () => {
        await vscode.commands.executeCommand('notification.acceptPrimaryAction');
        return api.hub.tokenInput();
      });
      assert.equal(input.password, true, 'the token is typed as a password');
      // A token pasted with a space or a line break inside is refused in the box, which stays open.
      input.value = `${token} x`;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor('the token to be refused in the box', () => input.validationMessage === 'An access token is printable ASCII without spaces or line breaks.', () => input.validationMessage);
      assert.equal(api.hub.tokenInput(), input, 'the box is still open');
      assert.ok(!hub.requests.some((request) => request.authorization?.includes(' x')), 'the refused token was never sent');
      input.value = token;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await opening, repo);
      assert.ok(
        hub.requests.some((request) => request.path.endsWith('/tokenizer.json') && request.authorization === `Bearer ${token}` && request.status === 200),
        'tokenizer.json was fetched again with the token',
      );
      assert.equal(api.hub.tokenInput(), undefined, 'the input box is gone');
      await waitFor('the gated model\'s decorations', () => decorated(api, editor.document, expected.ids[0]));
    } finally {
      await setSetting('hub.endpoint', undefined);
      await hub.stop();
    }
  });

  it("DeepSeek V3's tokenizer.json (three Split patterns, on hand-written scanners) drives highlighting and the status bar", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    const deepseek = (file: string) => join(projectRoot, 'node_modules', '@lenml', 'tokenizer-deepseek_v3', 'models', file);
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(deepseek(file), join(folder, file));
    const bytes = new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(deepseek('tokenizer.json'))));
    const deepseekText = `${text}数字 1234567 和カタカナ、ひらがな。 x+=1;\r\n\tif (a) { return "ok"; }\n`;
    const editor = await openText(deepseekText);
    // As the document holds it (VS Code gives a document one line ending).
    const expected = HfTokenizer.fromJson(bytes, 'deepseek_v3').tokenize(editor.document.getText());
    const name = await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder });
    assert.equal(name, folder.split(/[\\/]/).pop(), 'the model is opened, not refused');
    const snapshot = await waitFor('DeepSeek V3 decorations', () => decorated(api, editor.document, expected.ids[0]), () => [api.statusBar.text(), api.statusBar.tooltip()]);
    assert.deepEqual(
      snapshot.tokens.map((token) => [token.id, token.start, token.end]),
      Array.from({ length: snapshot.tokens.length }, (_, i) => [expected.ids[i], expected.starts[i], expected.ends[i]]),
    );
    assert.equal(await api.documents.count(editor.document), expected.count);
    await waitFor(
      'the status bar count of DeepSeek V3',
      () => api.statusBar.text() === `$(symbol-key) ${expected.count.toLocaleString('en-US')} tokens`,
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
  });

  it('a tokenizer.json whose pattern the editor cannot stop is refused with one clear message, nothing hangs, and the tokenizer in use stays', async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    await vscode.commands.executeCommand('tokenLens.selectTokenizer', 'o200k_base');
    const source = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(fixture('tokenizer.json'))))) as Record<string, unknown>;
    const split = { type: 'Split', pattern: { Regex: '(a|aa)+$' }, behavior: 'Isolated', invert: false };
    const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false };
    writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify({ ...source, pre_tokenizer: { type: 'Sequence', pretokenizers: [split, byteLevel] } }));
    const text = `${'a'.repeat(64)}b`;
    await openText(text);
    assert.equal(await vscode.commands.executeCommand('tokenLens.selectTokenizer', { folder }), undefined);
    const said = api.log.entries().filter((entry) => entry.level === 'error' && entry.message.includes(folder));
    assert.equal(said.length, 1, 'said once');
    assert.match(said[0].message, /"\(a\|aa\)\+\$" is not one Token Lens has a scanner for/);
    const count = ourEncoder('o200k_base').encode(text).length;
    await waitFor("o200k's count in the status bar", () => api.statusBar.text() === `$(symbol-key) ${count} tokens`, () => [api.statusBar.text(), api.statusBar.tooltip()]);
  });

  it("a chat request is counted with the open model's own chat_template: the prompt it renders, framing and all", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    copyFileSync(fixture('tokenizer.json'), join(folder, 'tokenizer.json'));
    copyFileSync(fixture('tokenizer_config.json'), join(folder, 'tokenizer_config.json'));
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is a token? 東京' },
    ];
    // Llama 3's template, written out: <|begin_of_text|>, a header and <|eot_id|> per message, the reply's header.
    const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
    const prompt = `<|begin_of_text|>${messages.map((message) => `${header(message.role)}${message.content}<|eot_id|>`).join('')}${header('assistant')}`;
    const llama = HfTokenizer.fromJson(new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(fixture('tokenizer.json')))), 'llama3');
    const total = llama.count(prompt, { allowSpecial: true });
    const content = messages.reduce((sum, message) => sum + llama.count(message.content), 0);
    await vscode.commands.executeCommand('tokenLens.selectTokenizer', { folder });
    await openText(JSON.stringify({ messages }, null, 2), 'json');
    const format = (value: number) => value.toLocaleString('en-US');
    await waitFor(
      `${total} chat tokens: ${content} content + ${total - content} framing`,
      () => api.statusBar.text() === `$(comment-discussion) ${format(total)} chat tokens` && api.statusBar.tooltip().includes(`${format(total)} tokens: ${format(content)} content + ${format(total - content)} framing`),
      () => [api.statusBar.text(), api.statusBar.tooltip()],
    );
  });
  it("a slow chat_template is rendered in the worker: the extension host's event loop keeps running while the chat is counted", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    copyFileSync(fixture('tokenizer.json'), join(folder, 'tokenizer.json'));
    // Two whole renders near the step budget of one: a second or so of interpreting, then the messages.
    const template = `{% for i in range(${Math.floor(RENDER_STEPS * 0.9)}) %}{% endfor %}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}`;
    writeFileSync(join(folder, 'tokenizer_config.json'), JSON.stringify({ chat_template: template }));
    const llama = HfTokenizer.fromJson(new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(fixture('tokenizer.json')))), 'llama3');
    const total = llama.count('<user>What is a token?', { allowSpecial: true }).toLocaleString('en-US');
    await vscode.commands.executeCommand('tokenLens.selectTokenizer', { folder });
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    await openText(JSON.stringify({ messages: [{ role: 'user', content: 'What is a token?' }] }), 'json');
    await waitFor(`${total} chat tokens`, () => api.statusBar.text() === `$(comment-discussion) ${total} chat tokens`, () => api.statusBar.text());
    const waited = performance.now() - started;
    delay.disable();
    const longest = delay.max / 1e6;
    printFigure(`chat counted ${waited.toFixed(0)} ms after the document opened; longest event-loop block on the extension host meanwhile ${longest.toFixed(1)} ms`);
    // Rendered on the host, the template would have held its thread for most of the wait.
    assert.ok(longest < waited / 2, `a ${longest.toFixed(1)} ms block in a ${waited.toFixed(0)} ms wait`);
  });
});
