/**
 * The string tables are complete and current: the English bundle is what `npm run l10n` generates from
 * the sources (so no key is unused and none is missing), every English key has a translation in every
 * language and no translation is left over, placeholders match, and package.json's `%key%` references
 * resolve. `npm run l10n` lists what is left to translate.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  TRANSLATIONS,
  type Messages,
  bundlePath,
  bundleText,
  compareKeys,
  extractBundle,
  manifestStringsPath,
  placeholders,
  readMessages,
} from '../../../scripts/l10nBundle';
import { projectRoot } from '../../support/encoders';

const tables = (language?: string) => [
  { name: 'l10n bundle', file: bundlePath(projectRoot, language) },
  { name: 'package.nls', file: manifestStringsPath(projectRoot, language) },
];

/** Every `%key%` string in package.json. */
function manifestReferences(): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = /^%(.+)%$/.exec(value);
      if (match) found.add(match[1]);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')));
  return [...found].sort();
}

/** Differences in placeholders between English and a translation, one line each. */
function placeholderMismatches(english: Messages, translated: Messages): string[] {
  return Object.keys(english)
    .filter((key) => Object.hasOwn(translated, key))
    .filter((key) => placeholders(english[key]).join() !== placeholders(translated[key]).join())
    .map((key) => `${JSON.stringify(key)}: ${placeholders(english[key]).join() || 'none'} in English, ${placeholders(translated[key]).join() || 'none'} translated`);
}

describe('l10n: string tables', () => {
  it('l10n/bundle.l10n.json is what `npm run l10n` generates from the sources (no unused or missing keys)', async function () {
    this.timeout(60_000); // @vscode/l10n-dev parses every source file with tree-sitter
    const generated = await extractBundle(projectRoot);
    const committed = readMessages(bundlePath(projectRoot));
    const { missing, stale } = compareKeys(generated, committed);
    assert.deepEqual({ missing, unused: stale }, { missing: [], unused: [] }, 'run `npm run l10n`');
    assert.equal(readFileSync(bundlePath(projectRoot), 'utf8'), bundleText(generated), 'run `npm run l10n`: the bundle is sorted and formatted as generated');
  });

  it('package.json uses every package.nls.json key, and every %key% it uses is defined', () => {
    const used = manifestReferences();
    const defined = Object.keys(readMessages(manifestStringsPath(projectRoot))).sort();
    assert.deepEqual(
      { undefined: used.filter((key) => !defined.includes(key)), unused: defined.filter((key) => !used.includes(key)) },
      { undefined: [], unused: [] },
    );
  });

  it('finds a missing translation, a left-over key and a changed placeholder', () => {
    const english = { 'Open {0}': 'Open {0}', Close: 'Close', 'Copy {0} of {1}': 'Copy {0} of {1}' };
    const translated = { 'Open {0}': '打开', Close: '关闭', Gone: '已删除' };
    assert.deepEqual(compareKeys(english, translated), { missing: ['Copy {0} of {1}'], stale: ['Gone'] });
    assert.deepEqual(placeholderMismatches(english, translated), ['"Open {0}": {0} in English, none translated']);
    assert.deepEqual(placeholders('{1} of {0}, {1}'), ['{0}', '{1}']);
  });

  for (const language of TRANSLATIONS) {
    describe(language, () => {
      for (const [index, { name, file }] of tables(language).entries()) {
        const englishFile = tables()[index].file;

        it(`${name}: every English key is translated, and no translated key is left over`, () => {
          const { missing, stale } = compareKeys(readMessages(englishFile), readMessages(file));
          assert.deepEqual({ missing, leftOver: stale }, { missing: [], leftOver: [] }, 'run `npm run l10n` and translate what it lists');
        });

        it(`${name}: every translation keeps the English placeholders ({0}, {1}…)`, () => {
          assert.deepEqual(placeholderMismatches(readMessages(englishFile), readMessages(file)), []);
        });

        it(`${name}: no translation is empty or English copied as is`, () => {
          const english = readMessages(englishFile);
          const untranslated = Object.entries(readMessages(file))
            .filter(([key, text]) => text.trim() === '' || (text === english[key] && /\b[a-z]{3,}\b/.test(text.replace(/`[^`]*`|\{\d+\}/g, ''))))
            .map(([key]) => key);
          assert.deepEqual(untranslated, []);
        });

        it(`${name}: file is sorted and formatted as \`npm run l10n\` writes it`, () => {
          assert.equal(readFileSync(file, 'utf8'), bundleText(readMessages(file)));
        });
      }
    });
  }
});
