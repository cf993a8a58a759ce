/** Runs the built CLI (`dist/cli.js`) as a user would, never longer than a deadline: a hang fails the test, not the suite. */
import * as assert from 'node:assert/strict';
import { type StdioOptions, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../support/encoders';

export const cliPath = join(projectRoot, 'dist', 'cli.js');

let cacheDir: string | undefined;
/**
 * The temporary caches of this run, removed by one exit listener: each test file is bundled with its
 * own copy of this module (and its own cache), and a listener each would pass Node's limit of ten.
 */
const shared = globalThis as { tokenLensCliCaches?: string[] };
/** The CLI's environment in tests: this process's, with a temporary $TOKEN_LENS_CACHE (never the user's ~/.cache), and `extra`. */
export function cliEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string | undefined> {
  if (!cacheDir) {
    cacheDir = mkdtempSync(join(tmpdir(), 'token-lens-cli-cache-'));
    if (!shared.tokenLensCliCaches) {
      const caches: string[] = (shared.tokenLensCliCaches = []);
      process.once('exit', () => caches.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    }
    shared.tokenLensCliCaches.push(cacheDir);
  }
  return { ...process.env, TOKEN_LENS_CACHE: cacheDir, ...extra };
}

export interface CliRun {
  /** null when the process was killed (deadline passed, or a signal). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly input?: string | Uint8Array;
  readonly stdio?: StdioOptions;
  /** Killed with SIGKILL after this long (default 20 s). */
  readonly timeoutMs?: number;
  /** Extra arguments for node itself, e.g. --max-old-space-size. */
  readonly nodeArgs?: readonly string[];
  /** Variables added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working directory (default this process's). */
  readonly cwd?: string;
  /** Run as this user and group (a test run as root needs another user to meet a permission). */
  readonly uid?: number;
  readonly gid?: number;
}

export function runCli(args: readonly string[], options: CliRunOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), cliPath, ...args], {
    input: options.input,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    stdio: options.stdio,
    env: cliEnv(options.env),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 2 ** 20,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Runs a shell pipeline (sh -c) with the same deadline; `CLI` in the script is replaced by the command that runs the CLI. */
export function runShell(script: string, timeoutMs = 20_000): CliRun {
  const cli = `'${process.execPath}' '${cliPath}'`;
  const result = spawnSync('sh', ['-c', script.replaceAll('CLI', cli)], { encoding: 'utf8', env: cliEnv(), timeout: timeoutMs, killSignal: 'SIGKILL' });
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Asserts exit `status` with exactly one `token-lens: …` line on stderr containing `fragment`. */
export function assertOneLine(result: CliRun, status: number, fragment: string | RegExp): void {
  assert.equal(result.status, status, `exit ${result.status ?? result.signal}; stderr: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr: ${result.stderr}`);
  assert.match(lines[0], /^token-lens: /);
  if (typeof fragment === 'string') assert.ok(lines[0].includes(fragment), `expected ${JSON.stringify(fragment)} in: ${lines[0]}`);
  else assert.match(lines[0], fragment);
}
