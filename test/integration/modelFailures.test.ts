/**
 * Opening a model (TokenizerService with a fake worker): the tokenizer in use stays until the model
 * is ready; one that cannot be opened leaves it in use, is said once and not remembered; a
 * cancelled opening changes nothing but the recent list; a later choice wins over an opening still running.
 */
import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import { Configuration } from '../../src/extension/config';
import { StateKeys } from '../../src/extension/constants';
import { TokenizerService } from '../../src/extension/tokenizerService';
import { CancelledError } from '../../src/extension/worker/workerClient';
import { type HfTokenizerData, readTokenizerData } from '../../src/core/hf';
import { metaspaceFile } from '../support/hfFiles';
import { extensionId, waitFor } from './support';

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

/** A service whose worker answers every tokenizer.json request with `answer` (a promise, or a thrown error), counting them. */
function serviceWith(answer: (message: { spec: string }) => Promise<unknown>) {
  const config = new Configuration();
  const state = new MemoryState();
  const requests: unknown[] = [];
  const errors: string[] = [];
  const worker = {
    request: async (message: { spec: string }) => {
      requests.push(message);
      return answer(message);
    },
  } as unknown as ConstructorParameters<typeof TokenizerService>[3];
  const secrets = { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event };
  const log = { info: () => undefined, showError: (message: string) => void errors.push(message) };
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension);
  const service = new TokenizerService(extension.extensionUri, config, state, worker, { cacheDir: tmpdir(), secrets }, log);
  return { service, state, requests, errors, dispose: () => (service.dispose(), config.dispose()) };
}

/** A service whose worker fails every tokenizer.json request with `error`. */
function failingService(error: () => Error) {
  return serviceWith(async () => {
    throw error();
  });
}

/** A tokenizer.json the fake worker can answer with (what the worker posts: HfTokenizerData). */
function modelData(name: string): HfTokenizerData {
  const bytes = new TextEncoder().encode(JSON.stringify(metaspaceFile({})));
  return readTokenizerData(bytes, name);
}

describe('opening a model', function () {
  this.timeout(30_000);

  it('one that cannot be opened leaves the tokenizer in use as it was, is said once and not remembered, and is tried again only when chosen again', async () => {
    const { service, state, requests, errors, dispose } = failingService(() => new Error('/no/such/model: expected tokenizer.json in it, found none'));
    try {
      const before = await service.load();
      assert.equal(before?.name, 'o200k_base');
      assert.equal(await service.selectModel('/no/such/model'), undefined);
      assert.equal(requests.length, 1);
      for (let i = 0; i < 5; i++) assert.equal(await service.load(), before, 'the encoding is still in use');
      assert.equal(requests.length, 1, 'not asked again');
      assert.equal(service.modelPath, undefined);
      assert.equal(state.get(StateKeys.openModel), undefined, 'not opened at the next start');
      assert.equal(service.recentModels.length, 0, 'not among the recent models');
      assert.equal(service.loadError, undefined);
      assert.equal(service.openFailure, 'Token Lens could not open the model: /no/such/model: expected tokenizer.json in it, found none', 'the path said once');
      assert.deepEqual(errors, [service.openFailure], 'said once');
      assert.equal(await service.selectModel('/no/such/model'), undefined);
      assert.equal(requests.length, 2, 'chosen again: tried again');
    } finally {
      dispose();
    }
  });

  it('cancelled while it downloads: the tokenizer in use stays, no error is shown, and the model is kept among the recent ones', async () => {
    const { service, state, requests, errors, dispose } = failingService(() => new CancelledError());
    try {
      assert.equal(await service.selectModel('/a/slow/model'), undefined);
      assert.equal(requests.length, 1);
      assert.equal(service.modelPath, undefined);
      assert.equal(state.get(StateKeys.openModel), undefined, 'not opened at the next start');
      assert.equal(service.loadError, undefined);
      assert.equal(service.openFailure, undefined);
      assert.equal((await service.load())?.name, 'o200k_base');
      assert.deepEqual(errors, []);
      assert.deepEqual(state.get(StateKeys.recentModels), ['/a/slow/model'], 'still among the recent models');
    } finally {
      dispose();
    }
  });

  it('while it loads, the tokenizer before stays in use and `opening` names the model; once ready, it is the one in use and remembered', async () => {
    let answer = (_: HfTokenizerData) => {};
    const { service, state, dispose } = serviceWith(() => new Promise((resolve) => (answer = resolve)));
    try {
      const before = await service.load();
      let openings = 0;
      let changes = 0;
      service.onDidChangeOpening(() => openings++);
      service.onDidChange(() => changes++);
      const opened = service.selectModel('/models/gemma');
      await waitFor('the worker asked', () => openings === 1);
      assert.equal(service.opening, '/models/gemma');
      assert.equal(service.encoder, before, 'the encoding is still in use');
      assert.equal(await service.load(), before);
      assert.equal(changes, 0, 'the tokenizer in use did not change');
      answer(modelData('gemma'));
      const tokenizer = await opened;
      assert.equal(tokenizer?.name, 'gemma');
      assert.equal(service.encoder, tokenizer);
      assert.equal(service.opening, undefined);
      assert.equal(openings, 2);
      assert.equal(changes, 1);
      assert.equal(state.get(StateKeys.openModel), '/models/gemma');
      assert.deepEqual(service.recentModels, ['/models/gemma']);
    } finally {
      dispose();
    }
  });

  it('a later choice wins over an opening still running: the model that comes back after it is not used', async () => {
    const waiting = new Map<string, (data: HfTokenizerData) => void>();
    const { service, dispose } = serviceWith(({ spec }) => new Promise((resolve) => waiting.set(spec, resolve)));
    try {
      const slow = service.selectModel('/models/slow');
      const quick = service.selectModel('/models/quick');
      await waitFor('both asked', () => waiting.size === 2);
      waiting.get('/models/quick')?.(modelData('quick'));
      assert.equal((await quick)?.name, 'quick');
      waiting.get('/models/slow')?.(modelData('slow'));
      assert.equal(await slow, undefined);
      assert.equal(service.encoder?.name, 'quick');
      assert.equal(service.modelPath, '/models/quick');
      assert.deepEqual(service.recentModels, ['/models/quick']);
    } finally {
      dispose();
    }
  });
});
