/** The prompt budget in the real UI: a chat request's framing in the panel strip. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { failureScreenshotPath, saveScreenshot, useWorkbench } from './fixture';
import { openNewFile, showPanelFor } from './panelPage';

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
  const workbench = useWorkbench();

  before(() => {
    fs.writeFileSync(path.join(workbench.workspace, REQUEST_FILE), `${JSON.stringify(REQUEST, null, 2)}\n`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') saveScreenshot(await workbench.page.screenshot(), failureScreenshotPath('budget-failure'));
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
});
