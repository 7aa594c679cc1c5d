/**
 * @module codemods/express/_paths/_positional
 * Reads of positional params (`req.params[0]`) in the handlers of one registration. With the dual forms they need
 * no change (a RegExp keeps its unnamed groups, numbered from 0 on both majors); with `--target 5` a wildcard gets
 * a name and its value becomes an array of segments (row 28), so each read is rewritten to join it back.
 */
import ts from 'typescript';
import type { ExpressFacts } from '../_facts.ts';
import { unwrap } from '../_scope.ts';

export interface PositionalRead {
  node: ts.ElementAccessExpression;
  index: number;
  /** Source text of the request object, e.g. `req`. */
  request: string;
}

export interface HandlerReach {
  reads: PositionalRead[];
  /** False when some handler is not a function of this file (imported, a method of another object...). */
  complete: boolean;
}

export function positionalReads(handlers: readonly ts.Expression[], facts: ExpressFacts): HandlerReach {
  const reads: PositionalRead[] = [];
  let complete = true;
  for (const handler of handlers) {
    const fn = functionOf(unwrap(handler), facts);
    if (!fn) {
      complete = false;
      continue;
    }
    const reqParam = fn.parameters[fn.parameters.length === 4 ? 1 : 0];
    if (!reqParam) continue;
    if (!ts.isIdentifier(reqParam.name)) {
      complete = false;
      continue;
    }
    const request = reqParam.name.text;
    const visit = (node: ts.Node): void => {
      if (ts.isElementAccessExpression(node)) {
        const params = unwrap(node.expression);
        const index = unwrap(node.argumentExpression);
        if (
          ts.isPropertyAccessExpression(params) && params.name.text === 'params' &&
          ts.isIdentifier(params.expression) && params.expression.text === request &&
          (ts.isNumericLiteral(index) || ts.isStringLiteralLike(index)) && /^\d+$/.test(index.text)
        ) {
          reads.push({ node, index: Number(index.text), request });
        }
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
  }
  return { reads, complete };
}

function functionOf(node: ts.Expression, facts: ExpressFacts): ts.FunctionLikeDeclaration | undefined {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = facts.scopes.resolve(node);
  if (declaration && ts.isFunctionDeclaration(declaration)) return declaration;
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = unwrap(declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}
