/** Helpers for tests that run inside the extension host. */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TokenLensApi } from '../../src/extension/api';

export const extensionId = 'token-lens.token-lens';

export async function tokenLens(): Promise<TokenLensApi> {
  const extension = vscode.extensions.getExtension<TokenLensApi>(extensionId);
  if (!extension) throw new Error(`extension ${extensionId} is not loaded`);
  return extension.activate();
}

/**
 * Polls until `probe` returns a value that is not undefined/false, or fails with `what`
 * and, if given, `explain()` (what was seen instead).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  explain?: () => unknown,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = explain ? `; saw ${JSON.stringify(explain())}` : '';
      throw new Error(`timed out waiting for ${what}${seen}${last ? ` (last error: ${last})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Where openText writes its files: one folder per extension host (each test file bundles its own copy of this module). */
const documentsDir = path.join(os.tmpdir(), `token-lens-documents-${process.pid}`);
const extensions: Record<string, string> = { markdown: 'md', plaintext: 'txt', json: 'json' };

/**
 * Opens `content` in an editor, as a new file of its own. Not as an untitled document: VS Code reuses
 * untitled names (Untitled-1 again once closed), and a new Untitled-1 opened right after the old one was
 * reverted can come up with the old one's backed-up text instead of its own (seen 1 run in 3).
 */
export async function openText(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  fs.mkdirSync(documentsDir, { recursive: true });
  const file = path.join(documentsDir, `${randomUUID()}.${extensions[language] ?? 'txt'}`);
  fs.writeFileSync(file, content);
  let document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Deletes the files openText wrote. */
export function removeOpenedTexts(): void {
  fs.rmSync(documentsDir, { recursive: true, force: true });
}

/** Prints a measured figure among the test results (the harness shows only lines tagged as the reporter's). */
export function printFigure(line: string): void {
  console.log(`[token-lens:mocha]       ${line}`);
}

/** Changes a user setting and waits until the extension host sees it (the update resolves earlier). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenLens').update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(`setting tokenLens.${key} = ${JSON.stringify(value)}`, () => {
    const seen = vscode.workspace.getConfiguration('tokenLens').inspect(key)?.globalValue;
    return JSON.stringify(seen) === JSON.stringify(value);
  });
}

export async function resetSettings(): Promise<void> {
  const keys = ['encoding', 'allowSpecialTokens', 'highlight.enabled', 'highlight.whitespaceMarkers', 'contextWindow', 'models', 'budget.warning', 'budget.error', 'maxDocumentSize', 'panel.maxTokens', 'workspace.maxFileSize'];
  const embedding = ['source', 'model', 'dimension', 'contextLength', 'positions', 'seed', 'weightsPath'].map((key) => `embedding.${key}`);
  for (const key of [...keys, ...embedding]) {
    await setSetting(key, undefined);
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The hover texts at a position, joined. */
export async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/**
 * For a suite that opens models from folders: a fresh temporary folder before each test (the getter
 * returns it); after each, o200k_base, default settings and no editors again, and the folder removed.
 */
export function modelFolderPerTest(): () => string {
  let folder = '';
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-model-'));
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('tokenLens.selectTokenizer', 'o200k_base');
    await resetSettings();
    await closeAllEditors();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  return () => folder;
}
