/**
 * The manifest's menus, keybindings and activation hold together: every command a menu or a key
 * names is contributed, highlighting has a key, and prompts activate Token Lens as soon as they open.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContextKeys } from '../../src/extension/constants';
import { projectRoot } from '../support/encoders';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    keybindings: { command: string; key: string; when?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((entry) => entry.command));

describe('manifest', () => {
  it('every command in a menu or a keybinding is contributed', () => {
    const named = [
      ...Object.entries(manifest.contributes.menus).flatMap(([menu, entries]) => entries.map((entry) => `${menu}: ${entry.command}`)),
      ...manifest.contributes.keybindings.map((entry) => `keybinding ${entry.key}: ${entry.command}`),
    ];
    assert.deepEqual(named.filter((entry) => !contributed.has(entry.split(': ')[1])), []);
  });

  it('toggles highlighting with a key in text editors, and shows the panel from the editor title of prompt languages', () => {
    const key = manifest.contributes.keybindings.find((entry) => entry.command === 'tokenLens.toggleHighlighting');
    assert.equal(key?.when, 'editorTextFocus');
    const title = manifest.contributes.menus['editor/title']?.find((entry) => entry.command === 'tokenLens.showPanel');
    assert.match(title?.when ?? '', /markdown/);
  });

  it('when clauses name only the context keys the extension sets; Train Embeddings is hidden in VS Code for the Web', () => {
    const whens = [...Object.values(manifest.contributes.menus).flat(), ...manifest.contributes.keybindings].map((entry) => entry.when ?? '');
    // `view == tokenLens.workspaceCounts` names a view, not a context key.
    const named = whens.flatMap((when) => when.match(/(?<!view\s*==\s*)\btokenLens\.[\w.]+/g) ?? []);
    const set: readonly string[] = Object.values(ContextKeys);
    assert.deepEqual(named.filter((key) => !set.includes(key)), []);
    const train = manifest.contributes.menus.commandPalette?.find((entry) => entry.command === 'tokenLens.trainEmbeddings');
    assert.equal(train?.when, `!${ContextKeys.webHost}`);
  });

  it('activates on the languages prompts are written in, as well as on startup', () => {
    for (const event of ['onStartupFinished', 'onLanguage:markdown', 'onLanguage:plaintext']) assert.ok(manifest.activationEvents.includes(event), event);
  });
});
