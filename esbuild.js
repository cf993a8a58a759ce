// Builds everything Token Lens runs: the extension host bundle, its worker, the CLI,
// the webview bundle, the binary rank files, and the compiled tests.
//   node esbuild.js               development build
//   node esbuild.js --production  minified, no source maps
//   node esbuild.js --watch       rebuild on change (problem-matcher friendly output)
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = __dirname;

/** Prints esbuild's results in the shape VS Code's `$esbuild-watch` problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    if (!watch) return;
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

/** Test files: every *.test.ts plus the harness entry points, one bundle each; npm packages stay external. */
function testEntries() {
  const entries = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) entries.push(full);
    }
  };
  for (const dir of ['test', 'bench']) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return entries;
}

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/worker/worker.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/cli/patternWorker.ts'], outfile: 'dist/patternWorker.js' },
  {
    ...node,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'media/build/panel.js',
  },
  {
    ...node,
    entryPoints: testEntries(),
    outdir: 'out',
    outbase: '.',
    packages: 'external',
    external: ['vscode'],
    minify: false,
    sourcemap: true,
  },
].filter((options) => options.entryPoints.length > 0 && options.entryPoints.every((entry) => fs.existsSync(path.resolve(root, entry))));

async function buildRanks() {
  const out = path.join(root, 'out', 'scripts', 'build-ranks.js');
  await esbuild.build({ ...node, plugins: [], entryPoints: ['scripts/build-ranks.ts'], outfile: out, sourcemap: false, packages: 'external' });
  const written = require(out).buildRankFiles(path.join(root, 'dist', 'ranks'));
  if (written.length > 0) console.log(`rank files: ${written.map((file) => path.basename(file)).join(', ')}`);
}

async function main() {
  process.chdir(root);
  await buildRanks();
  if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
