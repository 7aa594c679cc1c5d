/**
 * @module codemods/express/_rule
 * What every Express rule shares: the rule factory bound to the pack's facts, and call-shape helpers.
 */
import ts from 'typescript';
import { createRule, type Edit, type Fixer, type Rule } from '../../src/authoring.ts';
import type { ExpressFacts } from './_facts.ts';
import { unwrap } from './_scope.ts';

// one builder for every docs link, shared with the shim's warnings
export { docsUrl, rowUrl } from '../../shims/express/_docs.ts';
export { methodCall, stringValue, type MethodCall } from '../../lib/ts-scope/calls.ts';

/** createRule with the Express pack's facts type filled in. */
export function createExpressRule<MessageIds extends string>(rule: Rule<MessageIds, ExpressFacts>): Rule<MessageIds, ExpressFacts> {
  return createRule(rule);
}

/** Re-quotes a string in the quote style of the literal it replaces. */
export function quoteLike(original: ts.Node, value: string, sourceFile: ts.SourceFile): string {
  const quote = original.getText(sourceFile)[0] === '"' ? '"' : "'";
  return quote + value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
}

/** Side-effect free and cheap to repeat: identifiers, `this`, literals and property chains of those. */
export function isRepeatable(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword || ts.isLiteralExpression(node)) return true;
  if (ts.isPropertyAccessExpression(node)) return isRepeatable(node.expression);
  return false;
}

export const JS_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `obj.name` when `name` is an identifier, `obj['name']` otherwise. */
export function memberAccess(object: string, name: string, optional = false): string {
  if (JS_IDENTIFIER.test(name)) return `${object}${optional ? '?.' : '.'}${name}`;
  const quoted = `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `${object}${optional ? '?.' : ''}[${quoted}]`;
}

/** The whitespace before a node on its line, to lay out inserted lines like their neighbours. */
export function indentationOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const start = node.getStart(sourceFile);
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart, start))![0];
}

/** Inserts `text` before `node`: on a line of its own when `node` starts its line, else followed by a space. */
export function insertBeforeInLayout(fixer: Fixer, node: ts.Node, text: string, sourceFile: ts.SourceFile): Edit {
  const start = node.getStart(sourceFile);
  const before = sourceFile.text.slice(sourceFile.text.lastIndexOf('\n', start - 1) + 1, start);
  return fixer.insertBefore(node, /^[ \t]*$/.test(before) ? `${text}\n${before}` : `${text} `);
}

/** The key of an object-literal member written as an identifier or a string (`dotfiles`, `'dotfiles'`). */
export function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}
