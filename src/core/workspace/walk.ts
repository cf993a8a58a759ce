/**
 * Walking a folder tree for token counts: which files to count and which to skip, over a small
 * file-system port so the same rules serve Node (the CLI), vscode.workspace.fs (the Explorer
 * view) and in-memory fakes (tests). One file at a time: a folder's files in name order, then its
 * subfolders, depth first.
 */
import { looksBinary } from '../text/decode';
import type { ExcludeGlobs } from './excludeGlobs';
import { GitignoreRules } from './gitignore';

export interface WorkspaceEntry {
  readonly name: string;
  /** Symbolic links and special files are 'other' and skipped (no cycles, no devices). */
  readonly kind: 'file' | 'directory' | 'other';
}

/** What the walk needs from a file system; paths are root-relative with `/` ('' is the root). */
export interface WorkspaceFileSystem {
  readDirectory(path: string): Promise<readonly WorkspaceEntry[]>;
  /** Size in bytes and modification time in ms (for caching counts). */
  stat(path: string): Promise<{ readonly size: number; readonly mtime: number }>;
  readFile(path: string): Promise<Uint8Array>;
}

/** Files larger than this many bytes are listed but not read (a default for settings). */
export const DEFAULT_SIZE_CAP = 1_048_576;

export interface WalkOptions {
  readonly sizeCap?: number;
  /** Follow `.gitignore` files (default true). */
  readonly gitignore?: boolean;
  /** files.exclude, from parseExcludeGlobs. */
  readonly exclude?: ExcludeGlobs;
  /** Which files to list (root-relative path); others are neither read nor listed. All when absent. */
  readonly include?: (path: string) => boolean;
  /** Asked before each folder and file; true ends the walk. */
  readonly isCancelled?: () => boolean;
  /** Whether the caller knows a file of this size and modification time already: then it is listed 'unchanged', not read. */
  readonly unchanged?: (path: string, size: number, mtime: number) => boolean;
}

/** A file as a walk without `unchanged` lists it: read (text), or not to be counted, or not readable. */
export type ReadFile =
  | { readonly path: string; readonly status: 'text'; readonly size: number; readonly mtime: number; readonly bytes: Uint8Array }
  | { readonly path: string; readonly status: 'binary' | 'tooLarge'; readonly size: number; readonly mtime: number }
  /** `code` is the file system's error code when it gave one (ENOENT, EACCES…), for callers to word it. */
  | { readonly path: string; readonly status: 'error'; readonly message: string; readonly code?: string };

export type WalkedFile = ReadFile | { readonly path: string; readonly status: 'unchanged'; readonly size: number; readonly mtime: number };

/** Whether a file of `size` bytes is too large to count under `sizeCap`. */
export function exceedsSizeCap(size: number, sizeCap: number = DEFAULT_SIZE_CAP): boolean {
  return size > sizeCap;
}

