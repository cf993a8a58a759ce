/** Compare Tokenizers in the real UI: chosen in its quick pick, shown side by side, pictured for the README. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getEncoding } from 'js-tiktoken';
import type { Frame, Page } from 'playwright-core';
import { brokenTokens, pageTops, placeholderRoom } from './comparePage';
import { openFile, readmeScreenshotPath, saveScreenshot, useWorkbench } from './fixture';
import { closeAllEditors, runCommand } from './panelPage';
import { waitUntil } from './wait';

const FILE = 'strawberry.md';
const ENCODINGS = ['o200k_base', 'cl100k_base', 'r50k_base'] as const;
type Encoding = (typeof ENCODINGS)[number];

interface ShownSection {
  readonly name: string;
  readonly stats: string;
  readonly tokens: number;
  readonly outlined: number;
}

interface ShownView {
  readonly frame: Frame;
  /** The line above the sections naming the document (and whether its selection) compared. */
  readonly source: string;
  readonly sections: ShownSection[];
}

/** The compare view's frame (the webview with section headings and strips) once it shows `names`, and what it shows. */
async function compareView(page: Page, names: readonly string[], source?: RegExp): Promise<ShownView> {
  let seen: unknown;
  return waitUntil(
    `the Compare Tokenizers view with sections ${names.join(', ')}${source ? ` and a source line matching ${source}` : ''}`,
    async () => {
      for (const frame of page.frames()) {
        if (frame.isDetached()) continue;
        const shown = await frame
          .locator('body')
          .evaluate((body) => ({
            source: body.querySelector('.source')?.textContent ?? '',
            sections: [...body.querySelectorAll('section')].map((section) => ({
              name: section.querySelector('h2')?.textContent ?? '',
              stats: section.querySelector('.stats')?.textContent ?? '',
              tokens: section.querySelectorAll('.strip .t').length,
              outlined: section.querySelectorAll('.strip .differs').length,
            })),
          }))
          .catch(() => undefined);
        if (!shown || shown.sections.length === 0) continue;
        seen = shown;
        if (shown.sections.map((section) => section.name).join() === names.join() && (!source || source.test(shown.source))) return { frame, ...shown };
      }
      return undefined;
    },
    { timeoutMs: 30_000, explain: () => seen ?? page.frames().map((frame) => frame.url().slice(0, 80)) },
  );
}

