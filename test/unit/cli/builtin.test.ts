/** `--weights builtin` in embed, neighbors and project, run as a user would: `node dist/cli.js` (build first). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI: --weights builtin', function () {
  this.timeout(60_000);

  it('selects the built-in trained table in neighbors, embed and project', () => {
    const neighbours = run(['neighbors', ' Monday', '--weights', 'builtin', '--json']);
    assert.equal(neighbours.status, 0, neighbours.stderr);
    const parsed = JSON.parse(neighbours.stdout);
    assert.equal(parsed.source, 'trained (built-in)');
    assert.equal(parsed.encoding, 'o200k_base');
    const embed = run(['embed', '--weights', 'builtin']);
    assert.equal(embed.status, 0, embed.stderr);
    assert.match(embed.stdout, /trained \(built-in\)/);
    const project = spawnSync(process.execPath, [cli, 'project', '--weights', 'builtin', '--vectors', 'word', '--json'], { input: 'Monday Tuesday', encoding: 'utf8' });
    assert.equal(project.status, 0, project.stderr);
  });

  it('rejects another encoding with the built-in table', () => {
    const result = run(['neighbors', ' Monday', '--weights', 'builtin', '--encoding', 'cl100k_base']);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'token-lens: --weights builtin is trained on o200k_base token ids; drop --encoding cl100k_base\n');
  });
});
