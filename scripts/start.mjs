// `npm start`: build, then open a real VS Code with Token Lens loaded on examples/.
// Uses the `code` CLI when there is one; otherwise (or with --server) starts the offline VS Code server on
// 127.0.0.1 and prints the URL to open. Runs until Ctrl-C. Rebuild with `npm run watch` in another
// terminal, then run "Developer: Reload Window".
//   node scripts/start.mjs [--server] [--port <n>]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureServer, extensionDevelopmentLink, freePort, root, startServer, which, workbenchUrl, writeUserSettings } from './vscode-server.mjs';

const args = process.argv.slice(2);
const examples = path.join(root, 'examples');
const firstFile = path.join(examples, 'strawberry.md');
const startDir = path.join(root, '.vscode-test', 'start');

function build() {
  const result = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed (node esbuild.js); fix the errors above and run npm start again');
}

function openInDesktop(code) {
  console.log(`opening ${path.relative(root, examples)}/ in ${code} with Token Lens loaded from ${root}`);
  const child = spawn(code, ['--extensionDevelopmentPath', root, examples, firstFile], { stdio: 'inherit' });
  child.once('exit', (exitCode) => process.exit(exitCode ?? 0));
}

/** Keeps the user's own settings in .vscode-test/start/ and makes sure highlighting is on. */
function prepareSettings(userDataDir) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  let settings = {};
  if (fs.existsSync(file)) {
    try {
      settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      console.warn(`${path.relative(root, file)} is not plain JSON (comments?); left as it is`);
      return;
    }
  }
  const defaults = { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' };
  writeUserSettings(userDataDir, { ...defaults, ...settings, 'tokenLens.highlight.enabled': true });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function openInServer() {
  ensureServer((line) => console.log(line));
  const userDataDir = path.join(startDir, 'user-data');
  prepareSettings(userDataDir);
  const portIndex = args.indexOf('--port');
  const wanted = portIndex >= 0 ? Number(args[portIndex + 1]) : 8765;
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  const server = await startServer({ folder: examples, userDataDir, extensionsDir: path.join(startDir, 'extensions'), port });
  const url = workbenchUrl(server, { extensionDevelopmentPath: extensionDevelopmentLink(), openFile: firstFile });
  console.log(`\nVS Code (code-server) is running with Token Lens loaded from ${root}.`);
  console.log(`Open this URL in a browser on this machine (forward port ${port} if you are remote):\n\n  ${url}\n`);
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  server.process.once('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited (code ${code}). Last output:\n${server.output.slice(-20).join('\n')}`);
    process.exit(1);
  });
}

try {
  build();
  const code = args.includes('--server') ? undefined : which('code');
  if (code) openInDesktop(code);
  else await openInServer();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
