// Shared e2e fixture: one offline VS Code server with Token Lens loaded and one headless Chromium per
// mocha process; each suite that calls useWorkbench() gets its own fresh page on a workspace copy of examples/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** The repository root (this file runs as out/test/e2e/*.js). */
export const root = path.resolve(__dirname, '..', '..', '..');

export interface Server {
  readonly origin: string;
  readonly port: number;
  readonly folder: string;
  stop(): Promise<void>;
}

/** What the tests use of scripts/vscode-server.mjs (plain ESM, loaded at run time). */
export interface ServerModule {
  startServer(options: { folder: string; userDataDir: string; extensionsDir: string; args?: string[] }): Promise<Server>;
  ensureServer(log?: (line: string) => void): string;
  workbenchUrl(server: Server, options: { extensionDevelopmentPath: string; extensionDevelopmentKind?: 'web'; openFile?: string }): string;
  launchBrowser(): Promise<Browser>;
  keepBrowserLocal(context: BrowserContext, blocked?: string[]): Promise<string[]>;
  tempDir(prefix: string): string;
  extensionDevelopmentLink(extensionRoot?: string): string;
  writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void;
  testSettings: Record<string, unknown>;
}

interface Shared {
  readonly serverModule: ServerModule;
  readonly server: Server;
  readonly browser: Browser;
  readonly extensionPath: string;
}

// Each e2e test file is its own bundle with its own copy of this module; the shared state lives on
// globalThis so every file in the mocha process reuses one server and one browser.
const sharedKey = Symbol.for('token-lens.e2e.shared');
type SharedGlobal = { [sharedKey]?: Promise<Shared> };
const shared = globalThis as SharedGlobal;

async function startShared(): Promise<Shared> {
  const serverModule = (await import(pathToFileURL(path.join(root, 'scripts', 'vscode-server.mjs')).href)) as ServerModule;
  const userDataDir = serverModule.tempDir('token-lens-e2e-user-');
  serverModule.writeUserSettings(userDataDir, serverModule.testSettings);
  const workspace = path.join(serverModule.tempDir('token-lens-e2e-workspace-'), 'examples');
  fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  const server = await serverModule.startServer({ folder: workspace, userDataDir, extensionsDir: path.join(userDataDir, 'extensions') });
  const browser = await serverModule.launchBrowser();
  return { serverModule, server, browser, extensionPath: serverModule.extensionDevelopmentLink() };
}

// Root-level hook (registered once per process, at load time): tear the shared server and browser down.
const teardownKey = Symbol.for('token-lens.e2e.teardown');
const flags = globalThis as { [teardownKey]?: boolean };
if (!flags[teardownKey]) {
  flags[teardownKey] = true;
  after(async function () {
    this.timeout(30_000);
    const running = shared[sharedKey];
    shared[sharedKey] = undefined;
    if (!running) return;
    const started = await running.catch(() => undefined); // a failed start was reported by the suites
    await started?.browser.close();
    await started?.server.stop();
  });
}

export interface Workbench {
  /** The page showing the workbench; valid inside tests of the suite that called useWorkbench(). */
  readonly page: Page;
  /** The workspace folder the workbench has open (a temp copy of examples/). */
  readonly workspace: string;
  /** Requests the browser tried to make to anything but 127.0.0.1 (they were aborted). */
  readonly blockedRequests: readonly string[];
}

export interface WorkbenchOptions {
  /** The extension to load instead of this checkout (made in the suite's before(), hence a function). */
  readonly extensionPath?: () => string;
  /** 'web': run it in the browser's web worker extension host (VS Code for the Web). */
  readonly extensionKind?: 'web';
  /** After each failed test, the page is saved as docs/NAME.tmp.png (failureScreenshotPath), before the suite's own afterEach hooks run. */
  readonly failureScreenshot?: string;
}

