import * as vscode from 'vscode';

/** In VS Code for the Web: a command that needs Node says so (its menu entries are hidden by `tokenLens.webHost`). */
export function registerDesktopOnly(command: string, title: () => string): vscode.Disposable {
  return vscode.commands.registerCommand(command, () => {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} needs desktop VS Code: VS Code for the Web runs extensions without Node or access to this machine’s folders.', title()),
    );
    return undefined;
  });
}
