/**
 * Token counts of the workspace's files, for the Explorer view: walked with core's rules
 * (files.exclude, .gitignore and binary files left out; files past the size cap setting listed as
 * skipped), counted in slices so the
 * extension host stays responsive, cached by modification time. Scans only while someone wants
 * the counts (the view is visible); a change on disk makes the next scan.
 */
import * as vscode from 'vscode';
import type { TextTokenizer } from '../../core/tokenizer';
import { type SkippedFile, isInGitFolder, parseExcludeGlobs, walkWorkspace } from '../../core/workspace';
import type { Configuration } from '../config';
import { Settings, settingId } from '../constants';
import type { TokenizerService } from '../tokenizerService';
import { Disposable } from '../util/dispose';
import { countInSlices } from '../util/slices';
import { VscodeWorkspaceFs } from './vscodeFs';

export interface CountedFile {
  readonly folder: vscode.WorkspaceFolder;
  /** `/`-separated, relative to the folder. */
  readonly path: string;
  readonly uri: vscode.Uri;
  readonly count: number;
}

/** A file listed in the view but not counted, and the folder it is in. */
export interface SkippedWorkspaceFile extends SkippedFile {
  readonly folder: vscode.WorkspaceFolder;
}

interface CachedCount {
  readonly size: number;
  readonly mtime: number;
  readonly count: number;
  /** When the counted bytes were read (Date.now()). */
  readonly readAt: number;
}

/**
 * Coarsest modification-time tick we expect (FAT: 2 s). A file read within this of its mtime may
 * change again with the same mtime and size; its cached count is not trusted (git's racy-clean rule).
 */
const MTIME_TICK_MS = 2_000;

function isFresh(cached: CachedCount | undefined, size: number, mtime: number): cached is CachedCount {
  return cached !== undefined && cached.mtime === mtime && cached.size === size && mtime < cached.readAt - MTIME_TICK_MS;
}

/** Changes on disk are gathered this long before a new scan. */
const RESCAN_DELAY_MS = 300;

