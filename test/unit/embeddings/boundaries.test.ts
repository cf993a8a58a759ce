/** Core embeddings stay pure: no Node built-ins, no vscode, no DOM, nothing from the Node ports folder. */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const coreFolder = join(root, 'src', 'core', 'embeddings');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

describe('core/embeddings boundaries', () => {
  const files = sourceFiles(coreFolder);

  it('finds the core sources', () => assert.ok(files.length >= 10, `only ${files.length} files under ${coreFolder}`));

  for (const file of files) {
    it(`${relative(root, file)} imports only core modules and uses no Node or DOM globals`, () => {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]);
      for (const specifier of imports) {
        assert.ok(specifier.startsWith('.'), `${specifier}: only relative imports inside core`);
        assert.ok(!/\/node\/|\/extension\/|\/webview\/|\/cli\//.test(specifier), `${specifier}: core must not reach outside itself`);
      }
      assert.doesNotMatch(text, /\brequire\(|\bprocess\.|\bBuffer\b|\bdocument\.|\bwindow\./, 'Node or DOM global');
      assert.ok(text.split('\n').length <= 300, 'files stay under ~300 lines');
    });
  }
});
