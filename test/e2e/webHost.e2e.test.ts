import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page, Worker } from 'playwright-core';
import { ourEncoder } from '../support/encoders';
import type { PageElement, PageWindow } from './dom';
import { failureScreenshotPath, openFile, saveScreenshot, useWorkbench } from './fixture';
import { runCommand, showPanelFor } from './panelPage';
import { waitUntil } from './wait';
import { webOnlyExtension } from './webExtension';

const tokenColourIds = Array.from({ length: 8 }, (_, i) => `tokenLens.token${i + 1}Background`);

/** In the page: how many laid-out elements of the editor have one of the token background colours. */
function tokenColouredElements(editorElement: PageElement, colourIds: string[]): number {
  const { document, getComputedStyle } = globalThis as unknown as PageWindow;
  const probe = document.createElement('div');
  document.body.appendChild(probe);
  const workbench = document.querySelector('.monaco-workbench') ?? document.body;
  const colours = new Set<string>();
  for (const id of colourIds) {
    const value = getComputedStyle(workbench).getPropertyValue(`--vscode-${id.replace(/\./g, '-')}`).trim();
    probe.style.backgroundColor = value;
    if (value) colours.add(getComputedStyle(probe).backgroundColor);
  }
  probe.remove();
  let count = 0;
  for (const element of editorElement.querySelectorAll('.view-overlays *, .view-lines *')) {
    if (colours.has(getComputedStyle(element).backgroundColor) && element.getBoundingClientRect().width > 0) count++;
  }
  return count;
}

/** The workers of the page (and its frames) with what `typeof process` says in each. */
async function describeWorkers(page: Page): Promise<{ url: string; name: string; process: string }[]> {
  const describe = (worker: Worker) =>
    worker
      .evaluate(() => ({ name: String((globalThis as { name?: string }).name ?? ''), process: typeof (globalThis as { process?: unknown }).process }))
      .then((seen) => ({ url: worker.url().slice(0, 100), ...seen }), () => ({ url: worker.url().slice(0, 100), name: '?', process: '?' }));
  return Promise.all(page.workers().map(describe));
}

/**
 * Puts the cursor in "strawberry" and asks for the hover from the keyboard, again until it shows
 * `wanted`: the first hover starts the Web Worker, and neighbours come from an index built meanwhile
 * (the hover says "hover again in a moment"). Resolves with the hover's text.
 */
async function hoverStrawberry(page: Page, editor: Locator, wanted: RegExp): Promise<string> {
  const word = editor.locator('.view-line span', { hasText: 'strawberry' }).first();
  const box = await waitUntil('"strawberry" laid out on screen', () => word.boundingBox({ timeout: 2000 }).then((found) => found ?? undefined), {
    retryOn: /Timeout|detached/i,
  });
  let last = '';
  return waitUntil(
    `the hover on "strawberry" to show ${wanted}`,
    async () => {
      await page.keyboard.press('Escape');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await runCommand(page, 'Show or Focus Hover');
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Token Lens' }).first();
      await hover.waitFor({ timeout: 15_000 });
      last = await hover.innerText();
      return wanted.test(last) ? last : undefined;
    },
    { timeoutMs: 90_000, explain: () => last, retryOn: /Timeout/ },
  );
}

/** Picks an item of Token Lens: Select Embedding Source…; resolves with the labels it offered. */
async function selectSource(page: Page, item: string): Promise<string[]> {
  await page.keyboard.press('Escape');
  await runCommand(page, 'Token Lens: Select Embedding Source…');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${item.replace(/[()]/g, '\\$&')}`) }).first();
  await row.waitFor({ timeout: 15_000 });
  const offered = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
  await row.click();
  return offered;
}

/** VS Code for the Web: the "browser" entry in the web worker extension host of the same server. */
describe('VS Code for the Web (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ extensionPath: webOnlyExtension, extensionKind: 'web' });
  // The user settings are the whole run's: an earlier suite (training) may have left a weights file
  // selected, which the web host cannot open. Each test starts from the initial weights.
  beforeEach(async () => {
    await selectSource(workbench.page, 'Automatic');
  });

  it('runs in the browser worker host without Node: highlighting, and the status-bar count equal to the encoder on the text', async () => {
    const { page } = workbench;
    const editor: Locator = await openFile(page, 'strawberry.md');
    const text = fs.readFileSync(path.join(workbench.workspace, 'strawberry.md'), 'utf8');
    const expected = ourEncoder('o200k_base').count(text);
    const status = page.locator('.statusbar-item', { hasText: / tokens$/ }).first();
    await status.waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
      saveScreenshot(await page.screenshot(), failureScreenshotPath('web-host'));
      throw new Error(`${error.message.split('\n')[0]}; workers: ${JSON.stringify(await describeWorkers(page))}`);
    });
    const host = (await describeWorkers(page)).filter(({ name }) => name === 'ExtensionHostWorker');
    assert.deepEqual(host.map((worker) => worker.process), ['undefined'], `one web worker extension host, without process: ${JSON.stringify(await describeWorkers(page))}`);
    const shown = (await status.innerText()).match(/([\d,]+) tokens$/)?.[1];
    assert.equal(Number(shown?.replace(/,/g, '')), expected, `the status bar says ${await status.innerText()}`);
    const coloured = await waitUntil('token-coloured decorations in the editor', async () => {
      const count = await editor.evaluate(tokenColouredElements, tokenColourIds);
      return count >= 4 ? count : undefined;
    });
    assert.ok(coloured >= 4);
  });

  it('hovers with the vectors of the initial and the built-in source, computed in a Web Worker', async function () {
    this.timeout(300_000);
    const { page } = workbench;
    const editor = await openFile(page, 'strawberry.md');
    const initial = await hoverStrawberry(page, editor, /word\s+\+ position\s+= input/);
    assert.match(initial, /untrained/);
    assert.match(initial, /‖\d\.\d{3}‖/, 'norms of the vectors');
    const workers = await describeWorkers(page);
    const ours = workers.filter(({ name }) => name.includes('Token Lens worker'));
    assert.equal(ours.length, 1, `a Token Lens Web Worker: ${JSON.stringify(workers)}`);
    assert.equal(ours[0].process, 'undefined', 'the Web Worker has no Node either');

    const offered = await selectSource(page, 'Trained (built-in)');
    try {
      assert.ok(offered.includes('Trained (built-in)'), `the picker offered ${JSON.stringify(offered)}`);
      assert.ok(!offered.some((label) => label.startsWith('Load .safetensors')), `weights files need desktop VS Code, yet the picker offered ${JSON.stringify(offered)}`);
      const builtin = await hoverStrawberry(page, editor, /Nearest tokens \(cosine similarity\): \S/);
      assert.match(builtin, /word embedding 200,019 × 64/);
      assert.match(builtin, /‖\d\.\d{3}‖/, 'the norm of the word vector');
      assert.match(builtin, /trained in miniature \(built in\)/);
    } finally {
      // The user settings are the whole run's: back to the initial weights for the suites after this one.
      await selectSource(page, 'Automatic');
    }
  });

  it('shows the panel with one point per token, laid out in the Web Worker', async () => {
    const { page } = workbench;
    const { state } = await showPanelFor(page, 'strawberry.md');
    assert.ok(state.tokens > 0 && state.points === state.tokens, `panel state ${JSON.stringify(state)}`);
  });
});
