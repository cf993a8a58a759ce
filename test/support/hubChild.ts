/**
 * A separate process that downloads a model's whole word table from a mock Hub into an fs cache,
 * so a test can kill it mid-download (SIGKILL: no cleanup runs) and look at what was left.
 *   node hubChild.js <cacheDir> <endpoint> <repo>
 * Prints "opened", waits for a line on stdin, then prints "progress N" as bytes arrive.
 */
import { HubClient } from '../../src/core/hub/client';
import { openHubEmbeddings } from '../../src/core/hub/embeddings';
import { FsBlobCache } from '../../src/node/fsBlobCache';
import { nodeFetch } from '../../src/node/hubFetch';

async function main(): Promise<void> {
  const [cacheDir, endpoint, repo] = process.argv.slice(2);
  setTimeout(() => process.exit(3), 30_000).unref(); // bounded, whatever the parent does
  const client = new HubClient({ fetch: nodeFetch, endpoint });
  const embeddings = await openHubEmbeddings(client, new FsBlobCache(cacheDir), { repo, revision: 'main' });
  process.stdout.write('opened\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  await embeddings.downloadWordMatrix({ onProgress: (p) => process.stdout.write(`progress ${p.received}\n`) });
  process.stdout.write('done\n');
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
