/**
 * The "Get started with Token Lens" walkthrough holds together in every language: each step has a
 * button, every button runs a command the manifest contributes (or a built-in one) on a sample that
 * exists, and every media file exists.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSLATIONS, manifestStringsPath, readMessages } from '../../../scripts/l10nBundle';
import { projectRoot } from '../../support/encoders';

interface Step {
  id: string;
  title: string;
  description: string;
  media: Record<string, unknown>;
}
interface Manifest {
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; title: string; description: string; steps: Step[] }[] };
}

/** VS Code's own commands the walkthrough may run. */
const BUILT_IN = ['workbench.action.openSettings'];
const OPEN_SAMPLE = 'tokenLens.openSample';
const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Manifest;
const contributed = manifest.contributes.commands.map((entry) => entry.command);

interface Button {
  readonly command: string;
  readonly args: unknown[];
}

/** The `[label](command:id?args)` links of a step description: VS Code draws each as a button. */
function buttons(description: string): Button[] {
  return [...description.matchAll(/\]\(command:([\w.]+)(?:\?([^)\s]+))?\)/g)].map(([, command, args]) => ({
    command,
    args: args === undefined ? [] : (JSON.parse(decodeURIComponent(args)) as unknown[]),
  }));
}

/** A `%key%` manifest string in one language (undefined for a key the table lacks). */
function localize(value: string, table: Record<string, string>): string | undefined {
  const match = /^%(.+)%$/.exec(value);
  return match ? table[match[1]] : value;
}

/** What is wrong with one button, or undefined. */
function buttonProblem({ command, args }: Button): string | undefined {
  if (!contributed.includes(command) && !BUILT_IN.includes(command)) return `${command} is neither contributed nor built in`;
  if (command !== OPEN_SAMPLE) return undefined;
  const [sample, then] = args;
  if (typeof sample !== 'string' || !existsSync(join(projectRoot, 'media', 'walkthrough', 'samples', `${sample}.md`))) return `no sample ${JSON.stringify(sample)}`;
  if (then !== undefined && (typeof then !== 'string' || !contributed.includes(then))) return `${JSON.stringify(then)} is not a contributed command`;
  return undefined;
}

describe('walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs.find((entry) => entry.id === 'tokenLens.gettingStarted');

  it('reads buttons and their arguments from step descriptions, and finds the broken ones', () => {
    const text = 'Text.\n[Count](command:tokenLens.openSample?%5B%22strawberry%22%2C%22tokenLens.countTokens%22%5D)\n[Settings](command:workbench.action.openSettings)';
    assert.deepEqual(buttons(text), [
      { command: OPEN_SAMPLE, args: ['strawberry', 'tokenLens.countTokens'] },
      { command: 'workbench.action.openSettings', args: [] },
    ]);
    assert.equal(buttonProblem({ command: 'tokenLens.nothing', args: [] }), 'tokenLens.nothing is neither contributed nor built in');
    assert.equal(buttonProblem({ command: OPEN_SAMPLE, args: ['missing'] }), 'no sample "missing"');
    assert.equal(buttonProblem({ command: OPEN_SAMPLE, args: ['strawberry', 'tokenLens.nothing'] }), '"tokenLens.nothing" is not a contributed command');
  });

  it('is contributed as "Get started with Token Lens", with the steps from prompt to semantic space', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs has tokenLens.gettingStarted');
    assert.equal(localize(walkthrough.title, readMessages(manifestStringsPath(projectRoot))), 'Get started with Token Lens');
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ['pipeline', 'tokens', 'wordEmbedding', 'positions', 'sum', 'space'],
    );
  });

  for (const language of [undefined, ...TRANSLATIONS]) {
    const name = language ?? 'en';
    const table = readMessages(manifestStringsPath(projectRoot, language));

    it(`${name}: every step has a title, a description with a button, and Markdown media that exists`, () => {
      const problems = (walkthrough?.steps ?? []).flatMap((step) => {
        const found: string[] = [];
        const description = localize(step.description, table);
        if (!localize(step.title, table)) found.push(`${step.id}: no title`);
        if (!description || buttons(description).length === 0) found.push(`${step.id}: no button`);
        for (const [kind, path] of Object.entries(step.media)) {
          const file = typeof path === 'string' ? localize(path, table) : undefined;
          if (!file || !existsSync(join(projectRoot, file))) found.push(`${step.id}: ${kind} ${file ?? path} does not exist`);
        }
        return found;
      });
      assert.deepEqual(problems, []);
    });

    it(`${name}: every button runs a contributed or built-in command, on a sample that exists`, () => {
      const problems = (walkthrough?.steps ?? []).flatMap((step) =>
        buttons(localize(step.description, table) ?? '').flatMap((button) => {
          const problem = buttonProblem(button);
          return problem ? [`${step.id}: ${problem}`] : [];
        }),
      );
      assert.deepEqual(problems, []);
    });
  }

  it('the buttons run the same commands in every language', () => {
    const commandsIn = (language?: string) => {
      const table = readMessages(manifestStringsPath(projectRoot, language));
      return (walkthrough?.steps ?? []).map((step) => JSON.stringify(buttons(localize(step.description, table) ?? '')));
    };
    for (const language of TRANSLATIONS) assert.deepEqual(commandsIn(language), commandsIn(), language);
  });
});
