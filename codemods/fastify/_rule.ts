/**
 * @module codemods/fastify/_rule
 * What every Fastify rule shares: the rule factory bound to the pack's facts, and call-shape helpers.
 */
import ts from 'typescript';
import { createRule, type Rule } from '../../src/authoring.ts';
import type { FastifyFacts } from './_facts.ts';

export { docsUrl, rowUrl } from './_docs.ts';
export { methodCall, stringValue, type MethodCall } from '../../lib/ts-scope/calls.ts';

/** createRule with the Fastify pack's facts type filled in. */
export function createFastifyRule<MessageIds extends string>(rule: Rule<MessageIds, FastifyFacts>): Rule<MessageIds, FastifyFacts> {
  return createRule(rule);
}

/** Whether a property access is written to (`a.b = …`, `a.b += …`, `a.b++`, `delete a.b`), not only read. */
export function isWriteTarget(node: ts.Expression): boolean {
  let current: ts.Node = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isNonNullExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isBinaryExpression(parent) && parent.left === current) return parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return ts.isDeleteExpression(parent);
}
