/**
 * The .vsix holds what the extension runs and nothing else, within its size budget. Made by
 * `npm run package` itself (scripts/package.mjs: a staging copy of the checkout built for production,
 * packed by @vscode/vsce with scripts/vsix.json's options), so what is checked is what ships. Offline.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRANSLATIONS, manifestStringsPath, readMessages } from '../../../scripts/l10nBundle';
import vsix from '../../../scripts/vsix.json';
import { projectRoot } from '../../support/encoders';

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  icon: string;
  main: string;
  browser: string;
  galleryBanner?: { color?: string; theme?: string };
  categories: string[];
  keywords: string[];
  license: string;
  contributes: { walkthroughs?: { steps: { media: Record<string, string> }[] }[] };
};

/** The walkthrough's media in every language (`%key%` paths resolved) and its sample prompts. */
function walkthroughFiles(): string[] {
  const tables = [undefined, ...TRANSLATIONS].map((language) => readMessages(manifestStringsPath(projectRoot, language)));
  const media = (manifest.contributes.walkthroughs ?? []).flatMap((walkthrough) =>
    walkthrough.steps.flatMap((step) => Object.values(step.media).flatMap((path) => tables.map((table) => table[/^%(.+)%$/.exec(path)?.[1] ?? ''] ?? path))),
  );
  const samples = readdirSync(join(projectRoot, 'media', 'walkthrough', 'samples')).map((name) => `media/walkthrough/samples/${name}`);
  return [...new Set([...media, ...samples])];
}

/** Files the package must hold, derived from the manifest and the tree rather than listed by hand. */
function requiredFiles(): string[] {
  const ranks = readdirSync(join(projectRoot, 'dist', 'ranks')).map((name) => `dist/ranks/${name}`);
  const pictures = [...readFileSync(join(projectRoot, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)\s]+\.png)\)/g)].map((match) => match[1]);
  return [
    'package.json',
    'readme.md',
    'changelog.md',
    'LICENSE.txt',
    'THIRD-PARTY-NOTICES.md',
    'package.nls.json',
    'l10n/bundle.l10n.json',
    ...TRANSLATIONS.flatMap((language) => [`package.nls.${language}.json`, `l10n/bundle.l10n.${language}.json`]),
    manifest.main.replace(/^\.\//, ''),
    'dist/worker.js',
    manifest.browser.replace(/^\.\//, ''),
    'dist/web/worker.js',
    'media/build/panel.js',
    'media/panel.css',
    manifest.icon,
    ...readdirSync(join(projectRoot, 'media', 'embeddings')).map((name) => `media/embeddings/${name}`),
    ...ranks,
    ...pictures,
    ...walkthroughFiles(),
  ];
}

/** What may ship: manifests, string tables, notices, bundles, rank files, media and the README's pictures. */
const ALLOWED = [
  /^(extension\.vsixmanifest|\[Content_Types\]\.xml|package\.json|readme\.md|changelog\.md|LICENSE\.txt|THIRD-PARTY-NOTICES\.md)$/,
  /^package\.nls(\.[a-z-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/,
  /^dist\/(web\/)?(extension|worker)\.js$/,
  /^dist\/ranks\/[a-z0-9_]+\.tlr$/,
  /^media\/(?!.*\.(map|ts)$).+/,
  /^docs\/[^/]+\.png$/,
];

describe('packaging: the .vsix', function () {
  this.timeout(120_000);
  let packed: { files: string[]; bytes: number } | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'token-lens-vsix-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  before(function () {
    // What `npm run package` ships, made by it: a staging copy built for production, packed by vsce.
    const vsixFile = join(folder, 'token-lens.vsix');
    const listFile = join(folder, 'files.json');
    const run = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'package.mjs'), '--out', vsixFile, '--list', listFile, '--quiet'], { cwd: projectRoot, encoding: 'utf8' });
    assert.ok(existsSync(listFile), `npm run package wrote no file list (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    packed = JSON.parse(readFileSync(listFile, 'utf8')) as { files: string[]; bytes: number };
  });

  const contents = () => {
    assert.ok(packed, 'the package was built');
    return packed;
  };

  it('holds every file the extension needs', () => {
    const { files } = contents();
    assert.deepEqual(requiredFiles().filter((file) => !files.includes(file)), []);
  });

  it('holds nothing else: no sources, tests, maps, node_modules, scripts or the command line', () => {
    const unexpected = contents().files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, []);
  });

  it(`stays within ${vsix.budgetBytes / 1024 / 1024} MiB`, () => {
    const { bytes } = contents();
    assert.ok(bytes <= vsix.budgetBytes, `${(bytes / 1024 / 1024).toFixed(2)} MiB`);
  });

  it('has a 128 × 128 PNG icon, a gallery banner, categories, keywords and its licence', () => {
    const icon = readFileSync(join(projectRoot, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString('ascii'), 'PNG', manifest.icon);
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'icon width × height');
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9A-Fa-f]{6}$/);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''), 'banner theme');
    assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0 && manifest.keywords.length <= 30);
    assert.equal(manifest.license, 'MIT');
    assert.match(readFileSync(join(projectRoot, 'LICENSE'), 'utf8'), /^MIT License/);
  });
});
