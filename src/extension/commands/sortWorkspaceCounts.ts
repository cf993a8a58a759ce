import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { TokenTreeProvider } from '../workspace/tokenTree';

/** Switches the Explorer view between largest first and by name. */
export function registerSortWorkspaceCounts(tree: TokenTreeProvider): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.sortWorkspaceCounts, () => tree.setOrder(tree.order === 'count' ? 'name' : 'count'));
}
