/**
 * One truth per fact (STYLE.md 16), checked: setting ids come from constants.ts, and "has position
 * vectors" is decided in one function. Parsed with the TypeScript API, so quotes and comments cannot fool it.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { InitialWeights, hasPositionVectors } from '../../src/core/embeddings';
import { projectRoot } from '../support/encoders';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** Every node of the file for which `pick` returns a value, with its line. */
function find<T>(file: string, pick: (node: ts.Node) => T | undefined): { where: string; found: T }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const hits: { where: string; found: T }[] = [];
  const visit = (node: ts.Node): void => {
    const found = pick(node);
    if (found !== undefined) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      hits.push({ where: `${relative(projectRoot, file)}:${line}`, found });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return hits;
}

/** The text of a string literal or template part, else undefined. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) return node.text;
  if (ts.isTemplateHead(node)) return node.text;
  return undefined;
}

const src = join(projectRoot, 'src');

describe('one truth per fact', () => {
  it('setting, command and colour ids ("tokenLens.…") are written only in src/extension/constants.ts', () => {
    const constants = join(src, 'extension', 'constants.ts');
    const stray = sourceFiles(src)
      .filter((file) => file !== constants)
      .flatMap((file) => find(file, (node) => (/\btokenLens\.\w/.test(literalText(node) ?? '') ? literalText(node) : undefined)));
    assert.deepEqual(stray, []);
  });

  it('the host and the CLI decide "has position vectors" through hasPositionVectors, not by comparing a label', () => {
    const home = join(src, 'core', 'embeddings', 'source.ts');
    const deciders = [join(src, 'extension'), join(src, 'cli'), join(src, 'core')].flatMap(sourceFiles).filter((file) => file !== home);
    const comparisons = deciders.flatMap((file) =>
      find(file, (node) => {
        if (!ts.isBinaryExpression(node)) return undefined;
        const operator = node.operatorToken.kind;
        if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.ExclamationEqualsEqualsToken) return undefined;
        const compared = [node.left, node.right].map(literalText);
        return compared.includes('position embedding') ? node.getText() : undefined;
      }),
    );
    assert.deepEqual(comparisons, []);
  });

  it('hasPositionVectors: learned and sinusoidal tables add one, none does not', () => {
    const shape = { vocabularySize: 4, dimension: 2, contextLength: 3 };
    assert.equal(hasPositionVectors(new InitialWeights({ ...shape, positions: 'learned' })), true);
    assert.equal(hasPositionVectors(new InitialWeights({ ...shape, positions: 'sinusoidal' })), true);
    assert.equal(hasPositionVectors(new InitialWeights({ ...shape, positions: 'none' })), false);
  });
});
