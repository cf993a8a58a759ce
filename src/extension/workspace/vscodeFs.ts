/** core's WorkspaceFileSystem over vscode.workspace.fs, rooted at a workspace folder (works for remote and virtual folders too). */
import * as vscode from 'vscode';
import type { WorkspaceEntry, WorkspaceFileSystem } from '../../core/workspace';

export class VscodeWorkspaceFs implements WorkspaceFileSystem {
  constructor(readonly root: vscode.Uri) {}

  uri(path: string): vscode.Uri {
    return path === '' ? this.root : vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  async readDirectory(path: string): Promise<readonly WorkspaceEntry[]> {
    const entries = await vscode.workspace.fs.readDirectory(this.uri(path));
    // Symbolic links are 'other' (skipped): no cycles, nothing outside the folder.
    return entries.map(([name, type]) => ({
      name,
      kind: type & vscode.FileType.SymbolicLink ? 'other' : type === vscode.FileType.File ? 'file' : type === vscode.FileType.Directory ? 'directory' : 'other',
    }));
  }

  async stat(path: string): Promise<{ size: number; mtime: number }> {
    const stat = await vscode.workspace.fs.stat(this.uri(path));
    return { size: stat.size, mtime: stat.mtime };
  }

  readFile(path: string): Promise<Uint8Array> {
    return Promise.resolve(vscode.workspace.fs.readFile(this.uri(path)));
  }
}
