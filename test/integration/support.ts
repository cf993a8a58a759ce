/** Helpers for tests that run inside the extension host. */
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

export async function openText(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  return vscode.window.showTextDocument(document, { preview: false });
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
  const keys = ['encoding', 'allowSpecialTokens', 'highlight.enabled', 'highlight.whitespaceMarkers', 'contextWindow', 'maxDocumentSize', 'panel.maxTokens'];
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
