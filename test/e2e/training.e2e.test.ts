import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { readmeScreenshotPath, saveScreenshot, useWorkbench } from './fixture';
import { panelFrame, runCommand, showPanelFor } from './panelPage';
import { waitUntil } from './wait';

/** Groups of words that only ever share their own sentence pattern: training should pull each group together. */
const GROUPS: readonly [string, readonly string[]][] = [
  ['see you on {} morning', ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']],
  ['the {} ran across the field', ['cat', 'dog', 'horse', 'fox', 'rabbit']],
  ['she bought {} apples and {} pears', ['two', 'three', 'four', 'five', 'six']],
  ['he wore a {} shirt today', ['red', 'blue', 'green', 'yellow', 'black']],
];

/** 1,600 sentences in a seeded random order: a fixed order would give each word neighbours of its own across sentences. */
function corpus(): string {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines: string[] = [];
  for (let i = 0; i < 1600; i++) {
    const [pattern, words] = GROUPS[Math.floor(random() * GROUPS.length)];
    lines.push(pattern.split('{}').join(words[Math.floor(random() * words.length)]) + '.');
  }
  return lines.join('\n');
}

interface Picture {
  readonly status: string;
  readonly done: boolean;
  readonly lossPoints: number;
  readonly range: string;
  /** Each tracked token's CSS transform, by its text. */
  readonly places: Record<string, string>;
  readonly transition: string;
}

/** In the webview: what the training section shows. */
async function picture(frame: Frame): Promise<Picture> {
  return frame.evaluate(() => {
    const page = globalThis as unknown as {
      document: {
        getElementById(id: string): { textContent: string | null; hidden: boolean; classList: { contains(name: string): boolean }; getAttribute(name: string): string | null } | null;
        querySelectorAll(selector: string): Iterable<{ textContent: string | null; style: { transform: string } }>;
        querySelector(selector: string): unknown;
      };
      getComputedStyle(element: unknown): { transitionDuration: string };
    };
    const section = page.document.getElementById('training');
    const places: Record<string, string> = {};
    for (const group of page.document.querySelectorAll('.tracked-token')) places[group.textContent ?? ''] = group.style.transform;
    const first = page.document.querySelector('.tracked-token');
    return {
      status: section && !section.hidden ? (page.document.getElementById('training-status')?.textContent ?? '') : '',
      done: section?.classList.contains('done') ?? false,
      lossPoints: (page.document.querySelector('.loss-line') as { getAttribute(name: string): string | null } | null)?.getAttribute('points')?.split(' ').filter(Boolean).length ?? 0,
      range: (page.document.querySelector('.loss-range') as { textContent: string | null } | null)?.textContent ?? '',
      places,
      transition: first ? page.getComputedStyle(first).transitionDuration : '',
    };
  });
}

describe('training in the panel (e2e)', function () {
  this.timeout(240_000);
  const workbench = useWorkbench({ failureScreenshot: 'training-failure' });

  before(() => {
    fs.mkdirSync(path.join(workbench.workspace, 'corpus'), { recursive: true });
    fs.writeFileSync(path.join(workbench.workspace, 'corpus', 'groups.txt'), corpus());
  });

  it('shows the loss curve and the tracked tokens moving from a random cloud to groups (docs/training-before.png, docs/training-after.png)', async () => {
    const { page } = workbench;
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await showPanelFor(page, 'english.md');
    await runCommand(page, 'Token Lens: Train Embeddings on Workspace…');
    const input = page.locator('.quick-input-widget input');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: 'which files' }).waitFor({ timeout: 15_000 });
    await input.fill('corpus/**/*.txt');
    await page.keyboard.press('Enter');
    await title.filter({ hasText: 'vector length d' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter'); // d = 64, the default
    await title.filter({ hasText: 'epochs' }).waitFor({ timeout: 15_000 });
    await input.fill('60');
    await page.keyboard.press('Enter');

    const frame = await panelFrame(page);
    const before = await waitUntil('the first frame of the tracked tokens', async () => {
      const shown = await picture(frame);
      return Object.keys(shown.places).length >= 20 && shown;
    }, { timeoutMs: 60_000, retryOn: /detached|Execution context was destroyed/i });
    assert.match(before.status, /^examples: (reading files|epoch \d+\/60)/);
    assert.equal(before.transition, '0.38s', 'tokens glide between frames');
    saveScreenshot(await frame.locator('#training').screenshot({ animations: 'disabled' }), readmeScreenshotPath('training-before.png'));

    const after = await waitUntil('the end of the training', async () => {
      const shown = await picture(frame);
      return shown.done && shown;
    }, { timeoutMs: 120_000, explain: () => before.status });
    assert.match(after.status, /epoch 60\/60 · [\d,]+ tokens\/s · loss \d+\.\d{3}/);
    assert.ok(after.lossPoints >= 5, `${after.lossPoints} points on the loss curve`);
    const [first, last] = after.range.split(' → ').map(Number);
    assert.ok(last < first, `the loss fell: ${after.range}`);
    const moved = Object.keys(before.places).filter((text) => after.places[text] !== undefined && after.places[text] !== before.places[text]);
    assert.ok(moved.length >= 15, `tokens moved between the first and the last frame: ${moved.join(' ')}`);
    saveScreenshot(await frame.locator('#training').screenshot({ animations: 'disabled' }), readmeScreenshotPath('training-after.png'));

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await waitUntil('no transition under prefers-reduced-motion', async () => (await picture(frame)).transition === '0s');
  });
});
