// `npm run bench`: builds, then runs each benchmark in turn (tokenizer, embeddings, projection, training).
// Benchmarks print figures side by side with their peers; they assert nothing.
//   node scripts/bench.mjs [--quick] [tokenizer|hfTokenizer|embeddings|projection|training ...]
//   (hfTokenizer also takes --only=MODEL[,MODEL…], e.g. --only=deepseek_v3)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith('--'));
const all = ['tokenizer', 'hfTokenizer', 'embeddings', 'projection', 'training'];
const chosen = args.filter((arg) => all.includes(arg));

const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = false;
for (const name of chosen.length > 0 ? chosen : all) {
  const script = path.join(root, 'out', 'bench', `${name}.js`);
  if (!fs.existsSync(script)) continue;
  console.log(`\n═══ ${name} ${'═'.repeat(60 - name.length)}`);
  const run = spawnSync(process.execPath, ['--expose-gc', script, ...flags], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