function join(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

function failure(path: string, error: unknown): WalkedFile {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? { path, status: 'error', message, code } : { path, status: 'error', message };
}

/**
 * Every file under `root` ('' for the whole tree) that is neither excluded nor git-ignored, with its
 * status: text (with its bytes, to count), binary, tooLarge, unchanged (see WalkOptions), or error. `.git` folders are never
 * entered. A root that files.exclude or .gitignore exclude is still walked: it was asked for by name.
 */
export function walkWorkspace(fs: WorkspaceFileSystem, options: WalkOptions & Pick<Required<WalkOptions>, 'unchanged'>, root?: string): AsyncGenerator<WalkedFile, void, undefined>;
/** Without `unchanged`, every file listed was read: none is 'unchanged'. */
export function walkWorkspace(fs: WorkspaceFileSystem, options?: Omit<WalkOptions, 'unchanged'>, root?: string): AsyncGenerator<ReadFile, void, undefined>;
export async function* walkWorkspace(fs: WorkspaceFileSystem, options: WalkOptions = {}, root = ''): AsyncGenerator<WalkedFile, void, undefined> {
  const sizeCap = options.sizeCap ?? DEFAULT_SIZE_CAP;
  const useGitignore = options.gitignore ?? true;
  let rules = useGitignore ? await rulesAbove(fs, root) : new GitignoreRules();
  // .gitignore files above the root still apply to it, unless they ignore the root itself:
  // a folder asked for by name is walked (as ripgrep does), with its own .gitignore files only.
  if (useGitignore && rules.isIgnored(root, true)) rules = new GitignoreRules();
  const namedSegments = root === '' ? 0 : root.split('/').length;
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop() as string;
    if (options.isCancelled?.()) return;
    let entries: readonly WorkspaceEntry[];
    try {
      entries = [...(await fs.readDirectory(folder))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      yield failure(folder, error);
      continue;
    }
    if (useGitignore && entries.some((entry) => entry.name === '.gitignore' && entry.kind === 'file')) await readIgnoreFile(fs, rules, folder);
    const siblings = new Set(entries.map((entry) => entry.name));
    const subfolders: string[] = [];
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.kind === 'other' || (entry.kind === 'directory' && entry.name === '.git')) continue;
      if (options.exclude?.isExcluded(path, (name) => siblings.has(name), namedSegments)) continue;
      if (useGitignore && rules.isIgnored(path, entry.kind === 'directory')) continue;
      if (entry.kind === 'directory') {
        subfolders.push(path);
        continue;
      }
      if (options.include && !options.include(path)) continue;
      if (options.isCancelled?.()) return;
      yield await readEntry(fs, path, sizeCap, options.unchanged);
    }
    // Depth-first in name order: push in reverse so the first subfolder is walked next.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i]);
  }
}

/** Whether `path` (`/`-separated) lies inside a `.git` folder, which a walk never enters: changes there change no count. */
export function isInGitFolder(path: string): boolean {
  return path.split('/').slice(0, -1).includes('.git');
}

/** Whether the .gitignore files above `root` ignore it or a folder it is in: git would list none of its files. */
export async function isIgnoredFolder(fs: WorkspaceFileSystem, root: string): Promise<boolean> {
  return (await rulesAbove(fs, root)).isIgnored(root, true);
}

/** The rules of the .gitignore files in the folders above `root`, from the top down. */
async function rulesAbove(fs: WorkspaceFileSystem, root: string): Promise<GitignoreRules> {
  const rules = new GitignoreRules();
  if (root === '') return rules;
  const parts = root.split('/');
  for (let i = 0; i < parts.length; i++) await readIgnoreFile(fs, rules, parts.slice(0, i).join('/'));
  return rules;
}

async function readEntry(fs: WorkspaceFileSystem, path: string, sizeCap: number, unchanged?: WalkOptions['unchanged']): Promise<WalkedFile> {
  try {
    const { size, mtime } = await fs.stat(path);
    if (exceedsSizeCap(size, sizeCap)) return { path, status: 'tooLarge', size, mtime };
    if (unchanged?.(path, size, mtime)) return { path, status: 'unchanged', size, mtime };
    const bytes = await fs.readFile(path);
    // It may have grown between the stat and the read (a log being written): the cap is on what was read.
    if (exceedsSizeCap(bytes.length, sizeCap)) return { path, status: 'tooLarge', size: bytes.length, mtime };
    return looksBinary(bytes) ? { path, status: 'binary', size, mtime } : { path, status: 'text', size, mtime, bytes };
  } catch (error) {
    return failure(path, error);
  }
}

async function readIgnoreFile(fs: WorkspaceFileSystem, rules: GitignoreRules, folder: string): Promise<void> {
  try {
    rules.add({ directory: folder, text: new TextDecoder().decode(await fs.readFile(join(folder, '.gitignore'))) });
  } catch {
    // No readable .gitignore here: nothing to add.
  }
}
