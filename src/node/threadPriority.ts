/**
 * Background threads give way to the extension host. On Linux the nice value belongs to each
 * thread, so a worker can lower its own priority (its thread id is the last part of
 * /proc/thread-self) without touching the process or the extension host's thread. Elsewhere the
 * priority is left as it is.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value for the compute worker: it still gets an idle core at full speed. */
export const BACKGROUND_NICE = 10;

/** Lowers the calling thread's scheduling priority; returns the nice value set, or undefined where it cannot. */
export function lowerThreadPriority(nice = BACKGROUND_NICE): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(threadId) || threadId <= 0) return undefined;
    setPriority(threadId, nice);
    return nice;
  } catch {
    return undefined;
  }
}