/** Runs Compare Tokenizers and ticks `names` in its picker (or checks the picker first with `inspect`). */
async function compareInPicker(page: Page, names: readonly string[], inspect?: () => Promise<void>): Promise<void> {
  await runCommand(page, 'Token Lens: Compare Tokenizers');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15_000 });
  await inspect?.();
  for (const name of names) {
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${name}`) }).first();
    const checkbox = row.locator('input[type="checkbox"], .monaco-checkbox, .quick-input-list-checkbox').first();
    // The click event itself, not a pointer at its place: wherever the pointer rests, a hover (of the
    // row ticked last, of the picker's input) can cover the next checkbox. The sections show which
    // encodings the picker took.
    await checkbox.waitFor({ timeout: 15_000 });
    await checkbox.dispatchEvent('click');
  }
  await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click({ timeout: 15_000 });
}

const tokenCount = (name: Encoding, text: string) => getEncoding(name).encode(text).length;

describe('Compare Tokenizers (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ failureScreenshot: 'compare-failure' });
  afterEach(async () => workbench.page.setViewportSize({ width: 1280, height: 800 }));

  it('shows the document under three encodings chosen in its picker, each with its exact count and the tokens whose boundaries differ outlined (docs/compare-tokenizers.png)', async () => {
    const { page } = workbench;
    await closeAllEditors(page);
    await openFile(page, FILE);
    await compareInPicker(page, ENCODINGS);

    const { source, sections } = await compareView(page, ENCODINGS);
    assert.equal(source, `Whole document: ${FILE}`, 'the line above the sections names the document');
    const text = fs.readFileSync(path.join(workbench.workspace, FILE), 'utf8');
    for (const section of sections) {
      const expected = tokenCount(section.name as Encoding, text);
      assert.equal(section.tokens, expected, `${section.name}: one strip cell per token of js-tiktoken's encoding`);
      assert.match(section.stats, new RegExp(`^${expected.toLocaleString('en-US')} tokens`), `${section.name}: the count in its stats line`);
      const stated = Number(/([\d,]+) tokens with boundaries the others lack/.exec(section.stats)?.[1].replace(/,/g, ''));
      assert.equal(section.outlined, stated, `${section.name}: as many outlined tokens as its stats line says`);
    }
    // r50k_base (GPT-2) splits this English text differently from o200k_base: some tokens differ.
    assert.ok(sections.every((section) => section.outlined > 0), `each encoding has tokens the others lack: ${JSON.stringify(sections)}`);
    saveScreenshot(await page.screenshot({ animations: 'disabled', caret: 'hide' }), readmeScreenshotPath('compare-tokenizers.png'));
    assert.deepEqual(workbench.blockedRequests, [], 'the workbench tried to reach the network');
  });

  it('its picker has a short placeholder the selected-count badge does not cover, and its encodings and the hint on open models under a separator', async () => {
    const { page } = workbench;
    await closeAllEditors(page);
    await openFile(page, FILE);
    await compareInPicker(page, ENCODINGS.slice(0, 2), async () => {
      const input = page.locator('.quick-input-widget .quick-input-box input').first();
      const placeholder = (await input.getAttribute('placeholder')) ?? '';
      assert.equal(placeholder, 'Choose 2 to 4 tokenizers');
      // The placeholder's drawn width, in the input's own font, must end before the "0 Selected" badge begins.
      const room = await input.evaluate(placeholderRoom);
      assert.ok(room.badgeStart !== undefined, 'the picker shows its "0 Selected" badge');
      assert.ok(room.textEnd < room.badgeStart, `the placeholder ends (${room.textEnd}) before the badge starts (${room.badgeStart})`);
      const separators = await page.locator('.quick-input-widget .quick-input-list .quick-input-list-separator').allTextContents();
      assert.ok(separators.some((label) => label.startsWith('OpenAI encodings')), `a separator labelled OpenAI encodings: ${JSON.stringify(separators)}`);
      // No model was opened in this workbench: the hint on opening one is a separator's label, not the placeholder.
      assert.ok(separators.some((label) => label.includes('Select Tokenizer…')), `the hint about open models in a separator: ${JSON.stringify(separators)}`);
    });
    await compareView(page, ENCODINGS.slice(0, 2));
  });

  it('breaks the strip\'s lines only between tokens in a narrow view, except inside a token wider than the strip', async () => {
    const { page } = workbench;
    await closeAllEditors(page);
    await page.setViewportSize({ width: 760, height: 800 });
    await openFile(page, 'english.md');
    await compareInPicker(page, ENCODINGS);
    const { frame } = await compareView(page, ENCODINGS);
    const strips = await waitUntil('the strips laid out in the narrow view', async () => {
      const measured = await frame.evaluate(brokenTokens);
      return measured.every((strip) => strip.softBreaks > 0) && measured;
    });
    for (const strip of strips) assert.deepEqual(strip.broken, [], `tokens continued on the next line in a ${strip.width}px strip`);
  });

  it('compares the text editor last active when run from the Compare view itself, names it and the selection, and shows the new text from the top', async () => {
    const { page } = workbench;
    await closeAllEditors(page);
    await page.setViewportSize({ width: 1280, height: 450 }); // short, so both comparisons scroll
    await openFile(page, 'english.md');
    await compareInPicker(page, ENCODINGS);
    const first = await compareView(page, ENCODINGS, /english\.md/);
    const webview = await (await first.frame.frameElement()).boundingBox();
    if (!webview) throw new Error('the Compare view has no box');
    await page.mouse.move(webview.x + webview.width / 2, webview.y + webview.height / 2);
    await waitUntil('the Compare view scrolled down', async () => {
      await page.mouse.wheel(0, 200);
      return (await first.frame.evaluate(pageTops)).every((top) => top < -250);
    });

    // Another document in the first group, all of it selected (so its comparison could keep that scroll); then focus on the Compare view.
    await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').first().click();
    await openFile(page, FILE);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+Shift+End');
    await first.frame.locator('h2').first().click();
    await compareInPicker(page, ENCODINGS);

    const second = await compareView(page, ENCODINGS, /strawberry/);
    assert.equal(second.source, `Selection in ${FILE}`);
    const text = fs.readFileSync(path.join(workbench.workspace, FILE), 'utf8');
    for (const section of second.sections) assert.equal(section.tokens, tokenCount(section.name as Encoding, text), `${section.name}: the selected text's tokens`);
    const top = await second.frame.evaluate(pageTops);
    assert.ok(top.every((y) => y >= 0), `the new comparison is shown from its top, not at the old scroll position: ${JSON.stringify(top)}`);
    assert.equal(await page.locator('.editor-group-container').count(), 2, 'the Compare view stays in its group beside the editor');
  });
});
