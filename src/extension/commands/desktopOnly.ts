import * as vscode from 'vscode';

/** Says that `what` needs desktop VS Code (VS Code for the Web has no Node and none of this machine's folders). */
export function sayNeedsDesktop(what: string): void {
  void vscode.window.showInformationMessage(
    vscode.l10n.t('{0} needs desktop VS Code: VS Code for the Web runs extensions without Node or access to this machine’s folders.', what),
  );
}

/** In VS Code for the Web: a command that needs Node says so (its menu entries are hidden by `tokenLens.webHost`). */
export function registerDesktopOnly(command: string, title: () => string): vscode.Disposable {
  return vscode.commands.registerCommand(command, () => {
    sayNeedsDesktop(title());
    return undefined;
  });
}
