import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { failureScreenshotPath, openFile, saveScreenshot, useWorkbench } from './fixture';
import { waitUntil } from './wait';

/** The little of the DOM the in-page measurement below uses (the project has no DOM lib). */
interface Rect {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}
interface Measured {
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly innerText: string;
  getBoundingClientRect(): Rect;
  getClientRects(): ArrayLike<Rect>;
  querySelector(selector: string): Measured | null;
  querySelectorAll(selector: string): ArrayLike<Measured>;
}

/** What decides whether a hover is cut: its content's scroll size, the last heat strip, and code lines that wrap. */
interface Fit {
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly hover: Rect;
  readonly lastStrip: Rect | undefined;
  readonly strips: number;
  /** Code blocks and spans laid out on more lines than their text has. */
  readonly wrapped: readonly string[];
}

const SAMPLE = 'hover-fit.md';
// Line 3: " strawberry" is one o200k_base token. Line 5: 24 digits, 8 tokens of 3 digits.
const LINES = ['# Hover fit', '', 'The strawberry question', '', '141592653589793238462643', ''];

/**
 * The hover over a word must fit inside what VS Code lets a hover be (about a quarter of the editor, at least
 * 250 px): token part and embedding part, down to the last heat strip, with no scrolling and no wrapped lines.
 */
describe('hover fits in the browser', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({ failureScreenshot: 'hover-fit' });

  before(() => fs.writeFileSync(path.join(workbench.workspace, SAMPLE), LINES.join('\n')));

  async function command(page: Page, name: string): Promise<void> {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  }

  /** Puts the cursor at line:column of the active editor and shows the hover from the keyboard. */
  async function hoverAt(page: Page, line: number, column: number, expected: RegExp): Promise<Locator> {
    await page.keyboard.press('Escape');
    await command(page, 'Go to Line/Column');
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    await command(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Token Lens' });
    let shown = '';
    await waitUntil(
      `the hover at ${line}:${column} showing ${expected} and three heat strips`,
      async () => {
        if ((await hover.count()) !== 1) return false;
        shown = await hover.innerText();
        return expected.test(shown) && (await hover.locator('img[src^="data:image/svg+xml"]').count()) >= 3;
      },
      { explain: () => shown },
    );
    return hover;
  }

  async function measure(hover: Locator): Promise<Fit> {
    return hover.evaluate((element) => {
      const root = element as unknown as Measured;
      const content = root.querySelector('.monaco-hover-content') ?? root;
      const strips = Array.from(root.querySelectorAll('img[src^="data:image/svg+xml"]'));
      const plain = (rect: Rect): Rect => ({ top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right });
      // A code line laid out on two lines gives more line boxes than the text has lines. Code blocks in a
      // hover are rendered as .monaco-tokenized-source (a span per line, <br> between), inline code as <code>.
      const range = (root as unknown as { ownerDocument: { createRange(): { selectNodeContents(node: Measured): void; getClientRects(): ArrayLike<Rect> } } }).ownerDocument.createRange();
      const wrapped = Array.from(root.querySelectorAll('.monaco-tokenized-source, pre, code'))
        .filter((code) => {
          const lines = code.innerText.replace(/\n$/, '').split('\n').length;
          range.selectNodeContents(code);
          const tops = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
          return tops.size > lines;
        })
        .map((code) => code.innerText);
      return {
        scrollHeight: content.scrollHeight,
        clientHeight: content.clientHeight,
        hover: plain(root.getBoundingClientRect()),
        lastStrip: strips.length > 0 ? plain(strips[strips.length - 1].getBoundingClientRect()) : undefined,
        strips: strips.length,
        wrapped,
      };
    });
  }

  /** What is wrong with the hover's fit, each problem named with `what`, and the measurements to explain it. */
  async function misfits(page: Page, what: string, hover: Locator): Promise<{ problems: string[]; explain: string }> {
    const fit = await measure(hover);
    const cut = fit.lastStrip && !(fit.lastStrip.top >= fit.hover.top && fit.lastStrip.bottom <= fit.hover.bottom && fit.lastStrip.left >= fit.hover.left && fit.lastStrip.right <= fit.hover.right);
    const problems = [
      ...(fit.scrollHeight > fit.clientHeight + 1 ? ['its content is taller than the hover (it scrolls)'] : []),
      ...(fit.strips < 3 ? ['fewer than three heat strips'] : []),
      ...(cut ? ['the last heat strip is cut'] : []),
      ...(fit.wrapped.length > 0 ? ['code lines wrap'] : []),
    ].map((problem) => `${what}: ${problem}`);
    if (problems.length > 0) saveScreenshot(await page.screenshot(), failureScreenshotPath(`hover-fit-${what.replace(/\W+/g, '-')}`));
    return { problems, explain: `${what}: ${JSON.stringify(fit)}; the hover shows:\n${await hover.innerText()}` };
  }

  /** Both words are measured before anything is asserted, so a failure names every hover that does not fit. */
  function assertFit(results: readonly { problems: string[]; explain: string }[]): void {
    assert.deepEqual(results.flatMap((result) => result.problems), [], results.map((result) => result.explain).join('\n\n'));
  }

  it('one token and a word of eight tokens: the whole hover shows, down to the last heat strip, without scrolling', async () => {
    const { page } = workbench;
    await openFile(page, SAMPLE);
    await page.locator('.statusbar-item', { hasText: / tokens$/ }).first().waitFor({ timeout: 30_000 });
    const oneToken = await misfits(page, 'one token', await hoverAt(page, 3, 8, /1 token/));
    assertFit([oneToken, await misfits(page, 'eight tokens', await hoverAt(page, 5, 5, /8 tokens/))]);
  });

  it('in a half-width editor the hover still fits and no line of vectors wraps', async () => {
    const { page } = workbench;
    await openFile(page, SAMPLE);
    await page.keyboard.press('Escape');
    await command(page, 'View: Split Editor Right');
    await page.locator('.editor-group-container').nth(1).waitFor();
    const oneToken = await misfits(page, 'one token, half width', await hoverAt(page, 3, 8, /1 token/));
    assertFit([oneToken, await misfits(page, 'eight tokens, half width', await hoverAt(page, 5, 5, /8 tokens/))]);
  });
});
