import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICE } from '../../../src/node/threadPriority';
import { projectRoot } from '../../support/encoders';

/** Nice value of each thread of this process, by thread id (Linux: field 19 of /proc/self/task/TID/stat). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at state, field 3.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      nices.set(Number(id), Number(fields[19 - 3]));
    } catch {
      // the thread ended between listing and reading
    }
  }
  return nices;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the compute worker thread priority', () => {
  it('runs the worker (dist/worker.js) at a lower priority than the thread that started it, leaving that thread as it was (Linux)', async function () {
    if (process.platform !== 'linux') this.skip();
    const before = threadNices();
    const mainNice = getPriority();
    const worker = new Worker(join(projectRoot, 'dist', 'worker.js'));
    try {
      const lowered = await waitFor(`a new thread at nice ${BACKGROUND_NICE}`, () => {
        const added = [...threadNices()].filter(([id]) => !before.has(id));
        return added.find(([, nice]) => nice === BACKGROUND_NICE);
      });
      assert.ok(lowered[1] > mainNice, `worker thread ${lowered[0]} at nice ${lowered[1]}, main thread at ${mainNice}`);
      assert.equal(getPriority(), mainNice, 'the main thread keeps its priority');
      assert.equal(threadNices().get(process.pid), before.get(process.pid), 'the process leader thread keeps its priority');
    } finally {
      await worker.terminate();
    }
  });
});
