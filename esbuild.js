// Builds everything Token Lens runs: the extension host bundle and its worker (desktop and VS Code
// for the Web), the CLI, the webview bundle, the binary rank files, and the compiled tests.
//   node esbuild.js               development build
//   node esbuild.js --production  minified, no source maps
//   node esbuild.js --watch       rebuild on change (problem-matcher friendly output)
//   node esbuild.js --production --out DIR   what ships (bundles, rank files) under DIR, no tests (the .vsix test)
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = __dirname;
const outIndex = process.argv.indexOf('--out');
/** Where the shipped files go: the checkout, or a staging folder (`--out DIR`). */
const shipRoot = outIndex >= 0 ? path.resolve(process.argv[outIndex + 1]) : root;

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

/** VS Code for the Web has no Node: a Node built-in imported by a web bundle fails the build, naming who imported it. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const builtins = new Set(require('node:module').builtinModules);
    build.onResolve({ filter: /^[a-z_:][\w:/]*$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!args.path.startsWith('node:') && !builtins.has(name) && !builtins.has(name.split('/')[0])) return undefined;
      const importer = path.relative(root, args.importer) || args.importer;
      return { errors: [{ text: `${args.path} (imported by ${importer}) is a Node built-in: VS Code for the Web has none` }] };
    });
  },
};

/**
 * `import bytes from '…/name.wasm'`: the WebAssembly compiled from the AssemblyScript beside it
 * (src/wasm/name.ts, with asc), as a Uint8Array in the bundle. Compiled once for all the builds,
 * and again (--watch) when a source in its folder changed.
 */
const wasmBuilds = new Map();
const assemblyScript = {
  name: 'assemblyscript',
  setup(build) {
    build.onResolve({ filter: /\.wasm$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path), namespace: 'assemblyscript' }));
    build.onLoad({ filter: /.*/, namespace: 'assemblyscript' }, async (args) => {
      const source = args.path.replace(/\.wasm$/, '.ts');
      const watchFiles = fs.readdirSync(path.dirname(source)).filter((name) => name.endsWith('.ts')).map((name) => path.join(path.dirname(source), name));
      const key = `${source}@${Math.max(...watchFiles.map((file) => fs.statSync(file).mtimeMs))}`;
      if (!wasmBuilds.has(key)) wasmBuilds.set(key, compileAssemblyScript(source));
      return { contents: await wasmBuilds.get(key), loader: 'binary', watchFiles };
    });
  },
};

async function compileAssemblyScript(source) {
  const out = path.join(root, 'out', 'wasm', `${path.basename(source, '.ts')}.wasm`);
  const { spawn } = require('node:child_process');
  const asc = path.join(path.dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
  const args = [asc, source, '--optimizeLevel', '3', '--shrinkLevel', '0', '--runtime', 'stub', '--noAssert', '--importMemory', '--outFile', out];
  const output = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`asc ${path.relative(root, source)} failed:\n${text}`))));
  });
  if (/WARNING/.test(output)) console.warn(output);
  return fs.readFileSync(out);
}

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher, assemblyScript],
};

/** VS Code for the Web's extension host runs CommonJS in a browser worker. */
const web = { ...node, platform: 'browser', target: 'es2022', format: 'cjs', plugins: [problemMatcher, assemblyScript, noNodeBuiltins] };

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
  { ...node, entryPoints: ['src/extension/node.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/worker/worker.ts'], outfile: 'dist/worker.js' },
  { ...web, entryPoints: ['src/extension/web.ts'], outfile: 'dist/web/extension.js', external: ['vscode'] },
  { ...web, format: 'iife', entryPoints: ['src/extension/worker/webWorker.ts'], outfile: 'dist/web/worker.js' },
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
]
  .map((options) => (options.outfile ? { ...options, outfile: path.join(shipRoot, options.outfile) } : options))
  .filter((options) => (shipRoot === root || options.outfile) && options.entryPoints.length > 0 && options.entryPoints.every((entry) => fs.existsSync(path.resolve(root, entry))));

async function buildRanks() {
  const out = path.join(root, 'out', 'scripts', 'build-ranks.js');
  await esbuild.build({ ...node, plugins: [], entryPoints: ['scripts/build-ranks.ts'], outfile: out, sourcemap: false, packages: 'external' });
  const written = require(out).buildRankFiles(path.join(shipRoot, 'dist', 'ranks'));
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
