import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ourEncoder } from '../support/encoders';
import { root, saveScreenshot, useWorkbench } from './fixture';
import { type Rgb, checkPointsDrawn, parseColour, svgPlot } from './plotPixels';
import { decodePng } from './png';
import { waitUntil } from './wait';
import { chooseView, exportPlot, focusEditor, openNewFile, runCommand, waitForPanel } from './panelPage';

/** About 10,500 tokens of varied words. */
function longText(): string {
  const words = ['token', 'vector', 'model', 'embedding', 'the', 'of', 'position', 'layer', 'attention', 'weight'];
  const lines: string[] = [];
  for (let line = 0; line < 700; line++) {
    lines.push(Array.from({ length: 15 }, (_, k) => `${words[(line * 7 + k * 3) % words.length]}${(line * 31 + k) % 97}`).join(' '));
  }
  return `${lines.join('\n')}\n`;
}

/** Adds a user setting by typing into settings.json, as a user would (undo in that editor removes it). */
async function addUserSetting(page: Page, key: string, value: unknown): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  await page.locator('.tabs-container .tab.active', { hasText: 'settings.json' }).waitFor({ timeout: 15_000 });
  const lines = page.locator('.editor-instance .monaco-editor .view-lines .view-line');
  await lines.filter({ hasText: '}' }).last().waitFor({ timeout: 15_000 });
  await lines.last().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowLeft'); // before the closing brace
  await page.keyboard.insertText(`,\n  ${JSON.stringify(key)}: ${JSON.stringify(value)}\n`);
  await page.keyboard.press('Control+S');
}

/** The plot's own pixels (not the screen's), its device pixel ratio and the label colour. */
async function canvasPixels(frame: Frame): Promise<{ png: Buffer; ratio: number; text: Rgb }> {
  const { url, ratio, text } = await frame.locator('#scatter').evaluate((canvas) => {
    const page = globalThis as unknown as {
      devicePixelRatio: number;
      document: { documentElement: unknown; createElement(tag: 'canvas'): { getContext(kind: '2d'): { fillStyle: string } | null } };
      getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
    };
    const probe = page.document.createElement('canvas').getContext('2d');
    if (probe) probe.fillStyle = page.getComputedStyle(page.document.documentElement).getPropertyValue('--vscode-editor-foreground').trim();
    return { url: (canvas as unknown as { toDataURL(type: string): string }).toDataURL('image/png'), ratio: page.devicePixelRatio, text: probe?.fillStyle ?? '' };
  });
  return { png: Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'), ratio, text: parseColour(text) };
}

describe('panel at scale (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();

  it('draws all of 10,000 points: each not under a later point or a label shows its colour in the canvas pixels; and pans them', async () => {
    const { page } = workbench;
    const text = longText();
    const total = ourEncoder('o200k_base').count(text);
    assert.ok(total > 10_000, `the text has ${total} tokens, more than the panel's 10,000`);
    fs.writeFileSync(path.join(workbench.workspace, 'long.txt'), text);
    await addUserSetting(page, 'tokenLens.panel.maxTokens', 10000);
    try {
      await openNewFile(page, 'long.txt');
      // Room for the plot: a large window without the side bar.
      await page.setViewportSize({ width: 1920, height: 1200 });
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 15_000 });
      await page.keyboard.press('Control+End'); // the cursor past the tokens shown: no point is ringed or dimmed
      await runCommand(page, 'Token Lens: Show Panel');
      await waitForPanel(page, '10,000 points laid out by PCA', ({ tokens, points, status }) => tokens === 10_000 && points === 10_000 && status.startsWith('Explained variance'), 90_000);
      // Position vectors spread evenly (input vectors cluster by word): more points can be seen one by one.
      // Reduced motion: the points jump to the new layout instead of gliding, so the canvas shows the final frame.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const { frame } = await chooseView(page, 'long.txt', 'position', 'pca');
      assert.match((await frame.locator('#notice').textContent()) ?? '', new RegExp(`first 10,000 of ${total.toLocaleString('en-US')} tokens`));

      // Where every point should be, from the SVG export; what was drawn, from the canvas's own pixels.
      let previous: Buffer | undefined;
      const before = await waitUntil('the plot to hold still (points glide to a new layout)', async () => {
        const now = await canvasPixels(frame);
        const still = previous?.equals(now.png) === true;
        previous = now.png;
        return still && now;
      });
      const svg = (await exportPlot(page, frame, 'svg', workbench.workspace)).bytes;
      // For a person to look at (git-ignored): what was drawn, and where the export says the points are.
      saveScreenshot(before.png, path.join(root, 'out', 'screenshots', 'panel-scale-canvas.png'));
      fs.writeFileSync(path.join(root, 'out', 'screenshots', 'panel-scale.svg'), svg);
      const plot = svgPlot(svg.toString('utf8'));
      assert.equal(plot.circles.length, 10_000, 'the export has one circle per token shown');
      assert.ok((await canvasPixels(frame)).png.equals(before.png), 'the plot changed while it was exported');
      const check = checkPointsDrawn(decodePng(before.png), plot, { ratio: before.ratio, text: before.text });
      const shown = check.missing.slice(0, 5).map(({ index, x, y, expected, found }) => `#${index} at (${x}, ${y}): expected rgb(${expected}), found rgb(${found})`);
      assert.equal(check.missing.length, 0, `${check.missing.length} points are not drawn where the export puts them: ${shown.join('; ')}`);
      // Most points lie under later ones; the check has teeth only if many, early and late, can be seen.
      const perThousand = Array.from({ length: 10 }, (_, k) => check.seen.filter((index) => Math.floor(index / 1000) === k).length);
      assert.ok(check.drawn >= 300 && perThousand.every((count) => count > 0), `too few points to check: ${check.drawn} seen (per 1,000 tokens: ${perThousand.join(', ')}), ${check.covered} covered`);
      const figure = (n: number) => n.toLocaleString('en-US');
      console.log(`      ${figure(check.drawn)} of 10,000 points seen in their colour (${check.markers} as edge markers; per 1,000 tokens ${perThousand.join(', ')}); ${figure(check.covered)} under later points or labels`);

      const canvas = frame.locator('#scatter');
      const box = await canvas.boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      for (let step = 1; step <= 30; step++) await page.mouse.move(box.x + box.width / 2 + step * 4, box.y + box.height / 2 + step * 2);
      await page.mouse.up();
      await waitUntil('dragging to pan the 10,000 points', async () => !(await canvasPixels(frame)).png.equals(before.png));
      // Speed is a benchmark figure, not a test assertion: reported for the reader.
      console.log(`      drawing 10,000 points took ${await canvas.getAttribute('data-draw-ms')} ms (last full draw, no GPU)`);
    } finally {
      await page.emulateMedia({ reducedMotion: null });
      if (!(await page.locator('.part.sidebar').isVisible())) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.setViewportSize({ width: 1280, height: 800 });
      await focusEditor(page, 'settings.json');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
    }
  });
});
