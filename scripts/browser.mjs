// Headless Chromium for the tests and tools: the system browser driven by playwright-core
// (which downloads nothing), kept off the network except 127.0.0.1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The system Chromium (or $CHROMIUM_PATH), if any. */
export function chromiumPath() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  return ['chromium', 'chromium-browser', 'google-chrome'].map(which).find(Boolean);
}

/** The first `command` on PATH, if any. */
export function which(command) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, command))
    .find((candidate) => fs.existsSync(candidate));
}

/** Aborts every browser request that is not to 127.0.0.1 and records it in `blocked`. */
export async function keepBrowserLocal(context, blocked = []) {
  await context.route(
    (url) => url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return blocked;
}

/** Headless Chromium through playwright-core (the system browser; playwright downloads nothing). */
export async function launchBrowser() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found (looked for chromium, chromium-browser, google-chrome and $CHROMIUM_PATH): apt-get install chromium');
  const { chromium } = await import('playwright-core');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-chromium-')); // crash reports and caches go here, not to ~/.config
  process.once('exit', () => fs.rmSync(home, { recursive: true, force: true }));
  return chromium.launch({
    executablePath,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--force-color-profile=srgb',
    ],
  });
}
