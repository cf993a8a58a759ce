/**
 * Translations use one word for one idea: for every term marked ✓ in l10n/GLOSSARY.md, each English
 * string that uses the term has the glossary's Chinese term in its translation.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Messages, bundlePath, manifestStringsPath, readMessages } from '../../../scripts/l10nBundle';
import { projectRoot } from '../../support/encoders';

interface Term {
  readonly english: string;
  readonly chinese: string;
}

/** The ✓ rows of the glossary's table: `| english (note) | 中文, … | ✓ | note |`. */
function checkedTerms(markdown: string): Term[] {
  return markdown
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells.length >= 5 && cells[3] === '✓')
    .map((cells) => ({ english: cells[1].replace(/\(.*\)/, '').trim(), chinese: cells[2].split(',')[0].trim() }));
}

/** The term as a word of prose, not part of a name like `text-embedding-3` or `embeddings.safetensors`. */
const termPattern = (english: string) => new RegExp(`(?<![\\w.-])${english.split(' ').join('[\\s-]')}s?(?![\\w-]|\\.\\w)`, 'i');

/** English text as the terms are looked for in it: code spans and the product name are not prose. */
const prose = (text: string) => text.replace(/`[^`]*`/g, ' ').replace(/Token Lens/g, ' ');

/** Keys whose translation lacks the Chinese term although the English uses it (longer terms first, so "position embedding" is not read as "embedding"). */
function inconsistencies(terms: Term[], english: Messages, translated: Messages): string[] {
  const found: string[] = [];
  for (const term of terms) {
    const longer = terms.filter((other) => other !== term && termPattern(term.english).test(other.english));
    for (const [key, text] of Object.entries(english)) {
      const rest = longer.reduce((remaining, other) => remaining.replace(new RegExp(termPattern(other.english).source, 'gi'), ' '), prose(text));
      if (termPattern(term.english).test(rest) && translated[key] !== undefined && !translated[key].includes(term.chinese)) {
        found.push(`${term.english} → ${term.chinese}: ${JSON.stringify(key)} is translated ${JSON.stringify(translated[key])}`);
      }
    }
  }
  return found;
}

describe('l10n: glossary', () => {
  const terms = checkedTerms(readFileSync(join(projectRoot, 'l10n', 'GLOSSARY.md'), 'utf8'));

  it('reads the checked terms of l10n/GLOSSARY.md', () => {
    assert.ok(terms.some((term) => term.english === 'token' && term.chinese === '词元'), JSON.stringify(terms));
    assert.ok(terms.length >= 10, `${terms.length} checked terms`);
  });

  it('finds a translation that uses another word for a checked term, and lets a longer term win', () => {
    const sample = [
      { english: 'embedding', chinese: '嵌入' },
      { english: 'position embedding', chinese: '位置编码' },
    ];
    const english = { a: 'Export embeddings', b: 'the position embedding', c: 'Token Lens: `embedding.source`' };
    assert.deepEqual(inconsistencies(sample, english, { a: '导出向量', b: '位置编码', c: '设置' }), ['embedding → 嵌入: "a" is translated "导出向量"']);
  });

  for (const [name, file] of [
    ['l10n bundle', (language?: string) => bundlePath(projectRoot, language)],
    ['package.nls', (language?: string) => manifestStringsPath(projectRoot, language)],
  ] as const) {
    it(`${name} (zh-cn) uses the glossary's terms`, () => {
      assert.deepEqual(inconsistencies(terms, readMessages(file()), readMessages(file('zh-cn'))), []);
    });
  }
});
