import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { openFile, readmeScreenshotPath, saveScreenshot, useWorkbench, waitForWorkbench } from './fixture';
import { closeAllEditors, exportPlot, focusEditor, openNewFile, runCommand, setColorTheme, showPanelFor, stripText, waitForLayout, waitForPanel } from './panelPage';
import { decodePng } from './png';
import { waitUntil } from './wait';

type Rgb = readonly [number, number, number];

/** In the webview: the eight token colours the plot draws points with, as the canvas normalises them. */
function pointColours(): string[] {
  const page = globalThis as unknown as {
    document: { documentElement: unknown; createElement(tag: 'canvas'): { getContext(kind: '2d'): { fillStyle: string } | null } };
    getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
  };
  const style = page.getComputedStyle(page.document.documentElement);
  const context = page.document.createElement('canvas').getContext('2d');
  return Array.from({ length: 8 }, (_, k) => {
    if (!context) return '';
    context.fillStyle = '#000';
    context.fillStyle = style.getPropertyValue(`--vscode-tokenLens-token${k + 1}Background`).trim();
    return context.fillStyle;
  });
}

function rgb(colour: string): Rgb {
  if (colour.startsWith('#')) {
    const value = Number.parseInt(colour.slice(1, 7), 16);
    return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  }
  const [r, g, b] = colour.match(/[\d.]+/g)?.map(Number) ?? [];
  return [r, g, b];
}

/** Pixels of the canvas in each of the eight token colours (points are drawn opaque). */
async function pixelsByColour(frame: Frame): Promise<number[]> {
  const colours = (await frame.evaluate(pointColours)).map(rgb);
  const image = decodePng(await frame.locator('#scatter').screenshot());
  return colours.map(([r, g, b]) => {
    let count = 0;
    for (let i = 0; i < image.rgba.length; i += 4) {
      if (Math.abs(image.rgba[i] - r) <= 2 && Math.abs(image.rgba[i + 1] - g) <= 2 && Math.abs(image.rgba[i + 2] - b) <= 2) count++;
    }
    return count;
  });
}

const HOSTILE = [
  '# Hostile text',
  '',
  '<img src=x onerror=alert(1)> and <script>alert(2)</script> then </script>',
  '[link](javascript:alert(3)) javascript:alert(4) <a href="javascript:alert(5)">x</a>',
  'RTL \u202Eevil\u202C override, <b onmouseover=alert(6)>bold</b> &amp; {{constructor}}',
  '',
].join('\n');

