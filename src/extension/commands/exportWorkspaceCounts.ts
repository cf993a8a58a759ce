import * as vscode from 'vscode';
import { countReport, reportCsv } from '../../core/workspace';
import { Commands } from '../constants';
import type { TokenizerService } from '../tokenizerService';
import type { WorkspaceCounts } from '../workspace/workspaceCounts';

/**
 * Writes the Explorer view's counts as CSV (`path,tokens`) or as the JSON `token-lens count --json`
 * prints ({"encoding", "total", "files"}), by the file's extension; paths relative to the workspace
 * folder, prefixed with the folder's name when there are several.
 */
export function registerExportWorkspaceCounts(counts: WorkspaceCounts, tokenizer: TokenizerService): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.exportWorkspaceCounts, async (target?: vscode.Uri) => {
    if (counts.scans === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: the workspace is not counted yet; open the Token Lens view in the Explorer first.'));
      return undefined;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        defaultUri: folders[0] && vscode.Uri.joinPath(folders[0].uri, 'token-counts.csv'),
        filters: { CSV: ['csv'], JSON: ['json'] },
        title: vscode.l10n.t('Export token counts'),
      }));
    if (!uri) return undefined;
    const files = counts.files.map((file) => ({ path: folders.length > 1 ? `${file.folder.name}/${file.path}` : file.path, count: file.count }));
    const report = countReport(tokenizer.encodingName, files);
    const text = uri.path.toLowerCase().endsWith('.json') ? `${JSON.stringify(report, null, 2)}\n` : reportCsv(report);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(vscode.l10n.t('Token Lens: exported the counts of {0} files to {1}.', files.length, vscode.workspace.asRelativePath(uri)));
    return uri;
  });
}
