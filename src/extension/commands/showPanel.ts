import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { TokenLensPanel } from '../panel/tokenLensPanel';

/** Opens the panel beside the editor (or reveals it) showing the selection, or the whole document. */
export function registerShowPanel(panel: TokenLensPanel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.showPanel, () => panel.show());
}
