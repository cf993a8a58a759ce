// Runs before `npm start` and `npm test` (prestart/pretest): installs the npm packages with `npm ci`
// when node_modules is missing or older than package-lock.json, so both work from a fresh clone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1);
if (mtime(installed) < mtime(lock)) {
  console.log('installing npm packages (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed; fix the error above and run the command again');
    process.exit(result.status ?? 1);
  }
}
