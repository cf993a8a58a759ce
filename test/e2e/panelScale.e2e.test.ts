import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { useWorkbench } from './fixture';
import { focusEditor, openNewFile, runCommand, waitForPanel } from './panelPage';

/** About 10,500 tokens of varied words. */
function longText(): string {
  const words = ['token', 'vector', 'model', 'embedding', 'the', 'of', 'position', 'layer', 'attention', 'weight'];
  const lines: string[] = [];
  for (let line = 0; line < 700; line++) {
    lines.push(Array.from({ length: 15 }, (_, k) => `${words[(line * 7 + k * 3) % words.length]}${(line * 31 + k) % 97}`).join(' '));
  }
  return `${lines.join('\n')}\n`;
}

/** Adds (or, with undo, removes) a user setting by typing into settings.json, as a user would. */
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

describe('panel at scale (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();

  it('draws 10,000 points and pans them', async () => {
    const { page } = workbench;
    fs.writeFileSync(path.join(workbench.workspace, 'long.txt'), longText());
    await addUserSetting(page, 'tokenLens.panel.maxTokens', 10000);
    try {
      await openNewFile(page, 'long.txt');
      await runCommand(page, 'Token Lens: Show Panel');
      const { frame, state } = await waitForPanel(page, '10,000 points', ({ tokens, points }) => tokens === 10_000 && points === 10_000, 90_000);
      assert.equal(state.points, 10_000);
      assert.match((await frame.locator('#notice').textContent()) ?? '', /first 10,000 of [\d,]+ tokens/);

      const canvas = frame.locator('#scatter');
      const box = await canvas.boundingBox();
      assert.ok(box);
      assert.equal(await canvas.getAttribute('data-point-count'), '10000', 'every point is drawn');
      const before = await canvas.screenshot();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      for (let step = 1; step <= 30; step++) await page.mouse.move(box.x + box.width / 2 + step * 4, box.y + box.height / 2 + step * 2);
      await page.mouse.up();
      const after = await canvas.screenshot();
      assert.ok(!before.equals(after), 'dragging pans the 10,000 points');
      // Speed is a benchmark figure, not a test assertion: reported for the reader.
      console.log(`      drawing 10,000 points took ${await canvas.getAttribute('data-draw-ms')} ms (last full draw, no GPU)`);
    } finally {
      await focusEditor(page, 'settings.json');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
    }
  });
});
