import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Server, type ServerModule, failureScreenshotPath, openFile, readmeScreenshotPath, root, saveScreenshot, waitForWorkbench } from './fixture';
import { installLanguagePack } from './languagePack';
import { panelFrame, runCommand } from './panelPage';
import { waitUntil } from './wait';

/**
 * Token Lens in Simplified Chinese, in the real web UI: a server of its own started with
 * `--locale zh-cn` (and a language pack, without which the server falls back to English).
 */
describe('简体中文 UI in the browser', function () {
  this.timeout(180_000);
  let server: Server | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  before(async function () {
    this.timeout(240_000);
    const serverModule = (await import(pathToFileURL(path.join(root, 'scripts', 'vscode-server.mjs')).href)) as ServerModule;
    const userDataDir = serverModule.tempDir('token-lens-e2e-zh-');
    const extensionsDir = path.join(userDataDir, 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });
    serverModule.writeUserSettings(userDataDir, serverModule.testSettings);
    await installLanguagePack(serverModule.ensureServer(() => {}), userDataDir, extensionsDir, 'zh-cn');
    const workspace = path.join(serverModule.tempDir('token-lens-e2e-zh-workspace-'), 'examples');
    fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
    server = await serverModule.startServer({ folder: workspace, userDataDir, extensionsDir, args: ['--locale', 'zh-cn'] });
    browser = await serverModule.launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN' });
    await serverModule.keepBrowserLocal(context);
    page = await context.newPage();
    await page.goto(serverModule.workbenchUrl(server, { extensionDevelopmentPath: serverModule.extensionDevelopmentLink() }));
    await waitForWorkbench(page);
  });

  after(async function () {
    this.timeout(30_000);
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const workbench = (): Page => {
    assert.ok(page, 'the workbench page is open');
    return page;
  };

  it('shows the status bar and the hover in Chinese (docs/zh-cn/hover.png)', async () => {
    const page = workbench();
    const editor = await openFile(page, 'strawberry.md');
    const status = page.locator('.statusbar-item', { hasText: /个词元$/ }).first();
    await status.waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
      saveScreenshot(await page.screenshot(), failureScreenshotPath('zh-cn-status'));
      const items = await page.locator('.statusbar-item').allInnerTexts();
      throw new Error(`${error.message.split('\n')[0]}; the status bar shows ${JSON.stringify(items)}`);
    });
    const word = editor.locator('.view-line span', { hasText: 'strawberry' }).first();
    const box = await waitUntil('"strawberry" laid out on screen', () => word.boundingBox({ timeout: 2000 }).then((found) => found ?? undefined), {
      timeoutMs: 30_000,
      retryOn: /Timeout|detached/i,
    });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:visible', { hasText: /词\s+\+ 位置\s+= 输入/ });
    await hover.waitFor({ timeout: 20_000 }).catch(async (error: Error) => {
      saveScreenshot(await page.screenshot(), failureScreenshotPath('zh-cn-hover'));
      throw error;
    });
    const text = await hover.innerText();
    assert.match(text, /词元/);
    assert.match(text, /位置 \d+/);
    // Names that core keeps as English keys (matrix labels) are shown translated too.
    assert.doesNotMatch(text, /word embedding|position embedding/);
    saveScreenshot(await page.screenshot({ animations: 'disabled' }), readmeScreenshotPath('zh-cn/hover.png'));
  });

  it('shows the panel in Chinese (docs/zh-cn/panel.png)', async () => {
    const page = workbench();
    await page.keyboard.press('Escape');
    // Its own document, whatever ran before: the panel shows the active editor's tokens.
    await openFile(page, 'strawberry.md');
    await runCommand(page, 'Token Lens: 显示面板');
    const frame = await panelFrame(page);
    await waitUntil('the panel in Chinese', async () => ((await frame.locator('body').innerText()).includes('词嵌入') ? true : undefined), {
      timeoutMs: 30_000,
      explain: () => 'no 词嵌入 in the panel',
    });
    // The projection's result, so the picture shows the plot rather than its progress bar.
    await frame.locator('#status', { hasText: '解释方差' }).waitFor({ timeout: 60_000 });
    const body = await frame.locator('body').innerText();
    assert.match(body, /位置编码/);
    assert.match(body, /个词元/);
    saveScreenshot(await page.screenshot({ animations: 'disabled' }), readmeScreenshotPath('zh-cn/panel.png'));
  });

  it('opens the walkthrough in Chinese (docs/zh-cn/walkthrough.png)', async () => {
    const page = workbench();
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Token Lens 入门' }).first().click({ timeout: 15_000 });
    const step = page.locator('.getting-started-step', { hasText: '分词：为什么“strawberry”难以数清' }).first();
    await step.waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
      saveScreenshot(await page.screenshot(), failureScreenshotPath('zh-cn-walkthrough'));
      throw error;
    });
    await step.click();
    await page.locator('.getting-started-step.expanded', { hasText: '统计 strawberry 问题的词元数' }).waitFor({ timeout: 15_000 });
    saveScreenshot(await page.screenshot({ animations: 'disabled' }), readmeScreenshotPath('zh-cn/walkthrough.png'));
  });
});
