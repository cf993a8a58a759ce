/**
 * Finds user-visible text that bypasses `vscode.l10n.t`: words written as string literals where VS Code
 * shows them to the user (messages, progress titles, status-bar text and tooltips, quick picks, hovers,
 * shown documents). Read with the TypeScript parser, so formatting cannot hide a literal.
 */
import * as ts from 'typescript';

/** Calls whose every non-object argument is shown as is (`this.show(text, tooltip)` included). */
const SHOWN_ARGUMENTS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'appendMarkdown', 'appendText', 'show']);
/** Constructors whose arguments are shown. */
const SHOWN_CONSTRUCTED = new Set(['MarkdownString', 'Hover']);
/** Properties (assigned, or in an object literal) whose value is shown: status bar, quick pick, progress, input box. */
const SHOWN_PROPERTIES = new Set(['text', 'tooltip', 'title', 'placeHolder', 'placeholder', 'prompt', 'label', 'description', 'detail']);

export interface Bypass {
  readonly line: number;
  readonly sink: string;
  readonly text: string;
}

const nameOf = (node: ts.Node): string | undefined =>
  ts.isIdentifier(node) || ts.isPrivateIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;

/** Words (two letters or more, codicons like `$(sync~spin)` aside) in a literal fragment. */
const hasWords = (text: string): boolean => /\p{L}{2,}/u.test(text.replace(/\$\([a-z0-9~-]+\)/g, ''));

const isL10nCall = (node: ts.Node): boolean =>
  ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't' && nameOf(node.expression.expression) === 'l10n';

/** The literal fragments with words that `expression` evaluates to without a call to l10n. */
export function literalWords(expression: ts.Expression): string[] {
  const found: string[] = [];
  const visit = (node: ts.Expression): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (hasWords(node.text)) found.push(node.text);
    } else if (ts.isTemplateExpression(node)) {
      for (const text of [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]) if (hasWords(text)) found.push(text);
      node.templateSpans.forEach((span) => visit(span.expression));
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      visit(node.left);
      visit(node.right);
    } else if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(node.operatorToken.kind)) {
      visit(node.right);
    } else if (ts.isConditionalExpression(node)) {
      visit(node.whenTrue);
      visit(node.whenFalse);
    } else if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSpreadElement(node)) {
      visit(node.expression);
    } else if (ts.isArrayLiteralExpression(node)) {
      node.elements.forEach(visit);
    } else if (ts.isCallExpression(node) && !isL10nCall(node) && ts.isPropertyAccessExpression(node.expression)) {
      visit(node.expression.expression); // `['a', 'b'].join(' ')`, `'x'.padStart(4)`: the receiver's text is shown
    }
  };
  visit(expression);
  return found;
}

/** Every place in `source` where a literal with words reaches a user-visible sink. */
export function l10nBypasses(source: string, fileName = 'file.ts'): Bypass[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Bypass[] = [];
  const report = (node: ts.Node, sink: string, expression: ts.Expression) => {
    for (const text of literalWords(expression)) found.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, sink, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = nameOf(node.expression);
      const sinks = ts.isCallExpression(node) ? SHOWN_ARGUMENTS : SHOWN_CONSTRUCTED;
      if (callee && sinks.has(callee)) for (const argument of node.arguments ?? []) if (!ts.isObjectLiteralExpression(argument)) report(argument, callee, argument);
    } else if (ts.isPropertyAssignment(node) && SHOWN_PROPERTIES.has(nameOf(node.name) ?? '')) {
      report(node, nameOf(node.name) ?? '', node.initializer);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      if (SHOWN_PROPERTIES.has(node.left.name.text)) report(node, `.${node.left.name.text} =`, node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
