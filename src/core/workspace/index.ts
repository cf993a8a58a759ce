export { globToRegExp, parseExcludeGlobs, type ExcludeGlobs, type ParsedExcludes } from './excludeGlobs';
export { GitignoreRules, type IgnoreFile } from './gitignore';
export {
  DEFAULT_SIZE_CAP,
  exceedsSizeCap,
  isInGitFolder,
  isIgnoredFolder,
  walkWorkspace,
  type WalkOptions,
  type WalkedFile,
  type WorkspaceEntry,
  type WorkspaceFileSystem,
} from './walk';
export { countReport, countTree, reportCsv, type CountNode, type CountOrder, type CountReport, type FileTokenCount, type SkippedFile } from './report';
