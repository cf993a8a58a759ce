/** The extension's entry in desktop VS Code (package.json "main"): a Node extension host. */
import * as vscode from 'vscode';
import type { TokenLensApi } from './api';
import { activateWith } from './extension';
import { nodeWorkerThread } from './worker/nodeThread';

export function activate(context: vscode.ExtensionContext): TokenLensApi {
  const file = (...segments: string[]) => vscode.Uri.joinPath(context.extensionUri, ...segments).fsPath;
  return activateWith(context, { kind: 'node', startWorker: nodeWorkerThread(file('dist', 'worker.js')), extensionFile: file });
}

export function deactivate(): void {}
