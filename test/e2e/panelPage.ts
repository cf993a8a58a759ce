// Helpers for driving the Token Lens panel in the workbench: run its command, reach its webview
// (an iframe inside an iframe), wait for the plot.
import type { Frame, Page } from 'playwright-core';

/** Runs a command by its title through the command palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // F1 can land while another Quick Input closes (or inside a webview): press again until the palette is up.
  for (let attempt = 0; attempt < 5 && !(await input.isVisible()); attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  await input.fill(`>${title}`);
  // Not Enter: the best match can be another command ("Preferences: Browse Color Themes…").
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escaped}`) }).first().click({ timeout: 15_000 });
}

/** The panel's page: the innermost webview frame that has the token strip. */
export async function panelFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      const strip = await frame.$('#strip').catch(() => null);
      if (strip) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview with #strip among ${page.frames().length} frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')}`);
    await page.waitForTimeout(200);
  }
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
  const deadline = Date.now() + timeoutMs;
  let last: PlotState | undefined;
  for (;;) {
    try {
      const frame = await panelFrame(page, Math.max(1000, deadline - Date.now()));
      last = {
        tokens: await frame.locator('#strip .token').count(),
        points: Number(await frame.locator('#scatter').getAttribute('data-point-count')),
        status: (await frame.locator('#status').textContent()) ?? '',
        title: (await frame.locator('#title').textContent()) ?? '',
      };
      if (accept(last)) return { frame, state: last };
    } catch (error) {
      if (!/detached|Execution context was destroyed/i.test(String(error))) throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the panel shows ${JSON.stringify(last)}`);
    await page.waitForTimeout(200);
  }
}

/**
 * Opens a file the test just wrote into the workspace root: file watching may not reach the
 * workbench, so refresh the explorer and open the file from there.
 */
export async function openNewFile(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });
  const tab = page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`);
  for (let attempt = 0; attempt < 10 && !(await tab.isVisible()); attempt++) {
    if (!(await row.isVisible())) {
      await page.locator('.explorer-folders-view').hover();
      await page.locator('.part.sidebar .action-label[aria-label^="Refresh Explorer"]').click();
      await page.waitForTimeout(500);
      continue;
    }
    await row.click(); // the list may still be settling after the refresh: check and try again
    await page.waitForTimeout(300);
  }
  await tab.waitFor({ timeout: 15_000 });
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
