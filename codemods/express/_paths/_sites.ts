/**
 * @module codemods/express/_paths/_sites
 * Where route paths are written: the first argument of `app`/`router` verbs, `.all`, `.use` and `.route`, as a
 * string, a template literal without substitutions, an array of those, or a `const` of this module holding one.
 */
import ts from 'typescript';
import type { ExpressFacts } from '../_facts.ts';
import { HTTP_VERBS } from '../_facts.ts';
import { methodCall } from '../_rule.ts';
import { unwrap } from '../_scope.ts';

export interface PathSite {
  call: ts.CallExpression;
  receiver: ts.Expression;
  /** False for `use` (prefix match), true for verbs and `route`. */
  end: boolean;
  /** The path argument as written. */
  argument: ts.Expression;
  confidence: 'high' | 'low';
}

const PATH_METHODS = new Set([...HTTP_VERBS, 'use', 'route']);

export function pathSiteOf(node: ts.CallExpression, facts: ExpressFacts): PathSite | undefined {
  const call = methodCall(node);
  // `getAsync`, `useAsync`…: promise-aware wrappers (@awaitjs/express) hand the path to the verb as it is
  const name = call?.name.replace(/(?<=.)Async$/, '');
  if (!call || !name || !PATH_METHODS.has(name) || !call.args[0]) return undefined;
  const owner = facts.is(call.receiver, 'app', 'router');
  if (!owner) return undefined;
  // `app.get('title')` reads a setting.
  if (name === 'get' && owner.role === 'app' && call.args.length < 2) return undefined;
  return { call: node, receiver: call.receiver, end: name !== 'use', argument: call.args[0], confidence: owner.confidence };
}

/** What a path argument is, statically. */
export type PathArgument =
  | { type: 'literal'; node: ts.StringLiteralLike }
  | { type: 'array'; node: ts.ArrayLiteralExpression; elements: Array<ts.StringLiteralLike | ts.RegularExpressionLiteral> }
  | { type: 'const'; identifier: ts.Identifier; declaration: ts.VariableDeclaration; value: ts.StringLiteralLike; exported: boolean }
  /** A constant list of literal paths: route-path's own form for a constant path with an optional part. */
  | { type: 'const-array'; elements: Array<ts.StringLiteralLike | ts.RegularExpressionLiteral> }
  | { type: 'dynamic' }
  | { type: 'other' };

export function classifyArgument(site: PathSite, facts: ExpressFacts): PathArgument {
  const node = unwrap(site.argument);
  if (ts.isStringLiteralLike(node)) return { type: 'literal', node };
  if (ts.isArrayLiteralExpression(node)) {
    const elements = node.elements.map(unwrap);
    if (elements.every(isPathLiteral)) return { type: 'array', node, elements };
    // `app.use([auth, audit])` is an array of middleware, not of paths.
    return elements.some(isStringShaped) ? { type: 'dynamic' } : { type: 'other' };
  }
  if (ts.isIdentifier(node)) {
    const declaration = facts.scopes.resolve(node);
    const init = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? unwrap(declaration.initializer)
      : undefined;
    if (init && ts.isStringLiteralLike(init) && isConst(declaration as ts.VariableDeclaration)) {
      const constant = declaration as ts.VariableDeclaration;
      return { type: 'const', identifier: node, declaration: constant, value: init, exported: isExported(constant) };
    }
    if (init && ts.isArrayLiteralExpression(init) && isConst(declaration as ts.VariableDeclaration)) {
      const elements = init.elements.map(unwrap);
      if (elements.every(isPathLiteral)) return { type: 'const-array', elements };
    }
    if (init) return isStringShaped(init) || (site.end && !isFunctionLiteral(init)) ? { type: 'dynamic' } : { type: 'other' };
    const isFunction = declaration && (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration));
    return site.end && declaration && !isFunction ? { type: 'dynamic' } : { type: 'other' };
  }
  // A verb's first argument is always its path (`app.get(paths.home)`, `path.join(…)`); `use` may start with
  // middleware (`express.static(…)`), so there only string-shaped expressions count.
  if (isStringShaped(node) || (site.end && !isFunctionLiteral(node))) return { type: 'dynamic' };
  return { type: 'other' };
}

function isPathLiteral(node: ts.Node): node is ts.StringLiteralLike | ts.RegularExpressionLiteral {
  return ts.isStringLiteralLike(node) || ts.isRegularExpressionLiteral(node);
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
}

/** `export const`: other modules may read the value, so it is not rewritten. */
function isExported(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && !!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isStringShaped(node: ts.Expression): boolean {
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return isStringShaped(unwrap(node.left)) || isStringShaped(unwrap(node.right));
  }
  return false;
}

/** Not a path: a handler or a RegExp (`new RegExp(…)` included). */
function isFunctionLiteral(node: ts.Expression): boolean {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isRegularExpressionLiteral(node) || ts.isNewExpression(node);
}

