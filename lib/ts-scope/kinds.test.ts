/**
 * A kind table answers as the predicate it was read from, on every node of real code: what the facts, the scope
 * resolver and `unwrap` rely on when they ask the table instead.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isFunctionNode } from './calls.ts';
import { kindTable } from './kinds.ts';
import { unwrap } from './scope.ts';

const SOURCE = `
import express, { Router } from 'express';
import type { Request } from 'express';
import app = require('./app');
const router: Router = express.Router();
let count = 0, [a, b] = [1, 2];
class Store { private items = new Map<string, number>(); get size() { return this.items.size; } constructor(readonly name: string) {} }
interface Handler { (req: Request): void; new (x: number): Handler; [key: string]: unknown; method(): void }
type Fn = (x: number) => string;
namespace Inner { export const x = 1; }
router.get('/items/:id', async (req, res) => {
  for (const key in req.query) count++;
  for (let i = 0; i < 3; i++) { switch (i) { case 1: break; } }
  for (const item of [1, 2]) try { JSON.parse(String(item)); } catch (error) { count += (error as Error).message.length; }
  res.json({ id: req.params.id!, value: (<any>req).body satisfies unknown, fn: function named() { return named; } });
});
count = a + b;
export default class extends Store {}
`;

function everyNode(sourceFile: ts.SourceFile): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return nodes;
}

describe('kindTable', () => {
  const nodes = everyNode(ts.createSourceFile('app.ts', SOURCE, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));

  it('answers as the predicate on every node of a file, for the predicates the facts and the resolver ask', () => {
    const predicates: Array<(node: ts.Node) => boolean> = [
      ts.isFunctionLike,
      ts.isClassLike,
      ts.isBlock,
      ts.isCatchClause,
      ts.isVariableDeclaration,
      ts.isImportSpecifier,
      ts.isBinaryExpression,
      (node) => ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isCaseBlock(node) || ts.isModuleBlock(node),
    ];
    for (const predicate of predicates) {
      const table = kindTable(predicate);
      const disagree = nodes.filter((node) => table(node) !== predicate(node)).map((node) => ts.SyntaxKind[node.kind]);
      expect(disagree).toEqual([]);
      // the file has nodes of each kind asked about: a table that says "no" to everything would not pass
      expect(nodes.some(predicate)).toBe(true);
    }
  });

  it('backs isFunctionNode and unwrap with the same answers as their predicates', () => {
    const functions = nodes.filter(isFunctionNode).map((node) => ts.SyntaxKind[node.kind]);
    expect(functions).toEqual(['ArrowFunction', 'FunctionExpression']);
    const isWrapper = (node: ts.Node): node is ts.ParenthesizedExpression =>
      ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node);
    const byPredicates = (expression: ts.Expression): ts.Expression => (isWrapper(expression) ? byPredicates(expression.expression) : expression);
    const wrapped = nodes.filter(isWrapper);
    // parentheses, `as`, `!`, `<any>x` and `satisfies`, nested too
    expect(wrapped).toHaveLength(6);
    expect(wrapped.map(unwrap)).toEqual(wrapped.map(byPredicates));
  });
});
