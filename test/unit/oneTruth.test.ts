/**
 * One truth per fact (STYLE.md 16): facts that used to be written in several places are declared
 * once. Found with the TypeScript parser across src/, so a copy under another name is caught too.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { projectRoot } from '../support/encoders';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** `file:line` of every node in src/ that `match` accepts. */
function findInSource(match: (node: ts.Node) => boolean): string[] {
  const found: string[] = [];
  for (const path of sourceFiles(join(projectRoot, 'src'))) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (match(node)) found.push(`${relative(projectRoot, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

const literalText = (node: ts.TypeNode): string | undefined =>
  ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal) ? node.literal.text : undefined;

describe('one truth per fact', () => {
  it('declares one assertNever: a function whose first parameter is never', () => {
    const declarations = findInSource(
      (node) =>
        (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
        node.parameters[0]?.type?.kind === ts.SyntaxKind.NeverKeyword,
    );
    assert.equal(declarations.length, 1, declarations.join(', '));
  });

  it('lists the projection methods once (as a union type or an array)', () => {
    const methods = ['pca', 'tsne', 'umap'];
    const lists = findInSource(
      (node) =>
        (ts.isUnionTypeNode(node) && methods.every((method) => node.types.some((type) => literalText(type) === method))) ||
        (ts.isArrayLiteralExpression(node) && methods.every((method) => node.elements.some((item) => ts.isStringLiteral(item) && item.text === method))),
    );
    assert.equal(lists.length, 1, lists.join(', '));
  });

  it('defines the default panel view once', () => {
    const views = findInSource(
      (node) =>
        ts.isObjectLiteralExpression(node) &&
        ['kind', 'method'].every((key) =>
          node.properties.some((property) => ts.isPropertyAssignment(property) && property.name.getText() === key && ts.isStringLiteral(property.initializer)),
        ),
    );
    assert.equal(views.length, 1, views.join(', '));
  });
});
