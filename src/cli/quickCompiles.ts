/**
 * V8's optimising compiler set for a short run. A fresh process spends most of a short input's
 * time waiting for optimised code: on a 2-core machine the scanner's and the merge loop's first
 * optimised compiles (background jobs that inline the helpers they call) finish after much of
 * 20,000 characters has gone through slower tiers, and the process's exit then waits for the jobs
 * still running. Without inlining those jobs are a fraction as long: the cold cost of 20,000
 * characters in a whole process falls by a third to a half (README, Benchmarks, "Whole processes"). Past a few MB
 * the better optimised code wins back more than its compile costs, so only short inputs get this.
 */
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/** Input files adding up to at most this many bytes are short (at 1 MB quick compiles still win; at 3 MB they break even). */
export const SHORT_INPUT_BYTES = 2 * 1024 * 1024;

/**
 * Whether `paths` name at least one file, all regular files, adding up to at most SHORT_INPUT_BYTES
 * (stdin, "-", directories and paths that cannot be examined: no; the command words their errors).
 */
export function isShortInput(paths: readonly string[]): boolean {
  let total = 0;
  for (const path of paths) {
    let size: number | undefined;
    try {
      const stat = path === '-' ? undefined : statSync(path, { throwIfNoEntry: false });
      size = stat?.isFile() ? stat.size : undefined;
    } catch {
      size = undefined;
    }
    total += size ?? Infinity;
    // Past the limit the answer is known: `count` over thousands of files stats no more of them here.
    if (total > SHORT_INPUT_BYTES) return false;
  }
  return paths.length > 0;
}

/**
 * Turns off TurboFan's inlining for this process when `paths` are a short input; whether it did.
 * Call it before the tokenizer runs: code already optimised keeps what it inlined.
 */
export function compileQuicklyFor(paths: readonly string[]): boolean {
  if (!isShortInput(paths)) return false;
  setFlagsFromString('--no-turbo-inlining');
  return true;
}
