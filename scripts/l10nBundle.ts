/**
 * The extension's string bundles, regenerated from the sources (`npm run l10n`, scripts/l10n.mjs):
 * `l10n/bundle.l10n.json` holds every `vscode.l10n.t` message found by `@vscode/l10n-dev`, sorted so
 * that merges stay small; each translation `l10n/bundle.l10n.<lang>.json` loses the keys the sources
 * no longer use and is sorted the same way. Missing translations are reported, never invented.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

/** The languages Token Lens is translated into (VS Code's language ids). */
export const TRANSLATIONS = ['zh-cn'] as const;

export type Messages = Record<string, string>;

export const bundlePath = (root: string, language?: string): string =>
  join(root, 'l10n', language ? `bundle.l10n.${language}.json` : 'bundle.l10n.json');

export const manifestStringsPath = (root: string, language?: string): string =>
  join(root, language ? `package.nls.${language}.json` : 'package.nls.json');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [join(folder, entry.name)] : [],
  );
}

/** Every `vscode.l10n.t` message in src/, as `@vscode/l10n-dev export` finds it, keyed and sorted. */
export async function extractBundle(root: string): Promise<Messages> {
  const files = sourceFiles(join(root, 'src'))
    .sort()
    .map((file) => ({ contents: readFileSync(file, 'utf8'), extension: '.ts' }));
  const found = await getL10nJson(files);
  const messages: Messages = {};
  for (const key of Object.keys(found).sort()) {
    const value = found[key];
    messages[key] = typeof value === 'string' ? value : value.message;
  }
  return messages;
}

/** The text a bundle is written as: sorted keys, two-space indent, final newline. */
export function bundleText(messages: Messages): string {
  const sorted: Messages = {};
  for (const key of Object.keys(messages).sort()) sorted[key] = messages[key];
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** Reads a string table, saying which file and what was wrong when it is not one. */
export function readMessages(file: string): Messages {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: expected a JSON object of strings, found ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file}: expected a JSON object of strings`);
  const messages: Messages = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`${file}: "${key}" should be a string, found ${typeof value}`);
    messages[key] = value;
  }
  return messages;
}

/** The `{0}`-style placeholders of a message, as a sorted list (repeats counted once). */
export function placeholders(message: string): string[] {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}

export interface TranslationReport {
  readonly language: string;
  readonly file: string;
  readonly missing: string[];
  readonly stale: string[];
}

/** Keys of `english` that `translated` lacks, and keys of `translated` that English no longer has. */
export function compareKeys(english: Messages, translated: Messages): { missing: string[]; stale: string[] } {
  return {
    missing: Object.keys(english).filter((key) => !Object.hasOwn(translated, key)),
    stale: Object.keys(translated).filter((key) => !Object.hasOwn(english, key)),
  };
}

/** Regenerates the English bundle, prunes and sorts each translation, and says what is left to translate. */
export async function writeBundles(root: string): Promise<TranslationReport[]> {
  const english = await extractBundle(root);
  writeFileSync(bundlePath(root), bundleText(english));
  const reports: TranslationReport[] = [];
  const manifest = readMessages(manifestStringsPath(root));
  for (const language of TRANSLATIONS) {
    for (const [file, source] of [
      [bundlePath(root, language), english],
      [manifestStringsPath(root, language), manifest],
    ] as const) {
      const translated = readMessages(file);
      const { missing, stale } = compareKeys(source, translated);
      for (const key of stale) delete translated[key];
      writeFileSync(file, bundleText(translated));
      reports.push({ language, file, missing, stale });
    }
  }
  return reports;
}
