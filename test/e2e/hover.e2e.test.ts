import * as assert from 'node:assert/strict';
import { failureScreenshotPath, openFile, readmeScreenshotPath, saveScreenshot, useWorkbench } from './fixture';
import { waitUntil } from './wait';

/** Hovering a word in the real UI: its tokens, ids and the three vectors, with the heat strips drawn. */
describe('hover in the browser', function () {
  this.timeout(120_000);
  const workbench = useWorkbench();

  it('shows the tokens and the word, position and input vectors of the word under the cursor (docs/hover-embedding.png)', async () => {
    const { page } = workbench;
    const editor = await openFile(page, 'strawberry.md');
    await page.locator('.statusbar-item', { hasText: / tokens$/ }).first().waitFor({ timeout: 30_000 });
    const word = editor.locator('.view-line span', { hasText: 'strawberry' }).first();
    // The line's spans are rebuilt when decorations arrive: measure one that stays laid out.
    const box = await waitUntil('"strawberry" laid out on screen', () => word.boundingBox({ timeout: 2000 }).then((found) => found ?? undefined), {
      timeoutMs: 30_000,
      retryOn: /Timeout|detached/i,
    });
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Token Lens' });
    // Put the cursor in the word and ask for the hover from the keyboard (Show Hover): no mouse timing involved.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('Show or Focus Hover');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show or Focus Hover' }).first().click();
    await hover.waitFor({ timeout: 15_000 }).catch(async (error: Error) => {
      saveScreenshot(await page.screenshot(), failureScreenshotPath('hover-embedding'));
      throw error;
    });
    await page
      .locator('.monaco-hover:visible', { hasText: /word\s+\+ position\s+= input/ })
      .waitFor({ timeout: 15_000 })
      .catch(async (error: Error) => assert.fail(`${error.message.split('\n')[0]}; the hover shows: ${await hover.innerText()}`));
    const text = await hover.innerText();
    assert.match(text, /o200k_base/);
    assert.match(text, /id \d+/);
    assert.match(text, /position \d+/);
    assert.match(text, /‖\d\.\d{3}‖/, "norms");
    // The heat strips are data: SVG images; each must have loaded (VS Code allows them in hovers).
    const strips = hover.locator('img[src^="data:image/svg+xml"]');
    assert.ok((await strips.count()) >= 3, 'three heat strips');
    const loaded = await strips.evaluateAll((images) => images.map((image) => (image as unknown as { naturalWidth: number }).naturalWidth));
    assert.ok(loaded.every((width) => width > 0), `strips drawn: ${loaded.join(', ')}`);
    const hoverBox = await hover.boundingBox();
    const editorBox = await editor.boundingBox();
    assert.ok(hoverBox && editorBox);
    const x = Math.max(0, Math.min(hoverBox.x, box.x) - 20);
    const y = Math.max(0, Math.min(hoverBox.y, box.y) - 20);
    const png = await page.screenshot({
      clip: { x, y, width: Math.min(900, Math.max(hoverBox.x + hoverBox.width, box.x + box.width) - x + 20), height: Math.max(hoverBox.y + hoverBox.height, box.y + box.height) - y + 20 },
      animations: 'disabled',
    });
    saveScreenshot(png, readmeScreenshotPath('hover-embedding.png'));
  });
});
