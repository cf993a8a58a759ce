/**
 * The extension's entry in VS Code for the Web (package.json "browser"): a browser worker
 * extension host with no Node. Files go through workspace.fs, the compute worker is a Web Worker.
 * Commands that need Node (open models from a folder or the Hub, training) are hidden by the
 * `tokenLens.webHost` context key and, run anyway, say that they need desktop VS Code.
 */
import * as vscode from 'vscode';
import type { TokenLensApi } from './api';
import { ContextKeys } from './constants';
import { activateWith } from './extension';
import { webWorkerThread } from './worker/webThread';

export function activate(context: vscode.ExtensionContext): TokenLensApi {
  void vscode.commands.executeCommand('setContext', ContextKeys.webHost, true);
  const uri = (...segments: string[]) => vscode.Uri.joinPath(context.extensionUri, ...segments);
  return activateWith(context, {
    kind: 'web',
    startWorker: webWorkerThread(() => vscode.workspace.fs.readFile(uri('dist', 'web', 'worker.js'))),
    extensionFile: (...segments) => uri(...segments).toString(),
    readFileForWorker: (path) => vscode.workspace.fs.readFile(vscode.Uri.parse(path)),
  });
}

export function deactivate(): void {}
