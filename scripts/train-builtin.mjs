// `npm run train:builtin`: builds (for the rank files), then regenerates the built-in trained space.
//   Needs the corpus packages: apt-get install wordnet-base fortunes fortunes-zh
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const outfile = path.join(root, 'out', 'scripts', 'trainBuiltin.js');
await esbuild.build({ entryPoints: [path.join(root, 'scripts', 'trainBuiltin.ts')], outfile, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' });
const run = spawnSync(process.execPath, [outfile], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
