// `npm test`: build, type-check, then three suites — unit (Node), integration (inside a real VS Code
// extension host), e2e (the real VS Code web UI in headless Chromium). Ends with "N passed, N failed".
//   node scripts/test.mjs [--unit] [--integration] [--e2e] [--grep <pattern>] [--no-build] [--screenshots]
// --screenshots (`npm run screenshots`): only the e2e tests that take the README pictures (titles naming
// docs/…png), writing docs/*.png. Otherwise no test may change a tracked file: that counts as a failure.
// Env: TOKEN_LENS_VSCODE=electron runs integration in desktop VS Code via @vscode/test-electron;
//      TOKEN_LENS_SUITE_TIMEOUT=<seconds> overrides each suite's overall timeout.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changedFiles, treeSnapshot } from './treeSnapshot.mjs';
import { ensureServer, root } from './vscode-server.mjs';
import { runIntegrationTests } from './vscode-tests.mjs';

const args = process.argv.slice(2);
const grepIndex = args.indexOf('--grep');
const screenshots = args.includes('--screenshots');
const grep = grepIndex >= 0 ? args[grepIndex + 1] : screenshots ? 'docs/' : undefined;
const chosen = ['unit', 'integration', 'e2e'].filter((suite) => args.includes(`--${suite}`));
const suites = screenshots ? ['e2e'] : chosen.length > 0 ? chosen : ['unit', 'integration', 'e2e'];
const minutes = (n) => n * 60_000;
const override = Number(process.env.TOKEN_LENS_SUITE_TIMEOUT) * 1000; // seconds, for every suite
const suiteTimeouts = override > 0 ? { unit: override, integration: override, e2e: override } : { unit: minutes(10), integration: minutes(10), e2e: minutes(12) };
const tail = [];
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-results-'));
process.once('exit', () => fs.rmSync(resultsDir, { recursive: true, force: true }));
// Exit normally on Ctrl-C so exit handlers stop the VS Code server (it runs in its own process group).
process.once('SIGINT', () => process.exit(130));

/** Echoes a line and keeps the last 60 for the timeout report. */
function echo(line) {
  console.log(line);
  tail.push(line);
  tail.splice(0, Math.max(0, tail.length - 60));
}

function heading(title) {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);
}

function step(title, command, commandArgs) {
  heading(title);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

/** Runs a Node-side mocha suite in a child process, with an overall timeout. */
function runNodeSuite(suite, dir, suffix, testTimeout, resultsFile) {
  const childArgs = [path.join(root, 'scripts', 'mocha-run.mjs'), suite, dir, suffix, '--timeout', String(testTimeout)];
  if (grep) childArgs.push('--grep', grep);
  const child = spawn(process.execPath, childArgs, {
    cwd: root,
    env: { ...process.env, TOKEN_LENS_RESULTS_FILE: resultsFile, ...(screenshots ? { TOKEN_LENS_SCREENSHOTS: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  const onData = (chunk) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(echo);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM'); // mocha-run.mjs exits on SIGTERM, stopping any server and browser it started
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      resolve({ exitCode: 1, timedOut: true });
    }, suiteTimeouts[suite]);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (partial) echo(partial);
      resolve({ exitCode: code ?? 1, timedOut: false });
    });
  });
}

async function runSuite(suite, setupError) {
  heading(suite);
  tail.length = 0;
  const resultsFile = path.join(resultsDir, `${suite}.json`);
  const started = Date.now();
  let outcome = { exitCode: 1, timedOut: false };
  try {
    if (setupError) throw setupError;
    outcome = await startSuite(suite, resultsFile);
  } catch (error) {
    echo(`${suite} could not run: ${error instanceof Error ? error.message : error}`);
  }
  const seconds = (Date.now() - started) / 1000;
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
  const why = outcome.timedOut ? `${suite} timed out after ${suiteTimeouts[suite] / 1000} s` : results ? undefined : `${suite} crashed`;
  if (why && outcome.log) console.log(`\n${why}; last console lines:\n${outcome.log.join('\n')}`);
  else if (why) console.log(`\n${why}; last lines:\n${tail.join('\n')}`);
  return { suite, seconds, ...outcome, results };
}

