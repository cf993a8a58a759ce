/** The `Token Lens` log output channel: what the extension did, and every error it caught, in one place. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

describe('log output channel', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  /** The entries logged after `from` (an index into entries()). */
  const since = async (from: number) => (await tokenLens()).log.entries().slice(from);

  it('records the tokenizer it changes to, and highlighting turned off and on', async () => {
    const api = await tokenLens();
    await openText('strawberry');
    await api.tokenizer.ready();
    const start = api.log.entries().length;
    await setSetting('encoding', 'p50k_base');
    await waitFor(
      'the change in the log',
      async () => (await since(start)).some((entry) => entry.level === 'info' && /Tokenizer in use: p50k_base/.test(entry.message)),
      () => api.log.entries().slice(start),
    );
    const before = api.log.entries().length;
    await vscode.commands.executeCommand('tokenLens.toggleHighlighting');
    await vscode.commands.executeCommand('tokenLens.toggleHighlighting');
    assert.deepEqual(
      (await since(before)).filter((entry) => /Highlighting/.test(entry.message)).map((entry) => entry.message),
      [`Highlighting turned ${api.highlighter.enabled() ? 'off' : 'on'}`, `Highlighting turned ${api.highlighter.enabled() ? 'on' : 'off'}`],
    );
  });

  it('records an error a command caught, as an error', async () => {
    const api = await tokenLens();
    await openText('strawberry fields');
    const start = api.log.entries().length;
    const missing = path.join(os.tmpdir(), `token-lens-no-model-${process.pid}`);
    assert.equal(await vscode.commands.executeCommand('tokenLens.compareTokenizers', ['o200k_base', missing]), undefined);
    const logged = await waitFor(
      'the error in the log',
      async () => (await since(start)).find((entry) => entry.level === 'error'),
      () => api.log.entries().slice(start),
    );
    assert.match(logged.message, /^Compare Tokenizers: /);
    assert.ok(logged.message.includes(missing), logged.message);
  });

  it('records a setting used differently from written as a warning, in the same channel', async () => {
    const api = await tokenLens();
    const start = api.log.entries().length;
    await setSetting('maxDocumentSize', 123);
    await openText('strawberry');
    await waitFor(
      'the warning in the log',
      async () => (await since(start)).some((entry) => entry.level === 'warning' && /tokenLens\.maxDocumentSize is 123/.test(entry.message)),
      () => api.log.entries().slice(start),
    );
    assert.ok(api.settings.warnings().some((warning) => /tokenLens\.maxDocumentSize is 123/.test(warning)));
  });
});
