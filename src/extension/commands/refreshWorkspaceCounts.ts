import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { WorkspaceCounts } from '../workspace/workspaceCounts';

/** Counts the workspace again (after .gitignore changes no file event reports, say). */
export function registerRefreshWorkspaceCounts(counts: WorkspaceCounts): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.refreshWorkspaceCounts, () => counts.refresh());
}