describe('panel (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ failureScreenshot: 'panel-failure' });
  const dialogs: string[] = [];
  /** What the browser refused under the panel's content security policy (or any other). */
  const refused: string[] = [];

  before(async () => {
    workbench.page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    workbench.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    fs.writeFileSync(path.join(workbench.workspace, 'hostile.md'), HOSTILE);
  });

  afterEach(async function () {
    // A dialog left open by a failed test would block the next tests.
    if (this.currentTest?.state === 'failed') await workbench.page.keyboard.press('Escape');
  });

  it('opens beside the editor and draws the strip and one point per token in the token colours', async () => {
    const { page } = workbench;
    await closeAllEditors(page); // an editor an earlier suite left dirty would be restored in a third group
    const { frame, state } = await showPanelFor(page, 'english.md');
    assert.ok(state.tokens > 50, `the strip has ${state.tokens} tokens`);
    // Beside the editor: two editor groups, english.md in one and the panel in the other.
    assert.equal(await page.locator('.editor-group-container').count(), 2);
    assert.equal(await page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'Token Lens' }) }).locator('.tab', { hasText: 'english.md' }).count(), 0);
    assert.match(state.status, /Explained variance: x [\d.]+%, y [\d.]+%/);
    const header = (await frame.locator('#stats').textContent()) ?? '';
    assert.ok(header.includes(`${state.tokens} tokens`), `the header says ${header}; the strip has ${state.tokens} tokens`);
    assert.match((await frame.locator('#matrices').textContent()) ?? '', /word embedding 200,019 × 768 = 153,614,592 weights/);

    // A notification toast (e.g. about a file an earlier suite left) would cover the canvas in the screenshot.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 });
    // Random initial vectors put most points near the centre, where some colours hide others.
    const pixels = await pixelsByColour(frame);
    const drawn = pixels.filter((count) => count >= 10).length;
    assert.ok(drawn >= 4, `expected points in at least 4 of the 8 token colours on the canvas, found pixel counts ${pixels.join(', ')}`);
    assert.deepEqual(workbench.blockedRequests, [], 'the workbench tried to reach the network');
  });

  it('switches to UMAP and keeps it when hidden and shown again, and across a window reload', async () => {
    const { page } = workbench;
    await showPanelFor(page, 'english.md', { kind: 'word', method: 'umap' });
    const pressed = async (which: Frame) => ({
      kind: await which.locator('#kinds button[aria-pressed="true"]').getAttribute('data-kind'),
      method: await which.locator('#methods button[aria-pressed="true"]').getAttribute('data-method'),
    });

    // Hidden: another editor in the panel's group. VS Code drops the page; shown again, it is rebuilt.
    await page.locator('.tabs-container .tab', { hasText: 'Token Lens' }).click();
    await openFile(page, 'strawberry.md');
    await page.locator('.tabs-container .tab', { hasText: 'Token Lens' }).click();
    // The panel follows the active editor (now strawberry.md) and keeps the view it was given.
    const shownAgain = await waitForPanel(page, 'the panel shown again, in UMAP', ({ status, points, tokens }) => tokens > 0 && points === tokens && status.startsWith('UMAP keeps neighbours'), 45_000);
    assert.deepEqual(await pressed(shownAgain.frame), { kind: 'word', method: 'umap' });
    await focusEditor(page, 'strawberry.md');
    await runCommand(page, 'View: Close Editor');

    // Reloaded: the serializer brings the panel back with the state the page saved.
    await focusEditor(page, 'english.md'); // keys typed in a webview may not reach the workbench
    await runCommand(page, 'Developer: Reload Window'); // as a user would: the workbench saves its state first
    await page.waitForEvent('load', { timeout: 60_000 });
    await waitForWorkbench(page);
    const restored = await waitForLayout(page, 'english.md', 'umap');
    assert.deepEqual(await pressed(restored.frame), { kind: 'word', method: 'umap' });
  });

  it('selects a token in the editor when its strip token is clicked', async () => {
    const { page } = workbench;
    const { frame } = await showPanelFor(page, 'english.md');
    await frame.locator('#strip .token', { has: frame.locator('.text', { hasText: /^·note$/ }) }).first().click();
    assert.equal(await frame.locator('#strip .token.active .text').textContent(), '·note');
    await focusEditor(page, 'english.md'); // the status bar describes the focused editor
    await page.locator('.statusbar-item', { hasText: '(5 selected)' }).first().waitFor({ timeout: 15_000 });
  });

  it('exports the plot as SVG and PNG through the save dialog', async () => {
    const { page } = workbench;
    const { frame, state } = await showPanelFor(page, 'english.md');
    const svg = await exportPlot(page, frame, 'svg', workbench.workspace);
    assert.equal(path.basename(svg.file), 'tokens-input-pca.svg');
    const text = svg.bytes.toString('utf8');
    assert.ok(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.equal((text.match(/<circle /g) ?? []).length, state.tokens, 'one circle per token of the strip');
    const png = await exportPlot(page, frame, 'png', workbench.workspace);
    assert.equal(path.basename(png.file), 'tokens-input-pca.png');
    const image = decodePng(png.bytes);
    assert.ok(image.width > 200 && image.height > 100, `${image.width} × ${image.height}`);
  });

  it('shows hostile text as text and runs none of it', async () => {
    const { page } = workbench;
    const { frame } = await showPanelFor(page, 'hostile.md', { open: openNewFile });
    const text = await stripText(frame);
    for (const piece of ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '</script>', 'javascript:alert(3)', '<b onmouseover=alert(6)>', 'evil']) {
      assert.ok(text.includes(piece), `the strip should show ${JSON.stringify(piece)} as text; it shows ${JSON.stringify(text)}`);
    }
    // The override characters are shown as marks (their bytes, or \u{202E}), never applied.
    assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(text), `the strip holds a raw direction override: ${JSON.stringify(text)}`);
    assert.equal(await frame.locator('img, b, a, iframe, object, embed').count(), 0, 'the token text became markup');
    assert.equal(await frame.locator('#app script').count(), 0, 'token text became a script element');
    assert.deepEqual(
      await frame.locator('script[src]').evaluateAll((scripts) => scripts.map((script) => (script as unknown as { src: string }).src.replace(/^.*\//, ''))),
      ['panel.js'],
      'only the panel script may be loaded',
    );
    // Hover across the points until the tooltip shows a token: the hostile text has been through it.
    const box = await frame.locator('#scatter').boundingBox();
    assert.ok(box);
    const tooltip = frame.locator('#tooltip');
    await waitUntil('a tooltip over some point of the plot', async () => {
      for (let step = 0; step < 40; step++) {
        await page.mouse.move(box.x + (box.width * step) / 40, box.y + box.height * (0.3 + 0.4 * ((step * 7) % 10) / 10));
        if (await tooltip.isVisible()) return true;
      }
      return false;
    });
    await frame.locator('#strip .token').first().hover();
    assert.deepEqual(dialogs, [], 'a dialog opened: some token text ran as script');
    assert.deepEqual(refused, [], 'the page broke its content security policy');
  });

  it('looks right in dark and light themes (docs/panel-dark.png, docs/panel-light.png)', async () => {
    const { page } = workbench;
    // t-SNE of the input vectors: a repeated word lands twice, near itself, once per position.
    const { frame } = await showPanelFor(page, 'english.md', { kind: 'input', method: 'tsne' });
    // The cursor rings one token (a selection would dim the others): select " note" from the strip, then collapse.
    await frame.locator('#strip .token', { has: frame.locator('.text', { hasText: /^·note$/ }) }).first().click();
    await focusEditor(page, 'english.md');
    await page.locator('.statusbar-item', { hasText: '(5 selected)' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('ArrowLeft');
    await page.locator('.statusbar-item', { hasText: '(5 selected)' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    // A larger window without the side bar, as a reader of the README would use it.
    await page.setViewportSize({ width: 1440, height: 900 });
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 15_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    try {
      for (const [theme, file] of [['Dark Modern', 'panel-dark.png'], ['Light Modern', 'panel-light.png']] as const) {
        await setColorTheme(page, theme);
        await page.locator(`.monaco-workbench.${theme.startsWith('Dark') ? 'vs-dark' : 'vs'}`).waitFor({ timeout: 30_000 });
        await page.mouse.move(400, 760); // an empty part of the editor: no hover, no tooltip
        // The webview hears the new theme variables and redraws: wait until the canvas shows its colours.
        let pixels: number[] = [];
        await waitUntil(
          `the plot redrawn in ${theme}'s token colours`,
          async () => {
            const { frame: shown } = await waitForLayout(page, 'english.md', 'tsne');
            pixels = await pixelsByColour(shown);
            return pixels.filter((count) => count >= 15).length >= 6;
          },
          { explain: () => `pixel counts ${pixels.join(', ')}`, retryOn: /detached|Execution context was destroyed/i },
        );
        saveScreenshot(await page.screenshot({ animations: 'disabled', caret: 'hide' }), readmeScreenshotPath(file));
      }
    } finally {
      await setColorTheme(page, 'Dark Modern'); // user settings are shared with the other suites
      if (!(await page.locator('.part.sidebar').isVisible())) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
