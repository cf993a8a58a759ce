/**
 * VS Code's `files.exclude` (and `search.exclude`) setting, matched as VS Code does: each key is
 * a glob over the workspace-relative path (`**` any number of folders, `*` and `?` within one
 * name, `[a-z]`/`[!a-z]`, `{a,b}`); `true` excludes, `false` keeps (to switch a default off), and
 * `{ "when": "$(basename).ts" }` excludes only when that sibling exists. Patterns match from the
 * root: `node_modules` is only the top-level folder, `**` + `/node_modules` any of them. A matched
 * folder excludes everything in it.
 */

type Rule = { readonly pattern: RegExp; readonly when: string | undefined };

export interface ExcludeGlobs {
  /**
   * Whether `path` (root-relative, `/`-separated) or a folder above it is excluded; the first
   * `namedSegments` folders (one the user asked for by name, and those above it) are not checked,
   * nor `when` rules on folders above it (`siblingExists` answers for the path's own siblings).
   */
  isExcluded(path: string, siblingExists?: (name: string) => boolean, namedSegments?: number): boolean;
}

export interface ParsedExcludes {
  readonly globs: ExcludeGlobs;
  /** One line per entry that was skipped. */
  readonly errors: readonly string[];
}

/** Parses a `files.exclude`-shaped setting value; `setting` names it in messages. */
export function parseExcludeGlobs(value: unknown, setting = 'files.exclude'): ParsedExcludes {
  const rules: Rule[] = [];
  const errors: string[] = [];
  if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    errors.push(`${setting}: expected an object of glob patterns, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  } else if (value) {
    for (const [glob, choice] of Object.entries(value)) {
      const when = typeof choice === 'object' && choice !== null && typeof (choice as { when?: unknown }).when === 'string' ? (choice as { when: string }).when : undefined;
      if (choice === false) continue;
      if (choice !== true && when === undefined) {
        errors.push(`${setting}[${JSON.stringify(glob)}]: expected true, false or {"when": "$(basename).ext"}, found ${JSON.stringify(choice)}`);
        continue;
      }
      const pattern = globToRegExp(glob);
      if (typeof pattern === 'string') errors.push(`${setting}[${JSON.stringify(glob)}]: ${pattern}`);
      else rules.push({ pattern, when });
    }
  }
  return { globs: { isExcluded: (path, siblingExists, namedSegments = 0) => isExcluded(rules, path, siblingExists, namedSegments) }, errors };
}

function isExcluded(rules: readonly Rule[], path: string, siblingExists: ((name: string) => boolean) | undefined, namedSegments: number): boolean {
  const segments = path.split('/').filter((segment) => segment !== '');
  for (let i = namedSegments + 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join('/');
    for (const rule of rules) {
      if (!rule.pattern.test(prefix)) continue;
      if (rule.when === undefined) return true;
      // `siblingExists` knows the siblings of the path itself; a folder above it was judged when it was listed.
      if (i < segments.length) continue;
      const name = segments[i - 1];
      const dot = name.lastIndexOf('.');
      const sibling = rule.when.replace(/\$\(basename\)/g, dot > 0 ? name.slice(0, dot) : name);
      if (siblingExists?.(sibling)) return true;
    }
  }
  return false;
}

/** A glob as an anchored RegExp over `/`-separated paths, or a one-line reason it is not a glob. */
export function globToRegExp(glob: string): RegExp | string {
  const source = translate(glob.replace(/^\.\//, ''), false);
  if (source.startsWith('error:')) return source.slice(6);
  return new RegExp(`^${source}$`);
}

function translate(glob: string, inBraces: boolean): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
      i++;
      if (atStart && glob[i + 1] === '/') {
        out += '(?:[^/]*/)*';
        i++;
      } else out += atStart && atEnd ? '.*' : '[^/]*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) return 'error:expected "]" to close the "[" at ' + (i + 1);
      let body = glob.slice(i + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{' && !inBraces) {
      const close = glob.indexOf('}', i);
      if (close === -1) return 'error:expected "}" to close the "{" at ' + (i + 1);
      const alternatives = glob.slice(i + 1, close).split(',').map((part) => translate(part, true));
      const bad = alternatives.find((part) => part.startsWith('error:'));
      if (bad) return bad;
      out += `(?:${alternatives.join('|')})`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}
