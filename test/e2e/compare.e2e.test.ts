/** Compare Tokenizers in the real UI: chosen in its quick pick, shown side by side, pictured for the README. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getEncoding } from 'js-tiktoken';
import type { Frame, Page } from 'playwright-core';
import { openFile, readmeScreenshotPath, saveScreenshot, useWorkbench } from './fixture';
import { closeAllEditors, runCommand } from './panelPage';
import { waitUntil } from './wait';

const FILE = 'strawberry.md';
const ENCODINGS = ['o200k_base', 'cl100k_base', 'r50k_base'] as const;

interface ShownSection {
  readonly name: string;
  readonly stats: string;
  readonly tokens: number;
  readonly outlined: number;
}

/** The compare view's frame (the webview with section headings and strips), and what each section shows. */
async function compareSections(page: Page): Promise<{ frame: Frame; sections: ShownSection[] }> {
  return waitUntil(
    'the Compare Tokenizers view with three sections',
    async () => {
      for (const frame of page.frames()) {
        if (frame.isDetached()) continue;
        const sections = await frame
          .locator('section')
          .evaluateAll((elements) =>
            elements.map((section) => ({
              name: section.querySelector('h2')?.textContent ?? '',
              stats: section.querySelector('.stats')?.textContent ?? '',
              tokens: section.querySelectorAll('.strip .t').length,
              outlined: section.querySelectorAll('.strip .differs').length,
            })),
          )
          .catch(() => [] as ShownSection[]);
        if (sections.length === ENCODINGS.length) return { frame, sections };
      }
      return undefined;
    },
    { timeoutMs: 30_000, explain: () => page.frames().map((frame) => frame.url().slice(0, 80)) },
  );
}

describe('Compare Tokenizers (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ failureScreenshot: 'compare-failure' });

  it('shows the document under three encodings chosen in its picker, each with its exact count and the tokens whose boundaries differ outlined (docs/compare-tokenizers.png)', async () => {
    const { page } = workbench;
    await closeAllEditors(page);
    await openFile(page, FILE);
    await runCommand(page, 'Token Lens: Compare Tokenizers');
    for (const name of ENCODINGS) {
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${name}`) }).first();
      const checkbox = row.locator('input[type="checkbox"], .monaco-checkbox, .quick-input-list-checkbox').first();
      // The click event itself, not a pointer at its place: wherever the pointer rests, a hover (of the
      // row ticked last, of the picker's input) can cover the next checkbox. The sections below show
      // which encodings the picker took.
      await checkbox.waitFor({ timeout: 15_000 });
      await checkbox.dispatchEvent('click');
    }
    await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click({ timeout: 15_000 });

    const { sections } = await compareSections(page);
    const text = fs.readFileSync(path.join(workbench.workspace, FILE), 'utf8');
    assert.deepEqual(
      sections.map((section) => section.name),
      [...ENCODINGS],
    );
    for (const section of sections) {
      const expected = getEncoding(section.name as (typeof ENCODINGS)[number]).encode(text).length;
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
});
