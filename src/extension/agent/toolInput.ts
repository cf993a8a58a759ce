/** What the chat tools are given, checked, and the tokenizer they name, resolved as the editor resolves it. */
import * as vscode from 'vscode';
import { type TextTokenizer, describeEncodingNames, resolveEncodingName } from '../../core/tokenizer';
import { type TokenizerService, modelLabel } from '../tokenizerService';

/** A checked input, or the one-line message saying what was expected and found. */
export type Checked<T> = { readonly value: T } | { readonly error: string };

export interface CountInput {
  readonly text?: string;
  readonly path?: string;
  readonly tokenizer?: string;
}

export interface SplitInput {
  readonly text: string;
  readonly tokenizer?: string;
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** The optional string fields of `input`, or what is wrong with them. */
function strings<K extends string>(input: unknown, keys: readonly K[]): Checked<Partial<Record<K, string>>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { error: vscode.l10n.t('expected an object input, found {0}', kind(input)) };
  }
  const fields: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value: unknown = Object.hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'string') return { error: vscode.l10n.t('"{0}": expected a string, found {1}', key, kind(value)) };
    fields[key] = value;
  }
  return { value: fields };
}

/** Exactly one of `text` and `path`, and optionally `tokenizer`. */
export function checkCountInput(input: unknown): Checked<CountInput> {
  const checked = strings(input, ['text', 'path', 'tokenizer'] as const);
  if ('error' in checked) return checked;
  const { text, path } = checked.value;
  if ((text === undefined) === (path === undefined)) {
    return {
      error: vscode.l10n.t('expected either "text" or "path" (a workspace file), found {0}', text === undefined ? vscode.l10n.t('neither') : vscode.l10n.t('both')),
    };
  }
  return checked;
}

/** `text`, and optionally `tokenizer`. */
export function checkSplitInput(input: unknown): Checked<SplitInput> {
  const checked = strings(input, ['text', 'tokenizer'] as const);
  if ('error' in checked) return checked;
  const { text, tokenizer } = checked.value;
  if (text === undefined) return { error: vscode.l10n.t('"{0}": expected a string, found {1}', 'text', 'undefined') };
  return { value: { text, tokenizer } };
}

/** The open models the tools may name: the one in use and those opened before (never a new download or folder). */
function openModels(tokenizer: TokenizerService): string[] {
  const inUse = tokenizer.modelPath;
  return [...new Set([...(inUse === undefined ? [] : [inUse]), ...tokenizer.recentModels])];
}

/** The tokenizer's name as the confirmation shows it. */
export function tokenizerLabel(tokenizer: TokenizerService, wanted: string | undefined): string {
  if (wanted === undefined || wanted.trim() === '') return tokenizer.encodingName;
  return resolveEncodingName(wanted) ?? wanted.trim();
}

/**
 * The tokenizer `wanted` names: an encoding (or alias), an open model by folder or name, or (none
 * named) the one in use. Loading errors come back as messages.
 */
export async function resolveTokenizer(tokenizer: TokenizerService, wanted: string | undefined): Promise<Checked<TextTokenizer>> {
  const name = wanted?.trim() ?? '';
  try {
    if (name === '') {
      const inUse = await tokenizer.load();
      return inUse ? { value: inUse } : { error: tokenizer.loadError ?? vscode.l10n.t('the tokenizer in use could not be loaded') };
    }
    const encoding = resolveEncodingName(name);
    if (encoding) return { value: await tokenizer.loadEncoding(encoding) };
    const models = openModels(tokenizer);
    const model = models.find((path) => path === name || modelLabel(path).toLowerCase() === name.toLowerCase());
    if (model !== undefined) return { value: await tokenizer.loadAny(model) };
    return {
      error: vscode.l10n.t(
        'unknown tokenizer "{0}"; expected an encoding ({1}) or an open model ({2})',
        name,
        describeEncodingNames(),
        models.length > 0 ? models.map(modelLabel).join(', ') : vscode.l10n.t('none is open: open one with Token Lens: Select Tokenizer…'),
      ),
    };
  } catch (error) {
    return { error: vscode.l10n.t('cannot load the tokenizer {0}: {1}', name || tokenizer.encodingName, error instanceof Error ? error.message : String(error)) };
  }
}
