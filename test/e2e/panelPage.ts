// Helpers for driving the Token Lens panel in the workbench: run its command, reach its webview
// (an iframe inside an iframe), put it in a known state, wait for the plot, export it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openFile } from './fixture';
import { waitUntil } from './wait';

/** Runs a command by its title through the command palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Not Enter: the best match can be another command ("Preferences: Browse Color Themes…").
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escaped}`) }).first();
  // A palette opened while an extension's contributions are still being registered (a freshly loaded
  // window) lists commands without them and does not refresh; a palette can also close under the
  // pointer when focus moves on (an editor tab clicked just before takes focus late): open it again.
  for (let round = 1; ; round++) {
    // F1 can land while another Quick Input closes (or inside a webview): press again until the palette is up.
    for (let attempt = 0; attempt < 5 && !(await input.isVisible()); attempt++) {
      await page.keyboard.press('F1');
      await input.waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    await input.fill(`>${title}`);
    const shown = await row.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (shown) {
      const clicked = await row.click({ timeout: round === 3 ? 15_000 : 5000 }).then(() => true, (error: Error) => (round === 3 ? Promise.reject(error) : false));
      if (clicked) return;
    } else if (round === 3) {
      throw new Error(`the command palette did not list "${title}"`);
    }
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
  }
}

const frameGone = /detached|Execution context was destroyed|Target page, context or browser has been closed/i;

/** The panel's page: the innermost webview frame that has the token strip. */
export async function panelFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return waitUntil(
    'the panel webview (a frame with #strip)',
    async () => {
      for (const frame of page.frames()) {
        if (!frame.isDetached() && (await frame.$('#strip').catch(() => null))) return frame;
      }
      return undefined;
    },
    { timeoutMs, explain: () => page.frames().map((frame) => frame.url().slice(0, 80)) },
  );
}

export interface PlotState {
  readonly tokens: number;
  readonly points: number;
  readonly status: string;
  readonly title: string;
}

/**
 * Polls until `accept` likes what the panel shows, or fails saying what it saw last. The frame is
 * looked up each time: VS Code drops a hidden webview and builds a new one when it is shown again.
 */
export async function waitForPanel(page: Page, what: string, accept: (state: PlotState) => boolean, timeoutMs = 30_000): Promise<{ frame: Frame; state: PlotState }> {
  let last: PlotState | undefined;
  return waitUntil(
    what,
    async () => {
      const frame = await panelFrame(page, timeoutMs);
      last = {
        tokens: await frame.locator('#strip .token').count(),
        points: Number(await frame.locator('#scatter').getAttribute('data-point-count')),
        status: (await frame.locator('#status').textContent()) ?? '',
        title: (await frame.locator('#title').textContent()) ?? '',
      };
      return accept(last) ? { frame, state: last } : undefined;
    },
    { timeoutMs, explain: () => last, retryOn: frameGone },
  );
}

export type VectorKind = 'input' | 'word' | 'position';
export type Method = 'pca' | 'umap' | 'tsne';

/** How the status line reads once each method's layout is shown. */
const methodStatus: Record<Method, RegExp> = {
  pca: /^Explained variance/,
  umap: /^UMAP keeps neighbours/,
  tsne: /^t-SNE keeps neighbours/,
};

/** Waits until the panel shows every token of `file` (not a selection) laid out by `method`. */
export function waitForLayout(page: Page, file: string, method: Method, timeoutMs = 45_000): Promise<{ frame: Frame; state: PlotState }> {
  return waitForPanel(
    page,
    `${file} laid out by ${method}`,
    ({ title, status, points, tokens }) => title.includes(file) && !title.startsWith('Selection') && tokens > 0 && points === tokens && methodStatus[method].test(status),
    timeoutMs,
  );
}

/** Picks a vector kind and a method in the panel's toolbar and waits for that layout. */
export async function chooseView(page: Page, file: string, kind: VectorKind, method: Method): Promise<{ frame: Frame; state: PlotState }> {
  const frame = await panelFrame(page);
  await frame.locator(`#kinds button[data-kind="${kind}"]`).click();
  await frame.locator(`#methods button[data-method="${method}"]`).click();
  await waitUntil(`the ${kind} and ${method} buttons to be pressed`, async () => {
    const shown = await panelFrame(page);
    const pressedKind = await shown.locator('#kinds button[aria-pressed="true"]').getAttribute('data-kind');
    const pressedMethod = await shown.locator('#methods button[aria-pressed="true"]').getAttribute('data-method');
    return pressedKind === kind && pressedMethod === method;
  }, { retryOn: frameGone });
  return waitForLayout(page, file, method);
}

