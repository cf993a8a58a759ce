/** DocumentTokens' waits end on close, cancellation and disposal, not only on the next change (fakes for the services). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Encoder } from '../../src/core/tokenizer';
import { DocumentTokens } from '../../src/extension/documents/documentTokens';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors } from './support';

/** A tokenizer service that has `encoder` ready, or (undefined) one whose encoder never finishes loading. */
function fakeTokenizer(encoder: Encoder | undefined) {
  const changed = new vscode.EventEmitter<void>();
  return {
    encoder,
    options: { allowSpecial: false },
    load: () => (encoder ? Promise.resolve(encoder) : new Promise<Encoder | undefined>(() => undefined)),
    onDidChange: changed.event,
  };
}

const fakeConfig = { maxDocumentSize: 10_000_000, onDidChange: new vscode.EventEmitter<vscode.ConfigurationChangeEvent>().event };

/** 'pending' unless `promise` settles within `ms`: a deadline on a condition, not a speed assertion. */
function settled<T>(promise: Promise<T>, ms = 5000): Promise<{ value: T } | 'pending'> {
  return Promise.race([promise.then((value) => ({ value })), new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

/** Long enough that the first pass runs in background slices (over the 65,536 characters done at once). */
const LONG_TEXT = 'The quick brown fox jumps over the lazy dog. '.repeat(4000);

describe('document waits end', function () {
  this.timeout(30_000);
  afterEach(() => closeAllEditors());

  it('disposing the service settles pending whenComplete and whenReached with undefined', async () => {
    const documents = new DocumentTokens(fakeTokenizer(ourEncoder('o200k_base')), fakeConfig);
    const document = await vscode.workspace.openTextDocument({ content: LONG_TEXT });
    const complete = documents.whenComplete(document);
    const reached = documents.whenReached(document, LONG_TEXT.length - 1);
    documents.dispose(); // before the first background slice: no change will ever come
    assert.deepEqual(await settled(complete), { value: undefined });
    assert.deepEqual(await settled(reached), { value: undefined });
  });

  it('cancelling settles whenComplete at once, before the next slice of work', async () => {
    const documents = new DocumentTokens(fakeTokenizer(ourEncoder('o200k_base')), fakeConfig);
    try {
      const document = await vscode.workspace.openTextDocument({ content: LONG_TEXT });
      const cancellation = new vscode.CancellationTokenSource();
      const complete = documents.whenComplete(document, cancellation.token);
      const nextChange = new Promise<'change'>((resolve) => documents.onDidChange(() => resolve('change')));
      cancellation.cancel();
      assert.equal(await Promise.race([complete.then(() => 'settled'), nextChange]), 'settled');
      const state = await complete;
      assert.equal(state?.kind, 'tracked', 'the state as it was when cancelled');
    } finally {
      documents.dispose();
    }
  });

  it('closing the document settles a wait for an encoder that never loads', async () => {
    const documents = new DocumentTokens(fakeTokenizer(undefined), fakeConfig);
    try {
      const document = await vscode.workspace.openTextDocument({ content: 'short text' });
      await vscode.window.showTextDocument(document);
      const complete = documents.whenComplete(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      assert.deepEqual(await settled(complete, 15_000), { value: undefined });
    } finally {
      documents.dispose();
    }
  });

  it('disposing settles a wait for an encoder that never loads', async () => {
    const documents = new DocumentTokens(fakeTokenizer(undefined), fakeConfig);
    const document = await vscode.workspace.openTextDocument({ content: 'short text' });
    const complete = documents.whenComplete(document);
    documents.dispose();
    assert.deepEqual(await settled(complete), { value: undefined });
  });
});
