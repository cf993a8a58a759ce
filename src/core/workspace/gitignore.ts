/**
 * `.gitignore` rules of a folder tree, matched as git does. The matching is the `ignore` package's
 * (the one eslint and many others use, tested against git's rules); it reads one file relative to
 * one folder, so a nested file's patterns are rewritten to the root (`x` in sub/.gitignore becomes
 * `sub/**` + `/x`, `/x` and `a/x` become `sub/x` and `sub/a/x`) and all files go into one matcher,
 * shallow before deep: a deeper file's last matching pattern wins, `!` re-includes, and nothing
 * inside an ignored folder can be re-included. The walk checks this against `git ls-files`.
 * Not read: `.git/info/exclude` and the user's global excludes file.
 */
import ignore, { type Ignore } from 'ignore';

export interface IgnoreFile {
  /** The folder holding the file: a root-relative path with `/`, '' for the root. */
  readonly directory: string;
  readonly text: string;
}

export class GitignoreRules {
  private readonly files: IgnoreFile[] = [];
  private matcher: Ignore | undefined;

  constructor(files: readonly IgnoreFile[] = []) {
    for (const file of files) this.add(file);
  }

  add(file: IgnoreFile): void {
    this.files.push({ directory: file.directory.replace(/^\/+|\/+$/g, ''), text: file.text });
    this.matcher = undefined;
  }

  /** Whether git would ignore `path` (root-relative, `/`-separated), or a folder above it. */
  isIgnored(path: string, isDirectory: boolean): boolean {
    const clean = path.split('/').filter((segment) => segment !== '').join('/');
    if (clean === '') return false;
    this.matcher ??= this.build();
    return this.matcher.test(clean + (isDirectory ? '/' : '')).ignored;
  }

  private build(): Ignore {
    const matcher = ignore();
    const ordered = [...this.files].sort((a, b) => depth(a.directory) - depth(b.directory));
    for (const file of ordered) matcher.add(file.directory === '' ? file.text : rebase(file.text, file.directory));
    return matcher;
  }
}

function depth(directory: string): number {
  return directory === '' ? 0 : directory.split('/').length;
}

/** A nested .gitignore's patterns, rewritten to mean the same from the root. */
export function rebase(text: string, directory: string): string[] {
  // The folder's name is literal: escape glob characters, and a leading # or ! (comment, negation).
  const folder = directory.replace(/[*?[\]\\]/g, '\\$&').replace(/^[#!]/, '\\$&');
  const patterns: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#') || /^[ \t]*$/.test(line)) continue;
    const negated = line.startsWith('!');
    const pattern = negated ? line.slice(1) : line;
    // Unescaped trailing spaces do not count; a trailing slash means "folders only", not "anchored".
    const body = pattern.replace(/(?<!\\) +$/, '').replace(/\/$/, '');
    const anchored = body.includes('/');
    const rebased = anchored ? `${folder}/${pattern.replace(/^\//, '')}` : `${folder}/**/${pattern}`;
    patterns.push(negated ? `!${rebased}` : rebased);
  }
  return patterns;
}
