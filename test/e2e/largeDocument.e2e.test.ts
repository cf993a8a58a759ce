import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { median, percentile } from '../../bench/table';
import { ourEncoder } from '../support/encoders';
import { openFile, root, saveScreenshot, useWorkbench } from './fixture';

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

/** Types `characters` one at a time; for each, the time until the editor shows it. */
async function typeAndTime(page: Page, characters: string): Promise<number[]> {
  const times: number[] = [];
  for (const character of characters) {
    const started = Date.now();
    await page.keyboard.type(character);
    await page.locator('.editor-instance .view-line', { hasText: `${character}Typing here` }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    times.push(Date.now() - started);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
  }
  return times;
}

describe('a 5 MB document in the browser', function () {
  this.timeout(240_000);
  const workbench = useWorkbench();

  it('keeps the count exact and the text responsive while typing with highlighting on', async () => {
    const { page, workspace } = workbench;
    const text = largeText();
    fs.writeFileSync(path.join(workspace, 'large.md'), text);
    const editor = await openFile(page, 'large.md');
    const expected = ourEncoder('o200k_base').count(text).toLocaleString('en-US');
    await page.locator('.statusbar-item', { hasText: `${expected} tokens` }).first().waitFor({ timeout: 120_000 });
    // Go to the middle of the document and type there.
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(Math.floor(text.split('\n').length / 2)));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.type('Typing here ');
    await page.keyboard.press('Home');
    const typed = 'abcdefghijklmnopqrst';
    const withHighlighting = await typeAndTime(page, typed);
    // The count follows the edits exactly: the line now starts with what was typed.
    const lines = text.split('\n');
    const middle = Math.floor(lines.length / 2) - 1;
    lines[middle] = `${typed}Typing here ${lines[middle]}`;
    const count = ourEncoder('o200k_base').count(lines.join('\n')).toLocaleString('en-US');
    await page
      .locator('.statusbar-item', { hasText: `${count} tokens` })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(async (error: Error) => assert.fail(`${error.message.split('\n')[0]}; the status bar shows ${await statusText(page)}`));
    const decorated = await editor.locator('.view-line span[class*="ced-"]').count();
    assert.ok(decorated > 20, `tokens around the cursor are decorated (${decorated} spans)`);
    // For a person to look at (git-ignored): the middle of the document after typing.
    saveScreenshot(await page.screenshot(), path.join(root, 'docs', 'large-document.tmp.png'));
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('Token Lens: Toggle Token Highlighting');
    await page.keyboard.press('Enter');
    const without = await typeAndTime(page, typed);
    const status = await statusText(page);
    assert.match(status, /tokens/);
    // Leave the workbench as it was for the suites after this one: no dirty 5 MB editor.
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('View: Revert and Close Editor');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Revert and Close Editor' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'large.md' }).waitFor({ state: 'detached', timeout: 15_000 });
    console.log(
      `      keystroke → screen, 5 MB document: highlighting on p50 ${median(withHighlighting)} ms, p95 ${percentile(withHighlighting, 95)} ms, max ${Math.max(...withHighlighting)} ms; ` +
        `off p50 ${median(without)} ms, p95 ${percentile(without, 95)} ms, max ${Math.max(...without)} ms`,
    );
  });
});
