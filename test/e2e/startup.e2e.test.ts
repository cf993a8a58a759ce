import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, useWorkbench, waitForWorkbench } from './fixture';
import { closeAllEditors, runCommand } from './panelPage';

/** Token decorations (an extension's decoration type, class "ced-…"): backgrounds draw in the overlays, text styles in the lines. */
function highlightSelector(editor: string): string {
  return `${editor} .view-overlays [class*="ced-"], ${editor} .view-lines [class*="ced-"]`;
}

/**
 * Runs in the page before the workbench's own scripts, at every load: notes when the first line of
 * an editor is drawn and when the first token decoration appears (performance.now(), in ms).
 */
const WATCH_FIRST_HIGHLIGHT = `
  (() => {
    const HIGHLIGHT = ${JSON.stringify(highlightSelector('.editor-instance'))};
    const seen = (window.__tokenLensStartup = { line: undefined, highlight: undefined });
    const look = () => {
      if (seen.line === undefined && document.querySelector('.editor-instance .view-lines .view-line')) seen.line = performance.now();
      if (seen.highlight === undefined && document.querySelector(HIGHLIGHT)) seen.highlight = performance.now();
      return seen.line !== undefined && seen.highlight !== undefined;
    };
    new MutationObserver((_, observer) => look() && observer.disconnect()).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  })();
`;

/** Each reload restarts the extension host: two show the figure's spread without doubling the suite's time. */
const RELOADS = 2;

/** `url` (a workbench URL) with the payload's openFile set to `file`, on the same remote as its other paths. */
function withOpenFile(url: string, file: string): string {
  const parsed = new URL(url);
  const payload = JSON.parse(parsed.searchParams.get('payload') ?? '[]') as [string, string][];
  const remote = payload.map(([, value]) => /^vscode-remote:\/\/[^/]+/.exec(value)?.[0]).find(Boolean);
  if (!remote) throw new Error(`no vscode-remote path in the workbench URL's payload: ${JSON.stringify(payload)}`);
  parsed.searchParams.set('payload', JSON.stringify([...payload.filter(([key]) => key !== 'openFile'), ['openFile', `${remote}${file}`]]));
  return parsed.toString();
}

interface Startup {
  readonly line?: number;
  readonly highlight?: number;
}

describe('a prompt restored with the window (e2e)', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ failureScreenshot: 'startup' });

  afterEach(async function () {
    // Later suites share the server's window state: leave no restored editor behind.
    await runCommand(workbench.page, 'View: Close All Editors');
  });

  it('is highlighted without any action once the window reloads, and prints the time from its first line drawn to its first highlight', async () => {
    const { page, workspace } = workbench;
    fs.writeFileSync(path.join(workspace, 'restored.prompt.md'), 'You are a helpful assistant.\n\nCount the r\'s in "strawberry".\n');
    // Only this editor is restored: earlier suites' editors and panels would take the active tab.
    await closeAllEditors(page);
    const before = await openFile(page, 'restored.prompt.md');
    await before.locator(highlightSelector('')).first().waitFor({ timeout: 30_000 });

    const figures: number[] = [];
    await page.addInitScript({ content: WATCH_FIRST_HIGHLIGHT });
    for (let reload = 0; reload < RELOADS; reload++) {
      // The window loads with the prompt open (the workbench URL's openFile), as a restored editor would
      // be: restoring the last session's editors is VS Code's timing, not the extension's.
      await page.goto(withOpenFile(page.url(), path.join(workspace, 'restored.prompt.md')));
      await waitForWorkbench(page);
      const tab = page.locator('.tabs-container .tab.active[aria-label*="restored.prompt.md"]');
      await tab.waitFor({ timeout: 30_000 });
      const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
      // No command, click or keystroke: the extension activates and highlights the restored editor by itself.
      await editor
        .locator(highlightSelector(''))
        .first()
        .waitFor({ timeout: 60_000 })
        .catch((error: Error) => assert.fail(`reload ${reload + 1}: the restored prompt was never highlighted (${error.message.split('\n')[0]})`));
      const startup = await page.evaluate('window.__tokenLensStartup') as Startup;
      assert.ok(startup.line !== undefined && startup.highlight !== undefined, `reload ${reload + 1}: the page saw ${JSON.stringify(startup)}`);
      assert.ok(startup.highlight >= startup.line, `reload ${reload + 1}: a highlight before the line it is on (${JSON.stringify(startup)})`);
      figures.push(startup.highlight - startup.line);
    }
    // A figure for the reader, not an assertion: it depends on the machine and on VS Code's start-up.
    console.log(`      first highlight after the restored editor's first line was drawn: ${figures.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')} (${RELOADS} reloads)`);
  });
});
