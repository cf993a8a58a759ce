/** The Node implementation of core's WorkspaceFileSystem port, for `token-lens count DIR`. */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { WorkspaceEntry, WorkspaceFileSystem } from '../core/workspace';

export class NodeWorkspaceFs implements WorkspaceFileSystem {
  /** `root` is an absolute folder; every path the walk gives is relative to it with `/`. */
  constructor(readonly root: string) {}

  async readDirectory(path: string): Promise<readonly WorkspaceEntry[]> {
    const entries = await readdir(this.absolute(path), { withFileTypes: true, encoding: 'buffer' });
    return entries.map((entry) => {
      const name = decodeName(entry.name);
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
    if (!ESCAPED.test(path)) return join(this.root, ...segments);
    return Buffer.concat([Buffer.from(this.root, 'utf8'), ...segments.flatMap((segment) => [Buffer.from(sep), encodeName(segment)])]);
  }
}

/** A lone surrogate U+DC80–U+DCFF: a byte of a name that is not UTF-8 (no UTF-8 name decodes to one). */
const ESCAPED = /[\udc80-\udcff]/;

/**
 * A file name's bytes as a string, each byte that is not part of valid UTF-8 as U+DC00 + byte
 * (Python's surrogateescape): two names that differ only in such bytes stay two files, where
 * U+FFFD would make them one walk path and read one of them twice. `displayName` shows U+FFFD.
 */
function decodeName(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\ufffd') || Buffer.from(text, 'utf8').equals(bytes)) return text;
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const length = utf8Length(bytes, i);
    out += length === 0 ? String.fromCharCode(0xdc00 + bytes[i]) : bytes.toString('utf8', i, i + length);
    i += length || 1;
  }
  return out;
}

/** The bytes `decodeName` read the name from. */
function encodeName(name: string): Buffer {
  return Buffer.concat(name.split(/([\udc80-\udcff])/).map((part) => (ESCAPED.test(part) ? Buffer.from([part.charCodeAt(0) - 0xdc00]) : Buffer.from(part, 'utf8'))));
}

/** A walk path for people: the bytes that are not UTF-8 as U+FFFD. */
export function displayName(path: string): string {
  return path.replace(/[\udc80-\udcff]/g, '\ufffd');
}

/** Bytes of the valid UTF-8 sequence at `i`, 0 when none starts there. */
function utf8Length(bytes: Buffer, i: number): number {
  const first = bytes[i];
  if (first < 0x80) return 1;
  const length = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  const second = bytes[i + 1];
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
  if ((first === 0xe0 && second < 0xa0) || (first === 0xed && second >= 0xa0) || (first === 0xf0 && second < 0x90) || (first === 0xf4 && second >= 0x90)) return 0;
  return length;
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