/** Call inside describe(): opens a fresh workbench page before the suite's tests and closes it after. */
export function useWorkbench(options: WorkbenchOptions = {}): Workbench {
  let page: Page | undefined;
  let context: BrowserContext | undefined;
  let workspace = '';
  let blocked: string[] = [];
  before(async function () {
    this.timeout(120_000);
    const running = (shared[sharedKey] ??= startShared());
    const { serverModule, server, browser, extensionPath } = await running;
    workspace = server.folder;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    blocked = await serverModule.keepBrowserLocal(context);
    page = await context.newPage();
    const extensionDevelopmentPath = options.extensionPath?.() ?? extensionPath;
    await page.goto(serverModule.workbenchUrl(server, { extensionDevelopmentPath, extensionDevelopmentKind: options.extensionKind }));
    await waitForWorkbench(page);
  });
  const failureScreenshot = options.failureScreenshot;
  if (failureScreenshot !== undefined) {
    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && page) saveScreenshot(await page.screenshot(), failureScreenshotPath(failureScreenshot));
    });
  }
  after(async () => {
    await context?.close();
  });
  return {
    get page(): Page {
      if (!page) throw new Error('useWorkbench(): the page exists only inside tests (its before() hook has not run)');
      return page;
    },
    get workspace(): string {
      return workspace;
    },
    get blockedRequests(): readonly string[] {
      return blocked;
    },
  };
}

/** Waits until the workbench is laid out and connected to the server (the explorer shows the folder). */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/** Opens a workspace file by its path relative to the workspace root, through Quick Open; returns its editor. */
export async function openFile(page: Page, relativePath: string): Promise<Locator> {
  const name = path.posix.basename(relativePath);
  const input = page.locator('.quick-input-widget input');
  // Ctrl+P can land while another Quick Input closes (or inside a webview): press again until Quick Open is up.
  for (let attempt = 0; attempt < 5 && !(await input.isVisible()); attempt++) {
    await page.keyboard.press('Control+P');
    await input.waitFor({ timeout: 3000 }).catch(() => undefined);
  }
  await input.waitFor({ timeout: 3000 });
  await input.fill(relativePath);
  // Enter opens the focused row: wait until the list has settled on the file (search results arrive late).
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page
    .locator(`.tabs-container .tab.active[aria-label*="${name}"]`)
    .waitFor({ timeout: 15_000 })
    .catch(async (error: Error) => {
      const tabs = await page.locator('.tabs-container .tab').evaluateAll((elements) => elements.map((element) => (element as unknown as { getAttribute(name: string): string | null }).getAttribute('aria-label')));
      const input = await page.locator('.quick-input-widget input').inputValue().catch(() => '(no Quick Open)');
      throw new Error(`${error.message.split('\n')[0]}: ${relativePath} did not open; tabs ${JSON.stringify(tabs)}, Quick Open shows ${JSON.stringify(input)}`);
    });
  // The active group's editor: a restored layout may have other groups (the panel beside the editor).
  const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  await editor.locator('.view-lines .view-line').first().waitFor({ timeout: 15_000 });
  return editor;
}

/** A PNG screenshot of an editor, cropped below its last line of text so the picture is mostly text. */
export async function screenshotEditor(editor: Locator): Promise<Buffer> {
  const box = await editor.boundingBox();
  if (!box) throw new Error('screenshotEditor: the editor is not visible');
  const lines = await editor.locator('.view-lines .view-line').evaluateAll((elements) =>
    elements.map((element) => element.getBoundingClientRect()).map(({ bottom, height }) => ({ bottom, height })),
  );
  const textBottom = Math.max(...lines.map(({ bottom, height }) => bottom + height));
  const height = Math.min(box.height, Math.max(textBottom - box.y, 100));
  return editor.page().screenshot({ clip: { x: box.x, y: box.y, width: box.width, height }, animations: 'disabled', caret: 'hide' });
}

/**
 * Where a README picture goes: docs/<name> under `npm run screenshots` (TOKEN_LENS_SCREENSHOTS=1),
 * otherwise out/screenshots/<name> (git-ignored), so that `npm test` never changes a tracked file.
 */
export function readmeScreenshotPath(name: string): string {
  return process.env.TOKEN_LENS_SCREENSHOTS === '1' ? path.join(root, 'docs', name) : path.join(root, 'out', 'screenshots', name);
}

/** For a person to look at after a failure: docs/<name>.tmp.png (git-ignored). */
export function failureScreenshotPath(name: string): string {
  return path.join(root, 'docs', `${name}.tmp.png`);
}

/** Writes a screenshot, creating folders. */
export function saveScreenshot(png: Buffer, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png);
}
