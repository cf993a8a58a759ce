import * as vscode from 'vscode';
import type { ExportMessage } from '../../protocol';

/** Asks where to save the plot the webview drew, and writes it there. Resolves to the file, if saved. */
export async function savePlot(message: ExportMessage, suggestedName: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const extension = message.format;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save the plot'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${suggestedName}.${extension}`) : undefined,
      filters: extension === 'svg' ? { [vscode.l10n.t('SVG image')]: ['svg'] } : { [vscode.l10n.t('PNG image')]: ['png'] },
    }));
  if (!uri) return undefined;
  const bytes =
    message.format === 'svg'
      ? new TextEncoder().encode(message.data)
      : Uint8Array.from(atob(message.data.slice(message.data.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  await vscode.workspace.fs.writeFile(uri, bytes);
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved the plot to {0}.', uri.scheme === 'file' ? uri.fsPath : uri.toString()));
  return uri;
}
