// `npm run package`: token-lens-<version>.vsix of the production build (minified bundles, no source
// maps), packed with @vscode/vsce from a staging copy of the checkout (so the checkout's development
// build is untouched), holding only the files .vscodeignore lets through. Fails over the size budget.
// Install it with `code --install-extension token-lens-<version>.vsix`.
//   node scripts/package.mjs [--out FILE] [--list FILE.json] [--quiet]
// --out: where the .vsix goes (the integration tests install a temporary one); --list: also write the
// packed paths and size as JSON (the .vsix unit test reads it); --quiet: no file tree.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { options, budgetBytes } = require('./vsix.json');
const { pack } = require('@vscode/vsce/out/package');

const option = (name) => (process.argv.includes(name) ? path.resolve(process.argv[process.argv.indexOf(name) + 1]) : undefined);
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = option('--out') ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`);
const list = option('--list');

const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-package-'));
try {
  const stage = path.join(staging, manifest.name);
  const built = /^(node_modules|\.git|\.vscode-test|out|dist|[^/]*\.vsix)$/;
  fs.cpSync(root, stage, { recursive: true, filter: (source) => !built.test(path.relative(root, source).split(path.sep)[0]) });
  const build = spawnSync(process.execPath, ['esbuild.js', '--production', '--out', stage], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`the production build failed (esbuild.js exited with ${build.status})`);
  const log = console.log;
  if (process.argv.includes('--quiet')) console.log = () => {}; // vsce prints the whole file tree
  let files;
  try {
    ({ files } = await pack({ ...options, cwd: stage, packagePath: out }));
  } finally {
    console.log = log;
  }
  const bytes = fs.statSync(out).size;
  if (list) fs.writeFileSync(list, JSON.stringify({ bytes, files: files.map((file) => file.path.replace(/^extension\//, '')).sort() }, null, 2));
  const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
  console.log(`${path.relative(root, out)}: ${files.length} files, ${mib(bytes)} (budget ${mib(budgetBytes)})`);
  if (bytes > budgetBytes) {
    console.error(`the package is ${mib(bytes - budgetBytes)} over its budget: see .vscodeignore`);
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
