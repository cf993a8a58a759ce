// An offline VS Code for tests and `npm start`: code-server from npm (VS Code 1.100.3, runs on Node 20),
// installed once into .vscode-test/ and started on 127.0.0.1.
//   node scripts/vscode-server.mjs --install    install (or verify) the server and its system packages
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, which } from './browser.mjs';

export { chromiumPath, keepBrowserLocal, launchBrowser, which } from './browser.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverDir = path.join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const packageDir = path.join(serverDir, 'node_modules', 'code-server');
const vscodeDir = path.join(packageDir, 'lib', 'vscode');
const entry = path.join(packageDir, 'out', 'node', 'entry.js');
const marker = path.join(serverDir, 'installed.json');

/** Debian packages the server build and the browser tests need, keyed by what proves each is there. */
const systemPackages = [
  { pkg: 'chromium', present: () => Boolean(chromiumPath()) },
  { pkg: 'ripgrep', present: () => Boolean(which('rg')) },
  { pkg: 'libkrb5-dev', present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') },
  { pkg: 'build-essential', present: () => Boolean(which('g++') && which('make')) },
  { pkg: 'python3', present: () => Boolean(which('python3')) },
  { pkg: 'fonts-noto-cjk', present: () => dpkgInstalled('fonts-noto-cjk') },
  { pkg: 'fonts-noto-color-emoji', present: () => dpkgInstalled('fonts-noto-color-emoji') },
];

/** Native modules VS Code's server loads; each must exist after `npm rebuild`. */
const nativeModules = [
  'node_modules/kerberos/build/Release/kerberos.node',
  'node_modules/node-pty/build/Release/pty.node',
  'node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'node_modules/native-watchdog/build/Release/watchdog.node',
];

function dpkgInstalled(pkg) {
  if (!which('dpkg-query')) return true; // not Debian: nothing to check against; the build reports what fails
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs missing Debian packages when we can (root with apt-get), otherwise says exactly what to run. */
export function ensureSystemPackages(log = console.log) {
  const missing = systemPackages.filter(({ present }) => !present()).map(({ pkg }) => pkg);
  if (missing.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo apt-get update && sudo ${command}`);
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/** Runs a command to completion; throws with its output tail unless `allowFailure`. */
function run(command, args, { cwd = root, env = process.env, allowFailure = false } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  if (result.error) throw new Error(`Could not run ${command}: ${result.error.message}`);
  if (result.status !== 0 && !allowFailure) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd} (exit ${result.status}):\n${tail}`);
  }
  return result;
}

/** npm in a given folder, without inheriting the project context from an enclosing `npm test`. */
function npm(cwd, args, options = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_config_local_prefix|npm_package_|npm_lifecycle_|INIT_CWD)/i.test(key)),
  );
  return run('npm', [...args, '--prefix', cwd, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, ...options });
}

export function isServerInstalled() {
  try {
    return JSON.parse(fs.readFileSync(marker, 'utf8')).version === CODE_SERVER_VERSION && fs.existsSync(entry);
  } catch {
    return false;
  }
}