export class WorkspaceCounts extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when a scan has finished with new counts. */
  readonly onDidChange = this.changed.event;
  private cache = new Map<string, CachedCount>();
  private counted: readonly CountedFile[] = [];
  private countedWith: TextTokenizer | undefined;
  private skippedFiles: readonly SkippedWorkspaceFile[] = [];
  private leftOut = 0;
  private sizeCap: number;
  private generation = 0;
  private completed = 0;
  private wanted = false;
  private dirty = true;
  /** A scan is under way (of generation `generation`). */
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly tokenizer: TokenizerService,
    config: Configuration,
    private readonly progressViewId: string,
  ) {
    super();
    this.sizeCap = config.workspaceMaxFileSize;
    this._register(
      config.onDidChange((event) => {
        if (!event.affectsConfiguration(settingId(Settings.workspaceMaxFileSize))) return;
        const sizeCap = config.workspaceMaxFileSize; // read now, so an out-of-range value is said when it is set
        if (sizeCap === this.sizeCap) return;
        this.sizeCap = sizeCap;
        this.invalidate();
      }),
    );
    this._register({ dispose: () => clearTimeout(this.timer) });
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    // Git writes under .git at every commit, checkout and fetch: no walk goes there.
    for (const event of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) this._register(event((uri) => isInGitFolder(uri.path) || this.invalidate()));
    this._register(vscode.workspace.onDidSaveTextDocument(() => this.invalidate()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('files.exclude') && this.invalidate()));
    this._register(
      tokenizer.onDidChange(() => {
        this.cache.clear();
        this.restart(RESCAN_DELAY_MS);
      }),
    );
  }

  /** The counted files of the last finished scan, in walk order. */
  get files(): readonly CountedFile[] {
    return this.counted;
  }

  /** The tokenizer of the last finished scan (whose window the counts are measured against). */
  get encoder(): TextTokenizer | undefined {
    return this.countedWith;
  }

  /** Files the last scan listed without counting them: past the size cap. */
  get skipped(): readonly SkippedWorkspaceFile[] {
    return this.skippedFiles;
  }

  /** Files the last scan left out of the view: binary or unreadable. */
  get leftOutFiles(): number {
    return this.leftOut;
  }

  /** How many scans have finished (tests wait for the next one). */
  get scans(): number {
    return this.completed;
  }

  /** Whether the counts are wanted (the view is visible): scans run only then. */
  setWanted(wanted: boolean): void {
    this.wanted = wanted;
    if (wanted && this.dirty && !this.running) this.schedule(0);
  }

  /** Counts again now (files.exclude or .gitignore may have changed in ways no event reports). */
  refresh(): void {
    this.restart(0);
  }

  /**
   * A change on disk: the scan under way finishes, and the next one starts a moment after it.
   * Not a debounce: while a file changes more often than the delay, no scan would ever start.
   */
  private invalidate(): void {
    this.dirty = true;
    if (this.wanted && !this.running && this.timer === undefined) this.schedule(RESCAN_DELAY_MS);
  }

  /** Drops the scan under way (its counts would be wrong: another tokenizer) and scans again. */
  private restart(delay: number): void {
    this.generation++;
    this.running = false;
    this.dirty = true;
    if (this.wanted) this.schedule(delay);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.scan();
    }, delay);
  }

  private async scan(): Promise<void> {
    // A new scan ends any one still running.
    const generation = ++this.generation;
    this.dirty = false;
    this.running = true;
    const cancelled = () => generation !== this.generation || this.isDisposed;
    try {
      await this.count(cancelled);
    } finally {
      if (generation === this.generation) {
        this.running = false;
        // What changed meanwhile is counted next.
        if (this.dirty && this.wanted && !this.isDisposed) this.schedule(RESCAN_DELAY_MS);
      }
    }
  }

  private async count(cancelled: () => boolean): Promise<void> {
    const encoder = this.tokenizer.encoder ?? (await this.tokenizer.load());
    if (!encoder || cancelled()) return;
    const options = this.tokenizer.options;
    await vscode.window.withProgress({ location: { viewId: this.progressViewId } }, async () => {
      const files: CountedFile[] = [];
      const skipped: SkippedWorkspaceFile[] = [];
      const cache = new Map<string, CachedCount>();
      const sizeCap = this.sizeCap;
      let leftOut = 0;
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const fs = new VscodeWorkspaceFs(folder.uri);
        const { globs } = parseExcludeGlobs(vscode.workspace.getConfiguration('files', folder.uri).get<unknown>('exclude'));
        // A file counted at this size and modification time is not read again.
        const unchanged = (path: string, size: number, mtime: number) => isFresh(this.cache.get(fs.uri(path).toString()), size, mtime);
        for await (const file of walkWorkspace(fs, { exclude: globs, sizeCap, isCancelled: cancelled, unchanged })) {
          if (file.status === 'tooLarge') {
            skipped.push({ folder, path: file.path, reason: 'tooLarge', size: file.size, sizeCap });
            continue;
          }
          if (file.status !== 'text' && file.status !== 'unchanged') {
            leftOut++;
            continue;
          }
          const uri = fs.uri(file.path);
          const key = uri.toString();
          let entry: CachedCount | undefined;
          // 'unchanged': the walk found this entry fresh; it is gone only if the cache was cleared since (another tokenizer: a new scan is on its way).
          if (file.status === 'unchanged') entry = this.cache.get(key);
          else {
            const readAt = Date.now();
            const count = await countInSlices(encoder, new TextDecoder().decode(file.bytes), options, cancelled);
            if (count !== undefined) entry = { size: file.size, mtime: file.mtime, count, readAt };
          }
          if (!entry) return;
          cache.set(key, entry);
          files.push({ folder, path: file.path, uri, count: entry.count });
        }
      }
      if (cancelled()) return;
      this.cache = cache;
      this.counted = files;
      this.countedWith = encoder;
      this.skippedFiles = skipped;
      this.leftOut = leftOut;
      this.completed++;
      this.changed.fire();
    });
  }
}
