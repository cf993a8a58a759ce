// A language pack for the offline VS Code server, made on the spot: the server resolves a display
// language only when a pack for it is installed (else it falls back to English, and so does
// vscode.env.language, which decides the extension's bundle). The pack translates nothing of VS Code
// itself; it only makes `--locale zh-cn` take effect, so Token Lens's own translations show.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Packer {
  pack(options: Record<string, unknown>): Promise<{ packagePath: string }>;
}

/** Installs a pack for `language` into `extensionsDir` and registers it in `userDataDir`'s languagepacks.json. */
export async function installLanguagePack(serverEntry: string, userDataDir: string, extensionsDir: string, language: string): Promise<void> {
  const source = path.join(userDataDir, 'language-pack-source');
  fs.mkdirSync(path.join(source, 'translations'), { recursive: true });
  const name = `test-language-pack-${language}`;
  const manifest = {
    name,
    publisher: 'token-lens-test',
    version: '0.0.1',
    description: `Lets the offline test server run in ${language}.`,
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: { localizations: [{ languageId: language, languageName: language, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
  };
  fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(source, 'README.md'), `# ${name}\n`);
  fs.writeFileSync(path.join(source, 'LICENSE'), 'MIT\n'); // vsce warns without one
  fs.writeFileSync(path.join(source, '.vscodeignore'), '*.vsix\n');
  fs.writeFileSync(path.join(source, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  const vsix = path.join(userDataDir, `${name}.vsix`);
  // vsce's packer (no typings) prints the file tree: keep the test output readable.
  const { pack } = require('@vscode/vsce/out/package') as Packer;
  const log = console.log;
  console.log = () => {};
  try {
    await pack({ cwd: source, packagePath: vsix, dependencies: false, allowMissingRepository: true });
  } finally {
    console.log = log;
  }
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(userDataDir, 'xdg-config'), XDG_DATA_HOME: path.join(userDataDir, 'xdg-data') };
  const install = spawnSync(process.execPath, [serverEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) throw new Error(`installing the ${language} language pack failed (exit ${install.status}): ${install.stderr || install.stdout}`);
  const installed = fs.readdirSync(extensionsDir).find((entry) => entry.startsWith(`token-lens-test.${name}-`));
  if (!installed) throw new Error(`the ${language} language pack is not in ${extensionsDir} after installing it`);
  // The server writes this cache when packs change at run time; before its first start there is none.
  const packs = {
    [language]: {
      hash: `test-${language}-0.0.1`,
      label: language,
      extensions: [{ extensionIdentifier: { id: `token-lens-test.${name}` }, version: '0.0.1' }],
      translations: { vscode: path.join(extensionsDir, installed, 'translations', 'main.i18n.json') },
    },
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}
