// Runs out/test/integration/index.js inside a real VS Code extension host.
// Default: the offline code-server (scripts/vscode-server.mjs) driven by headless Chromium, with Token Lens
// installed from the .vsix `npm run package` makes (so what ships is what is tested); the tests run from a
// stub development extension, since VS Code loads extension tests only beside one.
// TOKEN_LENS_VSCODE=electron: desktop VS Code through @vscode/test-electron (needs to download VS Code,
// and a display: run under xvfb-run on a headless Linux).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureServer, keepBrowserLocal, launchBrowser, root, startServer, tempDir, testSettings, workbenchUrl, writeUserSettings } from './vscode-server.mjs';

const reporterPrefix = '[token-lens:mocha]'; // as in test/integration/index.ts
const testsPath = path.join(root, 'out', 'test', 'integration', 'index.js');

/** A throwaway copy of the test workspace, so tests may edit files freely. */
function workspaceCopy() {
  const fixture = path.join(root, 'test', 'fixtures', 'workspace');
  const source = fs.existsSync(fixture) ? fixture : path.join(root, 'examples');
  const copy = path.join(tempDir('token-lens-workspace-'), path.basename(source));
  fs.cpSync(source, copy, { recursive: true });
  return copy;
}

/**
 * Resolves to { exitCode, timedOut, log? } once the tests finish or `timeoutMs` passes; `log` is what to show
 * if the run crashed or timed out.
 * `env` reaches the extension host (TOKEN_LENS_RESULTS_FILE, TOKEN_LENS_GREP).
 */
export async function runIntegrationTests({ env, timeoutMs, echo = (line) => console.log(line) }) {
  if (!fs.existsSync(testsPath)) throw new Error(`${path.relative(root, testsPath)} is missing: build first (node esbuild.js)`);
  return process.env.TOKEN_LENS_VSCODE === 'electron'
    ? runInElectron({ env, timeoutMs })
    : runInServer({ env, timeoutMs, echo });
}

/** Tails of a child's output, for an error message. */
function outputOf(result) {
  return `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
}

/** Packs the extension with `npm run package` (production bundles, from a staging copy) and installs the .vsix into `extensionsDir` with the server's own CLI. */
function installPackagedExtension({ extensionsDir, userDataDir, echo }) {
  const vsix = path.join(tempDir('token-lens-vsix-'), 'token-lens.vsix');
  const packed = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--out', vsix, '--quiet'], { cwd: root, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm run package failed:\n${outputOf(packed)}`);
  echo(`  packed ${packed.stdout.trim().split('\n').pop()}`);
  const installed = spawnSync(
    process.execPath,
    [ensureServer(echo), '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix],
    { cwd: root, encoding: 'utf8', env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
  );
  if (installed.status !== 0 || !/successfully installed/.test(installed.stdout)) throw new Error(`installing the .vsix failed:\n${outputOf(installed)}`);
}

/** An empty development extension for VS Code to load the tests beside (it needs one to run extension tests). */
function testRunnerExtension() {
  const dir = tempDir('token-lens-test-runner-');
  const manifest = { name: 'token-lens-test-runner', publisher: 'token-lens-tests', version: '0.0.0', engines: { vscode: '*' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

async function runInServer({ env, timeoutMs, echo }) {
  const userDataDir = tempDir('token-lens-user-');
  writeUserSettings(userDataDir, testSettings);
  const folder = workspaceCopy();
  const log = [];
  const extensionsDir = path.join(userDataDir, 'extensions');
  installPackagedExtension({ extensionsDir, userDataDir, echo });
  // Tests read this to know the extension under test is the installed package.
  const testEnv = { ...env, TOKEN_LENS_INSTALLED_FROM: 'vsix' };
  const server = await startServer({ folder, userDataDir, extensionsDir, env: testEnv, log: echo });
  const browser = await launchBrowser();
  let timer;
  try {
    const context = await browser.newContext();
    const blocked = await keepBrowserLocal(context);
    const page = await context.newPage();
    let exit;
    const finished = new Promise((resolve) => (exit = resolve));
    // The workbench calls this with the test run's exit code once the extension host is done.
    await page.exposeFunction('codeAutomationExit', (code) => exit({ exitCode: Number(code), timedOut: false }));
    page.on('console', (message) => {
      const line = message.text();
      log.push(line);
      log.splice(0, Math.max(0, log.length - 200));
      // The extension host's console arrives here among the workbench's own chatter; echo mocha's lines.
      const reporterLine = line.indexOf(reporterPrefix);
      if (reporterLine >= 0) echo(line.slice(reporterLine + reporterPrefix.length + 1));
    });
    page.on('pageerror', (error) => log.push(`page error: ${error.message}`));
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ exitCode: 1, timedOut: true }), timeoutMs);
    });
    await page.goto(workbenchUrl(server, { extensionDevelopmentPath: testRunnerExtension(), extensionTestsPath: testsPath, extensionEnvironment: testEnv }));
    const outcome = await Promise.race([finished, timedOut]);
    // For the report on a crash or timeout: the workbench's console, then the server's own output.
    const report = [...log.slice(-30), ...blocked.map((url) => `blocked request to ${url}`), ...server.output.slice(-15).map((line) => `server: ${line}`)];
    return { ...outcome, log: report };
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => {});
    await server.stop();
  }
}

async function runInElectron({ env, timeoutMs }) {
  const { runTests } = await import('@vscode/test-electron');
  const userDataDir = tempDir('token-lens-user-');
  writeUserSettings(userDataDir, testSettings);
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ exitCode: 1, timedOut: true }), timeoutMs);
  });
  const run = runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    extensionTestsEnv: env,
    launchArgs: [workspaceCopy(), '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
  }).then(
    (exitCode) => ({ exitCode, timedOut: false }),
    (error) => ({ exitCode: 1, timedOut: false, log: [String(error)] }),
  );
  try {
    return await Promise.race([run, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
