import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { median, percentile } from '../../bench/table';
import { ourEncoder } from '../support/encoders';
import { openFile, useWorkbench } from './fixture';
import { runCommand } from './panelPage';

/** A 5 MB document of prose, code and Chinese, one paragraph per line. */
function largeText(): string {
  const lines = [
    'Tokenization cuts text into pieces from a fixed vocabulary; the model only ever sees their ids.',
    'function tokenize(text) { return encoder.encode(text).map((id) => vocabulary[id]); }',
    '大型语言模型看到的不是文字，而是词元的编号。每个编号对应嵌入矩阵中的一行。',
    '// "strawberry" is str|aw|berry in cl100k_base, which is why counting its r\'s is hard.',
  ];
  let text = '';
  for (let i = 0; text.length < 5_000_000; i++) text += `${lines[i % lines.length]} #${i}\n`;
  return text;
}

async function statusText(page: Page): Promise<string> {
  return (await page.locator('.statusbar-item', { hasText: /tokens/ }).first().innerText().catch(() => '')).trim();
}

/** The status bar item's tooltip (it gives the characters the extension sees), or why it could not be read. */
async function statusTooltip(page: Page): Promise<string> {
  try {
    await page.locator('.statusbar-item', { hasText: /tokens/ }).first().hover({ timeout: 5_000 });
    const hover = page.locator('.workbench-hover:visible, .monaco-hover:visible', { hasText: 'characters' }).first();
    return (await hover.innerText({ timeout: 5_000 })).replace(/\s+/g, ' ').trim();
  } catch (error) {
    return `(tooltip not read: ${(error as Error).message.split('\n')[0]})`;
  }
}

/** Waits until the status bar shows the o200k_base count of `text`, or fails saying what it shows. */
async function expectCount(page: Page, text: string, timeout: number): Promise<void> {
  const count = ourEncoder('o200k_base').count(text).toLocaleString('en-US');
  await page
    .locator('.statusbar-item', { hasText: `${count} tokens` })
    .first()
    .waitFor({ timeout })
    .catch(async (error: Error) =>
      assert.fail(
        `${error.message.split('\n')[0]}; expected ${count} tokens in ${text.length.toLocaleString('en-US')} characters, ` +
          `the status bar shows ${await statusText(page)}; its tooltip: ${await statusTooltip(page)}`,
      ),
    );
}

/**
 * Types `characters` one at a time before `after` (the text right of the cursor); each keystroke must
 * appear on screen, in order, or the test fails. Returns the time from key to screen of each, in ms.
 */
async function typeEach(page: Page, editor: Locator, characters: string, after: string): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < characters.length; k++) {
    const shown = `${characters.slice(0, k + 1)}${after}`;
    const started = Date.now();
    await page.keyboard.type(characters[k]);
    await editor
      .locator('.view-line', { hasText: shown })
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(async (error: Error) => {
        const line = await editor.locator('.view-line', { hasText: after }).first().innerText().catch(() => '(no line with the typed text)');
        assert.fail(`keystroke ${k + 1} of ${characters.length} (${JSON.stringify(characters[k])}) never appeared: ${error.message.split('\n')[0]}; the line shows ${JSON.stringify(line.slice(0, 80))}`);
      });
    times.push(Date.now() - started);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
  }
  return times;
}

const figure = (times: number[]) => `p50 ${median(times)} ms, p95 ${percentile(times, 95)} ms, max ${Math.max(...times)} ms`;

describe('a 5 MB document in the browser', function () {
  this.timeout(240_000);
  const workbench = useWorkbench({ failureScreenshot: 'large-document' });

  it('shows every keystroke and keeps the count exact while typing, with highlighting on and then off', async () => {
    const { page, workspace } = workbench;
    const text = largeText();
    fs.writeFileSync(path.join(workspace, 'large.md'), text);
    const editor = await openFile(page, 'large.md');
    try {
      await expectCount(page, text, 120_000);
      // Go to the middle of the document and type there.
      const lines = text.split('\n');
      const middle = Math.floor(lines.length / 2);
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
      await page.keyboard.type(String(middle));
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      await page.keyboard.press('Home');
      await page.keyboard.type('Typing here ');
      await editor.locator('.view-line', { hasText: 'Typing here' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Home');
      const typed = 'abcdefghijkl';
      const withHighlighting = await typeEach(page, editor, typed, 'Typing here');
      lines[middle - 1] = `${typed}Typing here ${lines[middle - 1]}`;
      await expectCount(page, lines.join('\n'), 30_000);
      const decorated = await editor.locator('.view-line span[class*="ced-"]').count();
      assert.ok(decorated > 20, `tokens around the cursor are decorated (${decorated} spans)`);

      await runCommand(page, 'Token Lens: Toggle Token Highlighting');
      await editor.locator('.view-line span[class*="ced-"]').first().waitFor({ state: 'detached', timeout: 30_000 });
      await page.keyboard.press('Home');
      const without = await typeEach(page, editor, typed, `${typed}Typing here`);
      lines[middle - 1] = `${typed}${lines[middle - 1]}`;
      await expectCount(page, lines.join('\n'), 30_000);
      // A figure for the reader, not an assertion: speed is measured by `npm run bench` (editor path).
      console.log(`      keystroke → screen, 5 MB document (${typed.length} keys each): highlighting on ${figure(withHighlighting)}; off ${figure(without)}`);
    } finally {
      // Leave the workbench as it was: no dirty 5 MB editor.
      await page.keyboard.press('Escape');
      await runCommand(page, 'View: Revert and Close Editor');
      await page.locator('.tabs-container .tab', { hasText: 'large.md' }).waitFor({ state: 'detached', timeout: 15_000 });
    }
  });
});
