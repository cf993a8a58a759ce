/** The Node implementation of core's WorkspaceFileSystem port, for `token-lens count DIR`. */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { WorkspaceEntry, WorkspaceFileSystem } from '../core/workspace';

export class NodeWorkspaceFs implements WorkspaceFileSystem {
  /** `root` is an absolute folder; every path the walk gives is relative to it with `/`. */
  constructor(readonly root: string) {}

  async readDirectory(path: string): Promise<readonly WorkspaceEntry[]> {
    const entries = await readdir(this.absolute(path), { withFileTypes: true });
    // Symbolic links are 'other' (skipped): no cycles, nothing outside the tree.
    return entries.map((entry) => ({ name: entry.name, kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other' }));
  }

  async stat(path: string): Promise<{ size: number; mtime: number }> {
    const stats = await stat(this.absolute(path));
    return { size: stats.size, mtime: stats.mtimeMs };
  }

  async readFile(path: string): Promise<Uint8Array> {
    return readFile(this.absolute(path));
  }

  private absolute(path: string): string {
    return path === '' ? this.root : join(this.root, ...path.split('/'));
  }
}

/**
 * The file system to walk `folder` in and the folder's path inside it: rooted at the enclosing
 * git work tree (so the .gitignore files above the folder apply, as git applies them), else at the folder.
 */
export function workspaceFor(folder: string): { fs: NodeWorkspaceFs; root: string } {
  const absolute = resolve(folder);
  for (let dir = absolute; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return { fs: new NodeWorkspaceFs(dir), root: relative(dir, absolute).split(sep).join('/') };
    if (dirname(dir) === dir) return { fs: new NodeWorkspaceFs(absolute), root: '' };
  }
}
