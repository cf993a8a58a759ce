/** Token Lens: Train Embeddings on Workspace… — in the worker, with progress and cancel, and its result in use. */
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bytesReader, openSafetensorsEmbeddings } from '../../src/core/embeddings';
import type { TokenLensApi } from '../../src/extension/api';
import type { TrainingOutcome } from '../../src/extension/training/workspaceTraining';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, hoverText, openText, printFigure, resetSettings, tokenLens, waitFor } from './support';

const SENTENCES = ['the cat sat on the mat', 'a dog ran in the park', 'the bird sang in the tree', 'my cat chased the dog'];

function firstValues(vector: Float32Array, count = 3): string {
  return Array.from(vector.subarray(0, count), (value) => (value >= 0 ? '+' : '') + value.toFixed(4)).join(', ');
}

/**
 * Resolves once a 1 ms timer has run on time (within 10 ms) for a whole 100 ms, or after 5 s: the
 * shared extension host is not still busy with what the tests before this one started.
 */
async function quietThread(): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline) {
    const started = performance.now();
    let last = started;
    let worst = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
        if (now - started >= 100) resolve();
        else setTimeout(tick, 1);
      };
      setTimeout(tick, 1);
    });
    if (worst < 10) return;
  }
}

/** The garbage collector's pauses on this thread while it watches (milliseconds, in order). */
function watchGarbageCollection(): { readonly pauses: number[]; stop(): void } {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((entry) => entry.duration)));
  observer.observe({ entryTypes: ['gc'] });
  return { pauses, stop: () => observer.disconnect() };
}

function train(args: Record<string, unknown>): Thenable<TrainingOutcome | undefined> {
  return vscode.commands.executeCommand<TrainingOutcome | undefined>('tokenLens.trainEmbeddings', args);
}

