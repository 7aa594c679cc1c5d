/**
 * @module codemods/fastify/_routes
 * Reading route registrations off the tree, for the rules that look at a route's options (`schema`, `version`,
 * `exposeHeadRoute`) or at two routes of one path: `app.route({ method, url, … })`, `app.get(url, [options,]
 * handler)` and `app.get(url, { handler, … })`, on a receiver the facts show to be an instance.
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { FastifyFacts, RoleInfo } from './_facts.ts';
import { methodCall, stringValue } from './_rule.ts';

/** Route shorthands an instance has on both majors (`app.<method>(url, [options,] handler)`); `all` spells no method. */
const SHORTHANDS = new Set(['get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'all']);

export interface RouteCall {
  call: ts.CallExpression;
  receiver: ts.Expression;
  instance: RoleInfo;
  /** Upper-case methods when the code spells them (`get` → `['GET']`, `method: ['GET', 'HEAD']`), else undefined. */
  methods: string[] | undefined;
  /** The path as written, when it is a string literal. */
  url: string | undefined;
  /** The route's options object as written at the call, if it passes one inline. */
  options: ts.ObjectLiteralExpression | undefined;
  /** The options, also when they are a `const` of this file holding an object literal. */
  resolvedOptions: ts.ObjectLiteralExpression | undefined;
}

/** The route a call registers on a Fastify instance, or undefined. */
export function routeCallOf(facts: FastifyFacts, node: ts.CallExpression): RouteCall | undefined {
  const call = methodCall(node);
  if (!call) return undefined;
  const isRoute = call.name === 'route' && call.args.length === 1;
  const isShorthand = SHORTHANDS.has(call.name) && call.args.length >= 2;
  if (!isRoute && !isShorthand) return undefined;
  const instance = facts.is(call.receiver, 'instance');
  if (!instance) return undefined;
  const base = { call: node, receiver: call.receiver, instance };
  if (isRoute) {
    const options = objectLiteral(call.args[0]!);
    const resolvedOptions = options ?? constObject(facts, call.args[0]!);
    const method = resolvedOptions && propertyValue(resolvedOptions, 'method');
    const url = resolvedOptions && (propertyValue(resolvedOptions, 'url') ?? propertyValue(resolvedOptions, 'path'));
    return { ...base, methods: method && methodsOf(method), url: stringValue(url), options, resolvedOptions };
  }
  // `app.get(url, options, handler)` or `app.get(url, { handler, … })`
  const second = call.args[1]!;
  const carriesOptions = call.args.length >= 3 || !!objectLiteral(second) || !!constObject(facts, second);
  const options = carriesOptions ? objectLiteral(second) : undefined;
  const resolvedOptions = carriesOptions ? (options ?? constObject(facts, second)) : undefined;
  const methods = call.name === 'all' ? undefined : [call.name.toUpperCase()];
  return { ...base, methods, url: stringValue(call.args[0]), options, resolvedOptions };
}

/** The expression an object literal gives a key (`key: value`, or the name itself for `{ key }`), if it has one. */
export function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const property = propertyNamed(object, key);
  if (!property) return undefined;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** The last property of an object literal with that key (what the object holds at run time), if any. */
export function propertyNamed(object: ts.ObjectLiteralExpression, key: string): ts.ObjectLiteralElementLike | undefined {
  return [...object.properties].reverse().find((property) => keyOf(property) === key);
}

/** A property's key as a string (`a`, `'a'`, `200`), or undefined when it is computed or a spread. */
export function keyOf(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return stringValue(name.expression);
  return undefined;
}

/** The object literal an expression is, through parentheses and `as const`. */
export function objectLiteral(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const node = unwrap(expression);
  return ts.isObjectLiteralExpression(node) ? node : undefined;
}

/** The object literal a `const` of this file is initialised with, when `expression` names one. */
export function constObject(facts: FastifyFacts, expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const declaration = constDeclarationOf(facts, expression);
  return declaration?.initializer ? objectLiteral(declaration.initializer) : undefined;
}

/** The `const` declaration `expression` names, if it is one of this file. */
export function constDeclarationOf(facts: FastifyFacts, expression: ts.Expression): ts.VariableDeclaration | undefined {
  const node = unwrap(expression);
  const declaration = ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  return (declaration.parent.flags & ts.NodeFlags.Const) !== 0 ? declaration : undefined;
}

// --- internal ---

/** `'GET'` → `['GET']`, `['GET', 'HEAD']` → both; undefined when any is not a literal. */
function methodsOf(expression: ts.Expression): string[] | undefined {
  const node = unwrap(expression);
  const one = stringValue(node);
  if (one !== undefined) return [one.toUpperCase()];
  if (!ts.isArrayLiteralExpression(node)) return undefined;
  const all = node.elements.map((element) => stringValue(element)?.toUpperCase());
  return all.every((m): m is string => m !== undefined) ? all : undefined;
}
