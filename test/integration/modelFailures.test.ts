/**
 * A model that cannot be opened (TokenizerService with a fake worker): it is tried once, not again
 * on every redraw and hover until it is chosen again; a cancelled opening leaves the model, so the
 * encoding is back and the next start does not open it again.
 */
import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import { Configuration } from '../../src/extension/config';
import { StateKeys } from '../../src/extension/constants';
import { TokenizerService } from '../../src/extension/tokenizerService';
import { CancelledError } from '../../src/extension/worker/workerClient';
import { extensionId } from './support';

/** Global state in memory. */
class MemoryState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

/** A service whose worker fails every tokenizer.json request with `error`, counting them. */
function failingService(error: () => Error) {
  const config = new Configuration();
  const state = new MemoryState();
  const requests: unknown[] = [];
  const errors: string[] = [];
  const worker = {
    request: async (message: unknown) => {
      requests.push(message);
      throw error();
    },
  } as unknown as ConstructorParameters<typeof TokenizerService>[3];
  const secrets = { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event };
  const log = { info: () => undefined, showError: (message: string) => void errors.push(message) };
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension);
  const service = new TokenizerService(extension.extensionUri, config, state, worker, { cacheDir: tmpdir(), secrets }, log);
  return { service, state, requests, errors, dispose: () => (service.dispose(), config.dispose()) };
}

describe('a model that cannot be opened', function () {
  this.timeout(30_000);

  it('is asked for once: later loads (each redraw, each hover) give its error without asking again, until it is chosen again', async () => {
    const { service, requests, errors, dispose } = failingService(() => new Error('expected tokenizer.json in /no/such/model, found none'));
    try {
      assert.equal(await service.selectModel('/no/such/model'), undefined);
      assert.equal(requests.length, 1);
      for (let i = 0; i < 5; i++) assert.equal(await service.load(), undefined);
      assert.equal(requests.length, 1, 'not asked again');
      assert.equal(service.modelPath, '/no/such/model', 'still the model chosen, with its error shown');
      assert.match(service.loadError ?? '', /could not open the model in \/no\/such\/model: expected tokenizer\.json/);
      assert.equal(errors.length, 1, 'said once');
      assert.equal(await service.selectModel('/no/such/model'), undefined);
      assert.equal(requests.length, 2, 'chosen again: tried again');
    } finally {
      dispose();
    }
  });

  it('cancelled while it downloads: the model is left (also for the next start), the encoding is back, and no error is shown', async () => {
    const { service, state, requests, errors, dispose } = failingService(() => new CancelledError());
    try {
      assert.equal(await service.selectModel('/a/slow/model'), undefined);
      assert.equal(requests.length, 1);
      assert.equal(service.modelPath, undefined);
      assert.equal(state.get(StateKeys.openModel), undefined, 'not opened again at the next start');
      assert.equal(service.loadError, undefined);
      assert.equal((await service.load())?.name, service.encodingName);
      assert.equal(service.encodingName, 'o200k_base');
      assert.deepEqual(errors, []);
      assert.deepEqual(state.get(StateKeys.recentModels), ['/a/slow/model'], 'still among the recent models');
    } finally {
      dispose();
    }
  });
});
