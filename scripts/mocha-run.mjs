// Runs one Node-side mocha suite in this process and writes its counts to TOKEN_LENS_RESULTS_FILE.
//   node scripts/mocha-run.mjs <suite> <dir> <file-suffix> [--timeout ms] [--grep pattern]
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

const [suite, dir, suffix, ...rest] = process.argv.slice(2);
const option = (name) => {
  const index = rest.indexOf(name);
  return index >= 0 ? rest[index + 1] : undefined;
};

function testFiles(folder) {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return entry.name.endsWith(suffix) ? [full] : [];
    })
    .sort();
}

process.setSourceMapsEnabled(true); // stack traces point at test/**/*.ts, not the bundles
const mocha = new Mocha({
  ui: 'bdd',
  reporter: 'spec',
  color: Boolean(process.stdout.isTTY),
  timeout: Number(option('--timeout') ?? 10_000),
  grep: option('--grep'),
});
for (const file of testFiles(path.resolve(dir))) mocha.addFile(file);

// On SIGTERM (the harness's timeout) or Ctrl-C exit normally, so exit handlers stop any server we started.
process.once('SIGTERM', () => process.exit(143));
process.once('SIGINT', () => process.exit(130));

const runner = mocha.run((failures) => {
  const { tests = 0, passes = 0, pending = 0 } = runner.stats ?? {};
  const results = { suite, tests, passes, failures, pending };
  if (process.env.TOKEN_LENS_RESULTS_FILE) fs.writeFileSync(process.env.TOKEN_LENS_RESULTS_FILE, JSON.stringify(results));
  // Exit even if a test left a handle open (like mocha --exit); the results are already written.
  process.stdout.write('', () => process.exit(failures > 0 ? 1 : 0));
});
