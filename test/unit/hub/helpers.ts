/** Shared pieces for the Hub tests: a mock Hub per file, temporary cache folders, and files on disk. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubClient, type HubClientOptions } from '../../../src/core/hub/client';
import { HubError, type HubErrorKind } from '../../../src/core/hub/errors';
import { nodeFetch } from '../../../src/node/hubFetch';
import { MockHub } from '../../support/mockHub';

export function client(hub: MockHub, options: Partial<HubClientOptions> = {}): HubClient {
  return new HubClient({ fetch: nodeFetch, endpoint: hub.endpoint, ...options });
}

/** A fresh mock Hub for each test of the calling `describe`, stopped after it. */
export function useMockHub(): () => MockHub {
  let hub: MockHub | undefined;
  beforeEach(async () => {
    hub = new MockHub();
    await hub.start();
  });
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });
  return () => {
    if (!hub) throw new Error('the mock Hub runs only inside a test');
    return hub;
  };
}

/** A temporary folder for each test, removed after it. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'token-lens-hub-'));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('the temporary folder exists only inside a test');
    return dir;
  };
}

/** Every file under `dir`, relative, sorted. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name).slice(dir.length + 1))
    .sort();
}

/** Resolves to the HubError `promise` rejects with, failing if it resolves or rejects with something else. */
export async function hubError(promise: Promise<unknown>, kind: HubErrorKind): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
    if (error.kind !== kind) throw new Error(`expected a '${kind}' HubError, found '${error.kind}': ${error.message}`);
    return error;
  }
  throw new Error(`expected a '${kind}' HubError, found success`);
}

export function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Pseudo-random bytes (deterministic), for bodies large enough to stream in several pieces. */
export function noiseBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
