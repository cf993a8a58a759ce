/** The Node implementation of core's WorkspaceFileSystem port, for `token-lens count DIR`. */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { WorkspaceEntry, WorkspaceFileSystem } from '../core/workspace';

export class NodeWorkspaceFs implements WorkspaceFileSystem {
  /** The bytes of names that are not valid UTF-8, by walk path: their decoded names (with U+FFFD) name no file. */
  private readonly rawNames = new Map<string, Buffer>();

  /** `root` is an absolute folder; every path the walk gives is relative to it with `/`. */
  constructor(readonly root: string) {}

  async readDirectory(path: string): Promise<readonly WorkspaceEntry[]> {
    const entries = await readdir(this.absolute(path), { withFileTypes: true, encoding: 'buffer' });
    return entries.map((entry) => {
      const name = entry.name.toString('utf8');
      if (!Buffer.from(name, 'utf8').equals(entry.name)) this.rawNames.set(path === '' ? name : `${path}/${name}`, entry.name);
      // Symbolic links are 'other' (skipped): no cycles, nothing outside the tree.
      return { name, kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other' };
    });
  }

  async stat(path: string): Promise<{ size: number; mtime: number }> {
    const stats = await stat(this.absolute(path));
    return { size: stats.size, mtime: stats.mtimeMs };
  }

  async readFile(path: string): Promise<Uint8Array> {
    return readFile(this.absolute(path));
  }

  private absolute(path: string): string | Buffer {
    if (path === '') return this.root;
    const segments = path.split('/');
    if (this.rawNames.size === 0) return join(this.root, ...segments);
    const parts = segments.map((segment, i) => this.rawNames.get(segments.slice(0, i + 1).join('/')) ?? Buffer.from(segment, 'utf8'));
    return Buffer.concat([Buffer.from(this.root, 'utf8'), ...parts.flatMap((part) => [Buffer.from(sep), part])]);
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