describe('training on a workspace folder', function () {
  this.timeout(120_000);
  let api: TokenLensApi;
  let folder: string;

  before(async () => {
    api = await tokenLens();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-corpus-'));
    const prose = Array.from({ length: 600 }, (_, i) => SENTENCES[i % SENTENCES.length]).join('. ');
    fs.writeFileSync(path.join(folder, 'notes.md'), prose);
    fs.writeFileSync(path.join(folder, 'picture.md'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    fs.writeFileSync(path.join(folder, '.gitignore'), 'private.md\n');
    fs.writeFileSync(path.join(folder, 'private.md'), 'ignored by git');
  });
  afterEach(async () => {
    assert.equal(api.training.cancel(), false, 'no training left running');
    await resetSettings();
    await closeAllEditors();
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('trains in the worker with progress, says what it skipped, and the result is selected and used by the hover and the panel', async () => {
    const outcome = await train({ folder, include: '**/*.md', dimension: 16, epochs: 10 });
    assert.ok(outcome?.path, `a file was written: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.stopped, false);
    assert.equal(outcome.files, 1, 'notes.md only: private.md is git-ignored');
    assert.deepEqual(outcome.skipped.binary, ['picture.md']);
    assert.ok(api.training.messages().some((message) => /^epoch 10\/10 · [\d,]+ tokens\/s · loss \d+\.\d{3}$/.test(message)), api.training.messages().join('\n'));

    const settings = vscode.workspace.getConfiguration('tokenLens');
    assert.equal(settings.get('embedding.source'), 'file');
    assert.equal(settings.inspect('embedding.weightsPath')?.globalValue, outcome.path);
    const written = await openSafetensorsEmbeddings(bytesReader(fs.readFileSync(outcome.path)), { file: outcome.path });
    const cat = ourEncoder('o200k_base').encode(' cat')[0];

    const text = 'the cat sat on the mat';
    const editor = await openText(text);
    const hover = await waitFor('a hover with the trained vectors', async () => {
      const shown = (await hoverText(editor.document, new vscode.Position(0, 5))).replace(/\(data:image[^)]*\)/g, '(…)');
      return shown.includes(path.basename(outcome.path ?? '')) && shown;
    });
    assert.match(hover, /trained in miniature on 1 file, [\d,]+ characters: notes\.md/);
    assert.ok(hover.includes(firstValues(await written.wordVector(cat))), `the trained row of " cat" in ${hover}`);

    await vscode.commands.executeCommand('tokenLens.showPanel');
    await waitFor('the webview to say ready', () => api.panel.ready());
    const tokens = await waitFor('the panel with the trained source', () => {
      const message = api.panel.lastSent('tokens');
      return message?.source?.provenance === 'miniature' && message.characters === text.length && message;
    }, () => api.panel.lastSent('tokens')?.source);
    assert.equal(tokens.source?.label, path.basename(outcome.path));
    assert.equal(tokens.source?.dimension, 16);

    // The panel opened after the training: it is told the run's loss curve and its tracked tokens' last frame.
    const picture = await waitFor('the training picture', () => api.panel.lastSent('training'));
    assert.equal(picture.done, true);
    assert.ok(picture.losses.length >= 2 && picture.losses[picture.losses.length - 1] < picture.losses[0], `the loss fell: ${picture.losses.join(', ')}`);
    assert.ok(picture.texts.includes('·cat') && picture.texts.length <= 40, picture.texts.join(' '));
    assert.equal(picture.points.length, 2 * picture.texts.length);
  });

  it('keeps the extension host free while it trains (the longest event-loop block is printed)', async () => {
    await quietThread();
    const collections = watchGarbageCollection();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setTimeout(tick, 1);
    };
    delay.enable();
    setTimeout(tick, 1);
    const started = performance.now();
    const outcome = await train({ folder, include: '**/*.md', dimension: 64, epochs: 20 });
    const seconds = (performance.now() - started) / 1000;
    ticking = false;
    delay.disable();
    collections.stop();
    assert.ok(outcome?.path, `a file was written: ${JSON.stringify(outcome)}`);
    const longestPause = Math.max(0, ...collections.pauses);
    printFigure(
      `training ${seconds.toFixed(1)} s: longest event-loop block on the extension host ${(delay.max / 1e6).toFixed(1)} ms, ` +
        `${ticks} timer ticks; ${collections.pauses.length} garbage collections, the longest ${longestPause.toFixed(1)} ms`,
    );
    // Trained on the host thread, each epoch would hold it and the timer would barely tick.
    assert.ok(ticks >= 10 * seconds, `other work ran ${ticks} times in ${seconds.toFixed(1)} s of training`);
  });

  it('a folder whose text gives no two tokens near each other (one word) saves nothing and selects nothing', async () => {
    const lone = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-lone-'));
    try {
      fs.writeFileSync(path.join(lone, 'one.md'), 'hello');
      const settings = () => [vscode.workspace.getConfiguration('tokenLens').inspect('embedding.weightsPath')?.globalValue, vscode.workspace.getConfiguration('tokenLens').get('embedding.source')];
      const before = settings();
      const outcome = await train({ folder: lone, include: '**/*.md', dimension: 8, epochs: 2 });
      assert.deepEqual([outcome?.path, outcome?.stopped, outcome?.files], [undefined, false, 1], JSON.stringify(outcome));
      assert.deepEqual(settings(), before);
    } finally {
      fs.rmSync(lone, { recursive: true, force: true });
    }
  });

  it('can be cancelled: what was learned is kept when asked, and dropped otherwise', async () => {
    const running = train({ folder, include: '**/*.md', dimension: 8, epochs: 1000, keep: true });
    await waitFor('training to report an epoch', () => api.training.messages().some((message) => message.startsWith('epoch ')), () => api.training.messages());
    assert.equal(api.training.cancel(), true);
    const kept = await running;
    assert.equal(kept?.stopped, true);
    assert.ok(kept?.path && fs.existsSync(kept.path), 'the stopped training was written');
    assert.equal(vscode.workspace.getConfiguration('tokenLens').inspect('embedding.weightsPath')?.globalValue, kept.path);

    const dropping = train({ folder, include: '**/*.md', dimension: 8, epochs: 1000, keep: false });
    await waitFor('training to report an epoch', () => api.training.running() && api.training.messages().some((message) => message.startsWith('epoch ')));
    api.training.cancel();
    const dropped = await dropping;
    assert.deepEqual([dropped?.stopped, dropped?.path], [true, undefined]);
    assert.equal(vscode.workspace.getConfiguration('tokenLens').inspect('embedding.weightsPath')?.globalValue, kept.path, 'the selection stays');
  });
});
