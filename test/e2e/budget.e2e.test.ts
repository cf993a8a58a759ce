/** The prompt budget in the real UI: a chat request's framing in the panel strip, the Explorer's counts, the chat tooltip. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { openFile, readmeScreenshotPath, saveScreenshot, useWorkbench } from './fixture';
import { closeAllEditors, openNewFile, showPanelFor } from './panelPage';
import { waitUntil } from './wait';

const REQUEST_FILE = 'request.json';
const REQUEST = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You are a careful reviewer. Answer in two sentences.' },
    { role: 'user', name: 'ada', content: 'Is this prompt within budget?' },
  ],
};

interface StripCell {
  readonly text: string;
  readonly framing: boolean;
  /** The cell's background as the browser computed it. */
  readonly background: string;
  readonly label: string;
}

/** In the webview: every strip cell, and the framing colour resolved the way the browser draws it. */
async function stripCells(frame: Frame): Promise<{ cells: StripCell[]; framingColour: string }> {
  return frame.evaluate(() => {
    interface Element {
      readonly classList: { contains(name: string): boolean };
      querySelector(selector: string): { textContent: string | null } | null;
      getAttribute(name: string): string | null;
      style: { background: string };
      remove(): void;
    }
    const page = globalThis as unknown as {
      document: { querySelectorAll(selector: string): Iterable<Element>; createElement(tag: string): Element; body: { appendChild(element: Element): void } };
      getComputedStyle(element: Element): { backgroundColor: string };
    };
    const probe = page.document.createElement('span');
    probe.style.background = 'var(--vscode-tokenLens-chatFramingBackground)';
    page.document.body.appendChild(probe);
    const framingColour = page.getComputedStyle(probe).backgroundColor;
    probe.remove();
    const cells = [...page.document.querySelectorAll('#strip .token')].map((cell) => ({
      text: cell.querySelector('.text')?.textContent ?? '',
      framing: cell.classList.contains('framing'),
      background: page.getComputedStyle(cell).backgroundColor,
      label: cell.getAttribute('aria-label') ?? '',
    }));
    return { cells, framingColour };
  });
}

describe('prompt budget (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ failureScreenshot: 'budget-failure' });

  before(() => {
    fs.writeFileSync(path.join(workbench.workspace, REQUEST_FILE), `${JSON.stringify(REQUEST, null, 2)}\n`);
    // A folder of prompts, so the view shows a folder total.
    fs.mkdirSync(path.join(workbench.workspace, 'prompts'), { recursive: true });
    fs.writeFileSync(path.join(workbench.workspace, 'prompts', 'system.md'), '## system\nYou review pull requests. Be specific, cite the line, and keep it under 100 words.\n');
    fs.writeFileSync(path.join(workbench.workspace, 'prompts', 'few-shot.md'), '## user\nReview: `x = x + 1`\n\n## assistant\nLine 1: prefer `x += 1`.\n');
  });

  it("the panel strip draws a chat request's roles and names in the framing colour and its messages in token colours", async () => {
    const { frame } = await showPanelFor(workbench.page, REQUEST_FILE, { open: openNewFile });
    const { cells, framingColour } = await stripCells(frame);
    assert.match(framingColour, /^rgba?\(/, `the framing colour is defined: ${framingColour}`);
    const framing = cells.filter((cell) => cell.framing);
    for (const label of ['system', 'user', 'ada']) assert.ok(framing.some((cell) => cell.text.includes(label)), `"${label}" is a framing cell: ${JSON.stringify(framing.map((cell) => cell.text))}`);
    for (const cell of framing) {
      assert.equal(cell.background, framingColour, `framing cell ${JSON.stringify(cell.text)} is drawn in the framing colour`);
      assert.match(cell.label, /chat framing/, 'a screen reader hears that it is framing');
    }
    const content = cells.filter((cell) => !cell.framing);
    assert.ok(content.some((cell) => cell.text.includes('reviewer')), 'message text is not framing');
    assert.ok(content.every((cell) => cell.background !== framingColour), 'no other cell is drawn in the framing colour');
    assert.deepEqual(workbench.blockedRequests, [], 'the workbench tried to reach the network');
  });

  it("the Explorer's Token Lens view lists files and folders with their counts and share of the context window (docs/explorer-counts.png)", async () => {
    const { page } = workbench;
    await closeAllEditors(page);
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Token Lens/i }) }).first();
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // The file list above takes room from the view: collapse it for the picture.
    const folders = page.locator('.pane-header', { has: page.locator('h3.title', { hasText: /^examples$/i }) }).first();
    if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
    const rows = pane.locator('.monaco-list-row');
    let seen: string[] = [];
    await waitUntil(
      'the view to list english.md, request.json and the prompts folder with counts',
      async () => {
        seen = await rows.allInnerTexts();
        const counted = (name: string) => seen.some((row) => row.includes(name) && /[\d,]+ tokens · [\d.]+%/.test(row));
        return counted('english.md') && counted('request.json') && counted('prompts');
      },
      { timeoutMs: 60_000, explain: () => seen },
    );
    const folder = rows.filter({ hasText: 'prompts' }).first();
    if ((await folder.getAttribute('aria-expanded')) === 'false') await folder.click();
    await waitUntil('the prompts folder open', async () => (await rows.allInnerTexts()).some((row) => row.includes('few-shot.md')), { explain: () => seen });
    const texts = await rows.allInnerTexts();
    const total = (name: string) => Number(/([\d,]+) tokens/.exec(texts.find((row) => row.includes(name)) ?? '')?.[1].replace(/,/g, ''));
    assert.equal(total('prompts'), total('system.md') + total('few-shot.md'), `the folder total is the sum of its files: ${JSON.stringify(texts)}`);
    const box = await pane.boundingBox();
    const last = await rows.last().boundingBox();
    assert.ok(box && last, 'the view is on screen');
    const png = await page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, last.y + last.height - box.y + 8) }, animations: 'disabled' });
    saveScreenshot(png, readmeScreenshotPath('explorer-counts.png'));
    await folders.click(); // the file list back, for the tests after this one
  });

  it('the status bar counts a chat request as the API bills it and its tooltip splits content and framing (docs/chat-tooltip.png)', async () => {
    const { page } = workbench;
    await closeAllEditors(page);
    await openFile(page, REQUEST_FILE);
    const item = page.locator('.statusbar-item', { hasText: /chat tokens$/ }).first();
    await item.waitFor({ timeout: 30_000 });
    await item.hover();
    const tooltip = page.locator('.monaco-hover:visible, .workbench-hover:visible', { hasText: 'framing' }).first();
    await tooltip.waitFor({ timeout: 15_000 });
    const text = await tooltip.innerText();
    const total = /^([\d,]+) chat tokens$/.exec((await item.innerText()).trim())?.[1];
    assert.ok(total, await item.innerText());
    assert.ok(text.includes(`${total} tokens: `) && /\d+ content \+ \d+ framing/.test(text), text);
    assert.match(text, /context window/);
    const [tip, bar] = [await tooltip.boundingBox(), await item.boundingBox()];
    assert.ok(tip && bar);
    const x = Math.max(0, Math.min(tip.x, bar.x) - 12);
    const y = Math.max(0, tip.y - 12);
    const png = await page.screenshot({
      clip: { x, y, width: Math.min(1280 - x, Math.max(tip.x + tip.width, bar.x + bar.width) - x + 12), height: Math.min(800 - y, bar.y + bar.height - y + 4) },
      animations: 'disabled',
    });
    saveScreenshot(png, readmeScreenshotPath('chat-tooltip.png'));
  });
});
