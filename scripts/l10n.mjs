// `npm run l10n`: regenerates l10n/bundle.l10n.json from the sources' vscode.l10n.t calls (with
// @vscode/l10n-dev), drops the keys no longer used from each translation, and lists what is left to
// translate (exit code 1 when something is). Translations are never filled in with English.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, 'out', 'scripts', 'l10nBundle.js');
await esbuild.build({
  entryPoints: [path.join(root, 'scripts', 'l10nBundle.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const { writeBundles } = createRequire(import.meta.url)(outfile);
const reports = await writeBundles(root);
let untranslated = 0;
for (const { file, missing, stale } of reports) {
  const name = path.relative(root, file);
  if (stale.length > 0) console.log(`${name}: removed ${stale.length} unused key(s): ${stale.map((key) => JSON.stringify(key)).join(', ')}`);
  if (missing.length > 0) console.log(`${name}: ${missing.length} key(s) to translate:\n${missing.map((key) => `  ${JSON.stringify(key)}`).join('\n')}`);
  untranslated += missing.length;
}
console.log(untranslated > 0 ? `${untranslated} string(s) still need a translation (see l10n/GLOSSARY.md)` : 'l10n bundles up to date; every string is translated');
process.exit(untranslated > 0 ? 1 : 0);
