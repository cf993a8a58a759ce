/**
 * The rooms of the house (STYLE.md), checked rather than hoped for:
 * - src/core is pure: relative imports inside core only, plus the few pure-JavaScript packages
 *   listed below (its globals are checked by `tsc -p src/core`, which has no Node or DOM types);
 * - src/webview never imports vscode, Node, or the extension;
 * - in src/extension, Node built-ins and the Node ports (src/node) are used only in worker/, and
 *   nothing the host's main thread loads opens files: the worker owns them;
 * - VS Code for the Web's entries (web.ts and its Web Worker, webWorker.ts) reach no Node at all:
 *   that host is a browser worker (also checked by tsconfig.web.json and by esbuild);
 * - imports are read with the TypeScript parser, so quoting and line breaks cannot hide one;
 * - files stay small enough to read in one sitting.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from '../support/encoders';
import { importSpecifiers } from '../support/imports';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

function imports(file: string): string[] {
  return importSpecifiers(readFileSync(file, 'utf8'), file);
}

/** Every source file `entry` loads, following relative imports (type-only ones too: they are where values come from). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of imports(file).filter((s) => s.startsWith('.'))) {
      const base = resolve(dirname(file), specifier);
      const found = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
      if (found) visit(found);
    }
  };
  visit(entry);
  return seen;
}

/** npm packages core may import: plain JavaScript, no host APIs, no dependencies of their own. */
const PURE_PACKAGES = ['ignore', '@huggingface/jinja'];

const nodeBuiltin = /^node:|^(fs|path|os|child_process|worker_threads|crypto|util|stream|url|zlib|perf_hooks)$/;
const src = join(projectRoot, 'src');
const rel = (file: string) => relative(projectRoot, file);

describe('architecture', () => {
  it('finds imports however they are quoted or formatted', () => {
    const text = [
      'import { a } from "./double";',
      "import './side-effect';",
      "import type { B } from\n  './unusual';",
      'export * from "./reexport";',
      "export { c } from './named';",
      'const d = await import(/* lazy */ "./lazy");',
      'const e = require ("node:fs");',
      'import f = require("os");',
      "const notAnImport = \"from './string'\";",
      '// import { g } from "./comment";',
    ].join('\n');
    const expected = ['./double', './lazy', './named', './reexport', './side-effect', './unusual', 'node:fs', 'os'];
    assert.deepEqual(importSpecifiers(text).sort(), expected);
  });

  describe('src/core is pure', () => {
    for (const file of sourceFiles(join(src, 'core'))) {
      it(rel(file), () => {
        // (Globals are checked by the compiler: src/core/tsconfig.json has no Node or DOM types.)
        for (const specifier of imports(file)) {
          assert.ok(specifier.startsWith('.') || PURE_PACKAGES.includes(specifier), `${specifier}: core imports only core modules and ${PURE_PACKAGES.join(', ')}`);
          assert.doesNotMatch(specifier, /\/(node|extension|webview|cli)\//, `${specifier}: core must not reach outside itself`);
        }
      });
    }
  });

  describe('src/webview runs in a browser sandbox', () => {
    for (const file of sourceFiles(join(src, 'webview'))) {
      it(rel(file), () => {
        for (const specifier of imports(file)) {
          assert.notEqual(specifier, 'vscode', 'the webview cannot import vscode');
          assert.doesNotMatch(specifier, nodeBuiltin, `${specifier}: no Node built-ins in the webview`);
          assert.doesNotMatch(specifier, /\/(extension|node)\//, `${specifier}: the webview talks to the extension only through messages`);
        }
      });
    }
  });

  describe('src/extension keeps Node to worker/', () => {
    for (const file of sourceFiles(join(src, 'extension')).filter((file) => !file.includes(`${join('extension', 'worker')}`))) {
      it(rel(file), () => {
        for (const specifier of imports(file)) {
          assert.doesNotMatch(specifier, nodeBuiltin, `${specifier}: Node built-ins belong in src/extension/worker/ (VS Code for the Web has none)`);
          assert.doesNotMatch(specifier, /(^|\/)node\//, `${specifier}: Node ports belong behind src/extension/worker/`);
        }
      });
    }
  });

  it("the extension host's main thread opens no files: only the worker reaches src/node and fs", () => {
    const host = [...reachable(join(src, 'extension', 'node.ts')), ...reachable(join(src, 'extension', 'web.ts'))];
    assert.deepEqual(host.filter((file) => file.startsWith(join(src, 'node'))).map(rel), [], 'Node ports loaded on the main thread');
    const fileAccess = host.filter((file) => imports(file).some((specifier) => /^(node:)?fs(\/promises)?$/.test(specifier)));
    assert.deepEqual(fileAccess.map(rel), [], 'modules of the main thread that import fs');
    const worker = reachable(join(src, 'extension', 'worker', 'worker.ts'));
    assert.ok([...worker].some((file) => file.startsWith(join(src, 'node'))), 'the worker is where files are opened');
  });

  it("VS Code for the Web's entry and Web Worker reach no Node built-in and no Node port", () => {
    for (const entry of [join(src, 'extension', 'web.ts'), join(src, 'extension', 'worker', 'webWorker.ts')]) {
      const loaded = [...reachable(entry)];
      assert.ok(loaded.includes(join(src, 'extension', entry.endsWith('web.ts') ? 'extension.ts' : join('worker', 'serve.ts'))), `${rel(entry)} loads the shared code`);
      assert.deepEqual(loaded.filter((file) => file.startsWith(join(src, 'node'))).map(rel), [], `${rel(entry)}: Node ports in the web host`);
      const builtins = loaded.flatMap((file) => imports(file).filter((specifier) => nodeBuiltin.test(specifier)).map((specifier) => `${rel(file)}: ${specifier}`));
      assert.deepEqual(builtins, [], `${rel(entry)}: Node built-ins in the web host`);
    }
  });

  it('every source file stays under 300 lines', () => {
    const long = sourceFiles(src)
      .map((file) => ({ file: rel(file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 300);
    assert.deepEqual(long, []);
  });
});
