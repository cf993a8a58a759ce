/** The Node implementation of core's WorkspaceFileSystem port: a folder tree on disk, paths relative to `root`. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkspaceEntry, WorkspaceFileSystem } from '../core/workspace';

export function nodeWorkspaceFileSystem(root: string): WorkspaceFileSystem {
  const full = (path: string) => (path === '' ? root : join(root, ...path.split('/')));
  return {
    async readDirectory(path) {
      const entries = await readdir(full(path), { withFileTypes: true });
      // Symbolic links are 'other': no cycles, nothing outside the tree.
      return entries.map((entry): WorkspaceEntry => ({ name: entry.name, kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other' }));
    },
    async stat(path) {
      const stats = await stat(full(path));
      return { size: stats.size, mtime: stats.mtimeMs };
    },
    readFile: (path) => readFile(full(path)),
  };
}