export interface PanelSetup {
  readonly kind?: VectorKind;
  readonly method?: Method;
  /** Where the editor's cursor goes before the panel opens (no selection either way). */
  readonly cursor?: 'start' | 'end';
  /** Opens the file; `openFile` by default (use openNewFile for files a test wrote). */
  readonly open?: (page: Page, file: string) => Promise<unknown>;
}

/**
 * The state a panel test starts from, whatever ran before: no editors, then `file` with a bare
 * cursor, the panel beside it showing the whole document in the chosen view.
 */
export async function showPanelFor(page: Page, file: string, setup: PanelSetup = {}): Promise<{ frame: Frame; state: PlotState }> {
  const { kind = 'input', method = 'pca', cursor = 'start', open = openFile } = setup;
  await closeAllEditors(page);
  await open(page, file);
  await page.locator(`.tabs-container .tab.active[aria-label*="${file}"]`).waitFor({ timeout: 15_000 });
  await page.keyboard.press(cursor === 'start' ? 'Control+Home' : 'Control+End');
  await runCommand(page, 'Token Lens: Show Panel');
  await waitForLayout(page, file, 'pca', 60_000);
  return chooseView(page, file, kind, method);
}

/** Closes every editor and editor group: the panel too. */
export async function closeAllEditors(page: Page): Promise<void> {
  await page.keyboard.press('Escape'); // a leftover Quick Input or hover
  // A window can restore an editor left dirty by an earlier suite (its backup outlived the revert): revert
  // each one, or closing would stop at "Do you want to save?".
  for (let left = 10; left > 0 && (await page.locator('.tabs-container .tab.dirty').count()) > 0; left--) {
    const dirty = page.locator('.tabs-container .tab.dirty').first();
    const name = await dirty.getAttribute('aria-label');
    await dirty.click();
    await runCommand(page, 'View: Revert and Close Editor');
    await page.locator(`.tabs-container .tab.dirty[aria-label="${name}"]`).first().waitFor({ state: 'detached', timeout: 15_000 });
  }
  await runCommand(page, 'View: Close All Editor Groups');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/**
 * Opens a file the test just wrote into the workspace root: file watching may not reach the
 * workbench, so refresh the explorer until the file is listed and open it from there.
 */
export async function openNewFile(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });
  const tab = page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`);
  await waitUntil(`${name} open from the explorer`, async () => {
    if (await tab.isVisible()) return true;
    if (!(await row.isVisible())) {
      await page.locator('.explorer-folders-view').hover();
      await page.locator('.part.sidebar .action-label[aria-label^="Refresh Explorer"]').click();
      await row.waitFor({ timeout: 2000 }).catch(() => undefined);
      return false;
    }
    await row.click(); // the list may still be settling after the refresh: the next round checks the tab
    return tab.waitFor({ timeout: 2000 }).then(
      () => true,
      () => false,
    );
  });
}

/** Switches the colour theme the way a user does (Preferences: Color Theme); `label` as the picker lists it. */
export async function setColorTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  // The picker previews themes as it opens; type into it once its list is there.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Modern' }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.type(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Focuses the editor of `name` by its tab, leaving its selection alone. */
export async function focusEditor(page: Page, name: string): Promise<void> {
  await page.locator('.tabs-container .tab', { hasText: name }).first().click();
}

/** The token texts of the strip as the reader sees them, whitespace marks turned back into spaces. */
export async function stripText(frame: Frame): Promise<string> {
  const texts = await frame.locator('#strip .token .text').allTextContents();
  return texts.join('').replace(/·/g, ' ');
}

/**
 * Exports the plot with its button through VS Code's save dialog (a path in Quick Input here),
 * accepting the proposed file in the workspace folder; returns the file's path and bytes.
 */
export async function exportPlot(page: Page, frame: Frame, format: 'svg' | 'png', workspace: string): Promise<{ file: string; bytes: Buffer }> {
  const proposed = new RegExp(`examples/(tokens-[a-z]+-[a-z]+\\.${format})$`);
  const input = page.locator('.quick-input-widget input');
  await frame.locator(`#export-${format}`).click();
  await input.waitFor({ timeout: 15_000 });
  let shown = '';
  const name = await waitUntil(
    `the save dialog to propose examples/tokens-<kind>-<method>.${format}`,
    async () => proposed.exec((shown = await input.inputValue()))?.[1],
    { timeoutMs: 10_000, explain: () => shown },
  );
  const file = path.join(workspace, name);
  fs.rmSync(file, { force: true }); // no "replace?" question, and no stale bytes from an earlier export
  await page.keyboard.press('Enter');
  await page.locator('.notifications-toasts .notification-toast', { hasText: name }).first().waitFor({ timeout: 30_000 });
  return { file, bytes: fs.readFileSync(file) };
}
