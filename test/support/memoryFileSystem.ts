/** An in-memory WorkspaceFileSystem (a fake, not a mock): files by root-relative path, folders implied. */
import type { WorkspaceEntry, WorkspaceFileSystem } from '../../src/core/workspace';

export class MemoryFileSystem implements WorkspaceFileSystem {
  readonly reads: string[] = [];
  private readonly files = new Map<string, Uint8Array>();
  private readonly others = new Set<string>();

  constructor(files: Record<string, string | Uint8Array>, others: readonly string[] = []) {
    for (const [path, content] of Object.entries(files)) this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    for (const path of others) this.others.add(path);
  }

  async readDirectory(path: string): Promise<readonly WorkspaceEntry[]> {
    const prefix = path === '' ? '' : `${path}/`;
    const entries = new Map<string, WorkspaceEntry>();
    for (const file of [...this.files.keys(), ...this.others]) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length).split('/');
      const kind = rest.length > 1 ? 'directory' : this.others.has(file) ? 'other' : 'file';
      entries.set(rest[0], { name: rest[0], kind });
    }
    if (entries.size === 0 && path !== '') throw new Error(`${path}: no such folder`);
    return [...entries.values()];
  }

  async stat(path: string): Promise<{ size: number; mtime: number }> {
    return { size: this.file(path).length, mtime: 1 };
  }

  async readFile(path: string): Promise<Uint8Array> {
    this.reads.push(path);
    return this.file(path);
  }

  private file(path: string): Uint8Array {
    const bytes = this.files.get(path);
    if (!bytes) throw new Error(`${path}: no such file`);
    return bytes;
  }
}
