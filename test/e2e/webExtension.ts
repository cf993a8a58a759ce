// VS Code for the Web in the browser tests: the server's Node extension host runs any extension whose
// manifest has a "main", even when asked for the web host. So the web host gets a copy of the built
// extension whose manifest has only "browser": what it runs, it can only run there.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from './fixture';

/** What the web entry needs from the checkout: its bundles, rank files, media and string tables. */
const shipped = ['dist/web', 'dist/ranks', 'media', 'l10n'];

/** A temp copy of the built extension with a manifest without "main" (removed at exit); its path. */
export function webOnlyExtension(): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-web-')), 'token-lens');
  process.once('exit', () => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));
  for (const entry of shipped) fs.cpSync(path.join(root, entry), path.join(folder, entry), { recursive: true });
  for (const name of fs.readdirSync(root).filter((name) => /^package\.nls(\.[a-z-]+)?\.json$/.test(name))) fs.copyFileSync(path.join(root, name), path.join(folder, name));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string; browser?: string };
  if (!manifest.browser) throw new Error('package.json has no "browser" entry: nothing for VS Code for the Web to run');
  delete manifest.main;
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  return folder;
}