/** Installs code-server into .vscode-test/ unless a finished install is there; returns its entry script. */
export function ensureServer(log = console.log) {
  if (process.platform !== 'linux') {
    throw new Error('The offline VS Code server is set up for Linux only; on other systems run with TOKEN_LENS_VSCODE=electron.');
  }
  ensureSystemPackages(log);
  if (isServerInstalled()) return entry;
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(root, serverDir)} (one time, about a minute)`);
  fs.rmSync(serverDir, { recursive: true, force: true });
  fs.mkdirSync(serverDir, { recursive: true });
  fs.writeFileSync(path.join(serverDir, 'package.json'), JSON.stringify({ name: 'token-lens-vscode-server', private: true }, null, 2));

  npm(serverDir, ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`]);
  log('  installing VS Code server dependencies');
  npm(vscodeDir, ['install', '--omit=dev', '--ignore-scripts']);
  log('  building native modules');
  // node-pty's last rebuild step (`npx node-gyp configure -f compile_commands_json`) fails offline after
  // pty.node is built, so the exit code says nothing: check the built files instead.
  const rebuild = npm(vscodeDir, ['rebuild', '--ignore-scripts=false', 'kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid'], { allowFailure: true });
  const unbuilt = nativeModules.filter((file) => !fs.existsSync(path.join(vscodeDir, file)));
  if (unbuilt.length > 0) {
    const tail = `${rebuild.stdout}\n${rebuild.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`Native modules did not build: ${unbuilt.join(', ')} (in ${vscodeDir}).\n${tail}`);
  }

  // What code-server's postinstall.sh would do, without its network downloads.
  const ripgrep = which('rg');
  if (!ripgrep) throw new Error('ripgrep (rg) not found on PATH: apt-get install ripgrep');
  const ripgrepBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(ripgrepBin, { recursive: true });
  fs.copyFileSync(ripgrep, path.join(ripgrepBin, 'rg'));
  fs.chmodSync(path.join(ripgrepBin, 'rg'), 0o755);
  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  log('  installing built-in extension dependencies');
  npm(path.join(vscodeDir, 'extensions'), ['install', '--omit=dev']);
  npm(serverDir, ['rebuild', '--ignore-scripts=false', 'argon2']);

  const version = run(process.execPath, [entry, '--version']).stdout.trim();
  if (!version.includes(CODE_SERVER_VERSION)) throw new Error(`code-server reports "${version}", expected ${CODE_SERVER_VERSION}`);
  fs.writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, reports: version }, null, 2));
  log(`  code-server ready: ${version.split('\n')[0]} (${Math.round((Date.now() - started) / 1000)} s)`);
  return entry;
}

function symlink(target, link) {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(target, link);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => request.destroy());
  });
}

/**
 * Starts the server on 127.0.0.1 and resolves once it answers HTTP.
 * `userDataDir` holds User/settings.json; XDG dirs point inside it so the user's home stays untouched.
 * `args` go to code-server before the folder (`['--locale', 'zh-cn']`).
 */
export async function startServer({ folder, userDataDir, extensionsDir, port, env = {}, args: extraArgs = [], log = () => {}, timeoutMs = 60_000 }) {
  const serverEntry = ensureServer(log);
  const chosenPort = port ?? (await freePort());
  for (const dir of [userDataDir, extensionsDir, path.join(userDataDir, 'xdg-config'), path.join(userDataDir, 'xdg-data')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const args = [
    serverEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${chosenPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...extraArgs,
    folder,
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true, // own process group, so stop() also ends the extension hosts it forked
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      EXTENSIONS_GALLERY: '{}', // no marketplace: the server stays offline
      ...env,
      XDG_CONFIG_HOME: path.join(userDataDir, 'xdg-config'),
      XDG_DATA_HOME: path.join(userDataDir, 'xdg-data'),
    },
  });
  const output = [];
  const keep = (chunk) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 200));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
  };
  const stopOnExit = () => {
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', stopOnExit);

  const origin = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + timeoutMs;
  while ((await httpStatus(`${origin}/healthz`)) !== 200) {
    if (exited || Date.now() > deadline) {
      await stop();
      const why = exited ? `exited with code ${child.exitCode}` : `did not answer within ${timeoutMs / 1000} s`;
      throw new Error(`code-server ${why}. Last output:\n${output.slice(-40).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { origin, port: chosenPort, folder, process: child, output, stop };
}

/**
 * The workbench URL for a running server. Paths are absolute paths on this machine;
 * `openFile` opens that file in an editor once the workbench is up. `extensionDevelopmentKind: 'web'`
 * runs the extension under development in the browser's web worker extension host (VS Code for the
 * Web); the server's Node host still wins when the manifest has a "main", so pass a copy without one.
 */
export function workbenchUrl(server, { folder = server.folder, extensionDevelopmentPath, extensionDevelopmentKind, extensionTestsPath, openFile, extensionEnvironment } = {}) {
  const remote = (absolutePath) => `vscode-remote://127.0.0.1:${server.port}${absolutePath.split(path.sep).join('/')}`;
  const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionDevelopmentKind) payload.push(['extensionDevelopmentKind', extensionDevelopmentKind]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(extensionEnvironment)]);
  if (openFile) payload.push(['openFile', remote(openFile)]);
  return `${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * The path to hand VS Code as extensionDevelopmentPath: a symlink to the repository from a temp dir.
 * VS Code treats every theme inside the development path as the theme under development and switches
 * to it at startup; the server lives in .vscode-test/ inside the repository, so its built-in themes
 * would override the user's theme. Through the symlink the server's files are no longer "inside".
 */
export function extensionDevelopmentLink(extensionRoot = root) {
  // One stable link per checkout (URLs printed by `npm start` stay valid); shared by concurrent runs.
  const hash = createHash('sha256').update(extensionRoot).digest('hex').slice(0, 10);
  const link = path.join(os.tmpdir(), `token-lens-dev-${hash}`, path.basename(extensionRoot));
  const pointsHome = () => {
    try {
      return fs.readlinkSync(link) === extensionRoot;
    } catch {
      return false;
    }
  };
  if (!pointsHome()) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.rmSync(link, { force: true });
    try {
      fs.symlinkSync(extensionRoot, link, 'dir');
    } catch (error) {
      if (!pointsHome()) throw error; // else another run just made the same link
    }
  }
  return link;
}

/** A fresh temp dir removed at exit; for per-run user data. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}


/** User settings for test runs: quiet, offline, deterministic theme. */
export const testSettings = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  // The server's extension host would otherwise scan /proc for listening ports every few seconds and
  // run `ps` to name them (each spawn held its thread 40–260 ms). Both are needed: code-server has a
  // tunnel provider, which keeps the scan on unless ports come from terminal output only.
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
  'tokenLens.highlight.enabled': true,
};

export function writeUserSettings(userDataDir, settings) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--install')) {
    console.error('usage: node scripts/vscode-server.mjs --install');
    process.exit(2);
  }
  try {
    const started = Date.now();
    ensureServer();
    console.log(`code-server ${CODE_SERVER_VERSION} is installed in ${path.relative(root, serverDir)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
