/**
 * @module lib/ts-scope/calls
 * Reading calls and literals off the TypeScript syntax tree the way every pack's rules ask: `receiver.name(args)`, a
 * string's value. Knows no framework (each pack's `_rule.ts` re-exports it).
 */
import ts from 'typescript';
import { kindTable } from './kinds.ts';
import { unwrap } from './scope.ts';

export interface MethodCall {
  call: ts.CallExpression;
  receiver: ts.Expression;
  name: string;
  nameNode: ts.MemberName;
  args: readonly ts.Expression[];
}

/** `receiver.name(args)` (also `receiver?.name(args)`), or undefined for other calls. */
export function methodCall(call: ts.CallExpression, ...names: string[]): MethodCall | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  if (names.length && !names.includes(name)) return undefined;
  return { call, receiver: callee.expression, name, nameNode: callee.name, args: call.arguments };
}

/** The literal string value of an expression (`'x'`, `"x"`, `` `x` `` without substitutions), if it is one. */
export function stringValue(expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  const node = unwrap(expression);
  return ts.isStringLiteralLike(node) ? node.text : undefined;
}

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** A function a handler or a plugin can be: a declaration, an expression, an arrow or a method. */
export const isFunctionNode = kindTable<FunctionNode>(
  (node) => ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node),
);
