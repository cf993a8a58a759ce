// Mocha bootstrap that VS Code loads as `extensionTestsPath`: runs every *.test.js next to it inside the
// real extension host, then writes the counts to TOKEN_LENS_RESULTS_FILE for scripts/test.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { removeOpenedTexts } from './support';

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

/** Tags reporter lines so the harness can tell them from the workbench's own console chatter. */
const reporterPrefix = '[token-lens:mocha]';

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(`${reporterPrefix} ${util.format(...args)}`);
  console.log(`${reporterPrefix} integration tests in ${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.TOKEN_LENS_TEST_TIMEOUT ?? 30_000),
    grep: process.env.TOKEN_LENS_GREP || undefined,
  });
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        removeOpenedTexts();
        const { tests = 0, passes = 0, pending = 0 } = runner.stats ?? {};
        const results = { suite: 'integration', tests, passes, failures, pending, vscode: vscode.version };
        const resultsFile = process.env.TOKEN_LENS_RESULTS_FILE;
        if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results));
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}