async function startSuite(suite, resultsFile) {
  let outcome;
  if (suite === 'unit') outcome = await runNodeSuite(suite, 'out/test/unit', '.test.js', 10_000, resultsFile);
  if (suite === 'e2e') outcome = await runNodeSuite(suite, 'out/test/e2e', '.e2e.test.js', 60_000, resultsFile);
  if (suite === 'integration') {
    const env = { TOKEN_LENS_RESULTS_FILE: resultsFile, ...(grep ? { TOKEN_LENS_GREP: grep } : {}) };
    outcome = await runIntegrationTests({ env, timeoutMs: suiteTimeouts.integration, echo });
  }
  return outcome;
}

/** One summary row; problems (crash, timeout, no tests) count as one failure each. */
function summarize({ suite, seconds, exitCode, timedOut, results }) {
  const time = `${seconds.toFixed(1)} s`;
  const name = suite.padEnd(12);
  if (timedOut) return { line: `  ${name} timed out (counted as 1 failure)   ${time}`, passed: 0, failed: 1 };
  if (!results) return { line: `  ${name} crashed with exit code ${exitCode}, no results (counted as 1 failure)   ${time}`, passed: 0, failed: 1 };
  const { passes, failures, pending, vscode } = results;
  const where = vscode ? `   in VS Code ${vscode}` : '';
  if (passes + failures === 0 && grep) return { line: `  ${name} no tests match --grep ${grep}`, passed: 0, failed: 0 };
  if (passes + failures === 0) return { line: `  ${name} ran no tests (counted as 1 failure)   ${time}`, passed: 0, failed: 1 };
  const mismatch = failures === 0 && exitCode !== 0 ? ' — but exited with an error (counted as 1 failure)' : '';
  const line = `  ${name} ${String(passes).padStart(4)} passed, ${String(failures).padStart(3)} failed${pending ? `, ${pending} pending` : ''}   ${time}${where}${mismatch}`;
  return { line, passed: passes, failed: failures + (mismatch ? 1 : 0) };
}

async function main() {
  const started = Date.now();
  const rows = [];
  if (!args.includes('--no-build')) {
    fs.rmSync(path.join(root, 'out', 'test'), { recursive: true, force: true }); // no stale compiled tests
    const build = step('build', process.execPath, ['esbuild.js']);
    if (!build.ok) {
      console.log('\nbuild failed; no tests ran');
      console.log('0 passed, 1 failed');
      return 1;
    }
    const typecheck = step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
    rows.push(
      typecheck.ok
        ? { line: `  ${'typecheck'.padEnd(12)} ok   ${typecheck.seconds.toFixed(1)} s`, passed: 0, failed: 0 }
        : { line: `  ${'typecheck'.padEnd(12)} failed (counted as 1 failure)`, passed: 0, failed: 1 },
    );
  }
  const needsServer = (suite) => suite === 'e2e' || (suite === 'integration' && process.env.TOKEN_LENS_VSCODE !== 'electron');
  let serverError;
  if (suites.some(needsServer)) {
    try {
      ensureServer((line) => console.log(line));
    } catch (error) {
      serverError = error;
    }
  }
  const before = treeSnapshot(root);
  for (const suite of suites) rows.push(summarize(await runSuite(suite, needsServer(suite) ? serverError : undefined)));
  const changed = changedFiles(before, treeSnapshot(root));
  if (screenshots) rows.push({ line: `  ${'screenshots'.padEnd(12)} ${changed.length ? `changed ${changed.join(', ')}` : 'unchanged'}`, passed: 0, failed: 0 });
  else if (changed.length > 0) {
    const line = `  ${'tree'.padEnd(12)} the tests changed ${changed.join(', ')} (counted as 1 failure; README pictures come from npm run screenshots)`;
    rows.push({ line, passed: 0, failed: 1 });
  }

  heading('summary');
  rows.forEach(({ line }) => console.log(line));
  console.log(`  ${'total'.padEnd(12)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const passed = rows.reduce((sum, row) => sum + row.passed, 0);
  const failed = rows.reduce((sum, row) => sum + row.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
