import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import type { PageElement, PageWindow } from './dom';
import { failureScreenshotPath, openFile, readmeScreenshotPath, root, saveScreenshot, screenshotEditor, useWorkbench } from './fixture';
import { decodePng, type Image } from './png';
import { waitUntil } from './wait';

type Rgba = readonly [number, number, number, number];

const tokenColourIds = Array.from({ length: 8 }, (_, i) => `tokenLens.token${i + 1}Background`);
const screenshotFile = readmeScreenshotPath('editor-highlighting.png');
const failureScreenshotFile = failureScreenshotPath('editor-highlighting');

/** In the page: resolves theme colours and finds the token colours on decorations in the editor's lines. */
function editorColours(editorElement: PageElement, colourIds: string[]) {
  const { document, getComputedStyle } = globalThis as unknown as PageWindow;
  const probe = document.createElement('div');
  document.body.appendChild(probe);
  const resolve = (css: string): string => {
    probe.style.backgroundColor = '';
    probe.style.backgroundColor = css;
    return getComputedStyle(probe).backgroundColor;
  };
  const workbench = document.querySelector('.monaco-workbench') ?? document.body;
  const theme: Record<string, string> = {};
  for (const id of colourIds) {
    const value = getComputedStyle(workbench).getPropertyValue(`--vscode-${id.replace(/\./g, '-')}`).trim();
    if (value) theme[resolve(value)] = id;
  }
  probe.remove();
  const used: Record<string, number> = {};
  for (const element of editorElement.querySelectorAll('.view-overlays *, .view-lines *')) {
    const colour = getComputedStyle(element).backgroundColor;
    if (theme[colour] && element.getBoundingClientRect().width > 0) used[colour] = (used[colour] ?? 0) + 1;
  }
  const background = editorElement.querySelector('.monaco-editor-background') ?? editorElement;
  return { theme, used, background: getComputedStyle(background).backgroundColor };
}

function parseCss(colour: string): Rgba {
  const parts = colour.match(/[\d.]+/g)?.map(Number) ?? [];
  if (parts.length < 3) throw new Error(`unexpected CSS colour: ${colour}`);
  return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

/** The colour a translucent background shows on screen, drawn over the editor's background. */
function composite([r, g, b, a]: Rgba, [backR, backG, backB]: Rgba): Rgba {
  const mix = (front: number, back: number) => Math.round(front * a + back * (1 - a));
  return [mix(r, backR), mix(g, backG), mix(b, backB), 1];
}

function countPixels(image: Image, [r, g, b]: Rgba, tolerance = 3): number {
  let count = 0;
  const { rgba } = image;
  for (let i = 0; i < rgba.length; i += 4) {
    if (Math.abs(rgba[i] - r) <= tolerance && Math.abs(rgba[i + 1] - g) <= tolerance && Math.abs(rgba[i + 2] - b) <= tolerance) count++;
  }
  return count;
}

/** Waits until the editor shows at least `minimum` token colours (highlighting is debounced). */
async function waitForTokenColours(editor: Locator, minimum: number): Promise<ReturnType<typeof editorColours>> {
  let last: ReturnType<typeof editorColours> | undefined;
  return waitUntil(
    `decorations in at least ${minimum} token colours`,
    async () => {
      last = await editor.evaluate(editorColours, tokenColourIds);
      return Object.keys(last.used).length >= minimum ? last : undefined;
    },
    { explain: () => last },
  );
}

describe('editor token highlighting (e2e)', function () {
  this.timeout(120_000);
  const workbench = useWorkbench();

  it('colours the tokens of strawberry.md with the theme token colours, in the DOM and on screen (docs/editor-highlighting.png)', async () => {
    const editor = await openFile(workbench.page, 'strawberry.md');
    const { theme, used, background } = await waitForTokenColours(editor, 4);
    const png = await screenshotEditor(editor);
    saveScreenshot(png, failureScreenshotFile); // replaced by the real file once everything below passes
    assert.equal(Object.keys(theme).length, 8, `theme colours ${tokenColourIds.join(', ')} are not all defined: ${JSON.stringify(theme)}`);
    const usedIds = Object.keys(used).map((colour) => theme[colour]);
    assert.ok(
      usedIds.length >= 4,
      `expected decorations with at least 4 distinct token background colours in the editor, found ${usedIds.length}: ${usedIds.join(', ') || 'none'}`,
    );

    const image = decodePng(png);
    const editorBackground = parseCss(background);
    const onScreen = Object.keys(used).filter((colour) => countPixels(image, composite(parseCss(colour), editorBackground)) >= 20);
    assert.ok(
      onScreen.length >= 4,
      `expected at least 4 token colours in the screenshot ${path.relative(root, failureScreenshotFile)}, found ${onScreen.map((colour) => theme[colour]).join(', ') || 'none'} ` +
        `(decorations used ${usedIds.join(', ')} over editor background ${background})`,
    );
    assert.deepEqual(workbench.blockedRequests, [], 'the workbench tried to reach the network');
    fs.mkdirSync(path.dirname(screenshotFile), { recursive: true });
    fs.renameSync(failureScreenshotFile, screenshotFile);
  });
});
