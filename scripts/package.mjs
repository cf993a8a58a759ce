// `npm run package`: production build (minified bundles, no source maps), then token-lens-<version>.vsix
// with @vscode/vsce, holding only the files .vscodeignore lets through. Fails over the size budget.
// Install it with `code --install-extension token-lens-<version>.vsix`.
//   node scripts/package.mjs [--out FILE]   (the integration tests pack to a temp file and install that)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { options, budgetBytes } = require('./vsix.json');
const { pack } = require('@vscode/vsce/out/package');

const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const out = process.argv.includes('--out') ? path.resolve(process.argv[process.argv.indexOf('--out') + 1]) : undefined;
const { packagePath, files } = await pack({ ...options, cwd: root, ...(out ? { packagePath: out } : {}) });
const bytes = fs.statSync(packagePath).size;
const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
console.log(`${path.relative(root, packagePath)}: ${files.length} files, ${mib(bytes)} (budget ${mib(budgetBytes)})`);
if (bytes > budgetBytes) {
  console.error(`the package is ${mib(bytes - budgetBytes)} over its budget: see .vscodeignore`);
  process.exit(1);
}
