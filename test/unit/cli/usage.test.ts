/** The usage lines say what the commands take: README's "Command line" block, each usage line, `help COMMAND`. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../../../src/cli/command';
import { countCommand } from '../../../src/cli/count';
import { embedCommand } from '../../../src/cli/embed';
import { neighborsCommand } from '../../../src/cli/neighbors';
import { projectCommand } from '../../../src/cli/project';
import { tokenizeCommand } from '../../../src/cli/tokenize';
import { trainCommand } from '../../../src/cli/train';
import { projectRoot } from '../../support/encoders';
import { assertOneLine, runCli } from './spawnCli';

const commands: readonly Command[] = [countCommand, tokenizeCommand, embedCommand, neighborsCommand, projectCommand, trainCommand];

/** The lines of the first sh block under "## Command line", trailing comments cut. */
function readmeUsage(): string[] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'a ```sh block under ## Command line');
  return block[1].trimEnd().split('\n').map((line) => line.replace(/\s+# .*$/, ''));
}

describe('CLI: usage lines', function () {
  this.timeout(60_000);

  it("README's Command line block gives each command's usage line exactly, then help COMMAND", () => {
    assert.deepEqual(readmeUsage(), [...commands.map((command) => command.usage), 'token-lens help COMMAND']);
  });

  it('each usage line names every option its command takes (--encoding being --tokenizer where both exist)', () => {
    for (const command of commands) {
      for (const option of Object.keys(command.options)) {
        if (option === 'encoding' && 'tokenizer' in command.options) continue;
        assert.match(command.usage, new RegExp(`\\[?--${option}(?=[ \\]=]|$)`), `${command.name} --${option}`);
      }
    }
  });

  it('help COMMAND prints what COMMAND --help prints; help with an unknown command is a usage error', () => {
    for (const command of commands) {
      const help = runCli(['help', command.name]);
      assert.equal(help.status, 0, help.stderr);
      assert.equal(help.stdout, runCli([command.name, '--help']).stdout, command.name);
      assert.ok(help.stdout.includes(command.usage), command.name);
    }
    assertOneLine(runCli(['help', 'nope']), 2, 'expected one command after help, one of count, tokenize, embed, neighbors, project, train; got "nope"');
  });
});
