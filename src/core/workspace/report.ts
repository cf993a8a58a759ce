/**
 * Token counts of many files as one report: the JSON the CLI's `count --json` prints and the
 * Explorer view exports, the CSV beside it, and the folder tree with totals the view shows.
 */

export interface FileTokenCount {
  /** `/`-separated, relative to where the count was asked (the working directory, a workspace folder). */
  readonly path: string;
  readonly count: number;
}

export interface CountReport {
  readonly encoding: string;
  readonly total: number;
  readonly files: readonly FileTokenCount[];
}

export function countReport(encoding: string, files: readonly FileTokenCount[]): CountReport {
  return { encoding, total: files.reduce((sum, file) => sum + file.count, 0), files };
}

/**
 * RFC 4180: a `path,tokens` header, CRLF line ends, fields quoted when they hold a comma, quote or line break.
 * A path starting with = + - @ tab or CR gets `./` first: a spreadsheet would run it as a formula (CSV injection), `./x` names the same file.
 */
export function reportCsv(report: CountReport): string {
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const safePath = (path: string) => (/^[=+\-@\t\r]/.test(path) ? `./${path}` : path);
  return ['path,tokens', ...report.files.map((file) => `${field(safePath(file.path))},${file.count}`)].map((line) => `${line}\r\n`).join('');
}

/** A file listed but not counted, and why: larger than the size cap. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: 'tooLarge';
  /** The file's size and the cap it passed, in bytes. */
  readonly size: number;
  readonly sizeCap: number;
}

export interface CountNode {
  readonly name: string;
  readonly path: string;
  /** The file's count, or the folder's total; 0 for a skipped file. */
  readonly count: number;
  /** A folder's entries in the tree's order; undefined for a file. */
  readonly children: readonly CountNode[] | undefined;
  /** Why the file was not counted; undefined for counted files and folders. */
  readonly skipped: SkippedFile | undefined;
}

/** How a folder's entries are ordered: largest count first, or by name; ties by name either way. */
export type CountOrder = 'count' | 'name';

/** The files as a tree of folders with totals, under a root named `name`; skipped files are listed with no count. */
export function countTree(name: string, files: readonly FileTokenCount[], order: CountOrder = 'count', skipped: readonly SkippedFile[] = []): CountNode {
  interface Folder {
    files: CountNode[];
    folders: Map<string, Folder>;
  }
  const root: Folder = { files: [], folders: new Map() };
  const add = (path: string, count: number, why: SkippedFile | undefined) => {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) folder.folders.set(part, (next = { files: [], folders: new Map() }));
      folder = next;
    }
    folder.files.push({ name: parts[parts.length - 1], path, count, children: undefined, skipped: why });
  };
  for (const file of files) add(file.path, file.count, undefined);
  for (const file of skipped) add(file.path, 0, file);
  const build = (folderName: string, path: string, folder: Folder): CountNode => {
    const children = [
      ...[...folder.folders].map(([childName, child]) => build(childName, path === '' ? childName : `${path}/${childName}`, child)),
      ...folder.files,
    ].sort((a, b) => (order === 'count' ? b.count - a.count || Number(a.skipped !== undefined) - Number(b.skipped !== undefined) : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { name: folderName, path, count: children.reduce((sum, child) => sum + child.count, 0), children, skipped: undefined };
  };
  return build(name, '', root);
}
