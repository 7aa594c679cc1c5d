/**
 * @module codemods/fastify/_options
 * Reading and extending object-literal options (the factory's server options, `listen` options, a route's options)
 * for the rules whose change is a key that is there, missing or holding a certain value. Only what the file shows
 * counts: options passed through a variable are followed to a `const` object literal in the same file, and a spread
 * (`{ ...defaults }`) means any key may be there.
 */
import ts from 'typescript';
import type { FastifyFacts } from './_facts.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';

/** The options a call's argument stands for, as far as the file shows them. */
export type OptionsSite =
  /** no argument at all: `Fastify()` */
  | { kind: 'none' }
  /** an object literal, written at the call or held in a `const` of this file */
  | { kind: 'literal'; object: ts.ObjectLiteralExpression }
  /** anything else: a parameter, an import, a call's result */
  | { kind: 'unknown'; expression: ts.Expression };

/** What the argument at `index` of `call` is: nothing, an object literal (followed through a `const`), or unknown. */
export function optionsAt(facts: FastifyFacts, call: ts.CallExpression, index = 0): OptionsSite {
  const argument = call.arguments[index];
  if (!argument) return { kind: 'none' };
  const object = objectLiteralOf(facts, argument);
  return object ? { kind: 'literal', object } : { kind: 'unknown', expression: argument };
}

/** The object literal an expression is, or that the `const` it names was initialised with. */
export function objectLiteralOf(facts: FastifyFacts, expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const node = unwrap(expression);
  if (ts.isObjectLiteralExpression(node)) return node;
  const declaration = ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !(declaration.parent.flags & ts.NodeFlags.Const) || !declaration.initializer) return undefined;
  const value = unwrap(declaration.initializer);
  return ts.isObjectLiteralExpression(value) ? value : undefined;
}

/** The name of a property as written (`key`, `'key'`, `"key"`), or undefined for computed keys and spreads. */
export function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The property `name` of an object literal (the last one, as JavaScript keeps it). */
export function findProperty(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.filter((p) => propertyName(p) === name).at(-1);
}

/** The value a property gives: an assignment's initializer, or the name of a shorthand (`{ logger }`). */
export function propertyValue(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** Whether the literal spreads other objects (or has computed keys): a key it does not write may still be there. */
export function mayHoldMore(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && ts.isComputedPropertyName(p.name)));
}

export interface Insertion {
  start: number;
  end: number;
  text: string;
}

/**
 * The edit that adds `entry` (`key: value`) to the options: a new `{ entry }` argument where there is none, else the
 * entry after the literal's last property, on a line of its own with that property's indentation when the literal
 * spans lines (keeping a trailing comma where the literal has one).
 */
export function addOption(sourceFile: ts.SourceFile, call: ts.CallExpression, site: Exclude<OptionsSite, { kind: 'unknown' }>, entry: string): Insertion {
  if (site.kind === 'none') return { start: call.arguments.pos, end: call.arguments.end, text: `{ ${entry} }` };
  const { object } = site;
  const last = object.properties.at(-1);
  if (!last) return { start: object.getStart(sourceFile), end: object.end, text: `{ ${entry} }` };
  const text = sourceFile.text;
  const openLine = sourceFile.getLineAndCharacterOfPosition(object.getStart(sourceFile)).line;
  const lastStart = last.getStart(sourceFile);
  const lastLine = sourceFile.getLineAndCharacterOfPosition(lastStart).line;
  if (lastLine === openLine) return { start: last.end, end: last.end, text: `, ${entry}` };
  const lineStart = sourceFile.getPositionOfLineAndCharacter(lastLine, 0);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lastStart))![0];
  if (object.properties.hasTrailingComma) {
    const comma = text.indexOf(',', last.end);
    return { start: comma + 1, end: comma + 1, text: `\n${indent}${entry},` };
  }
  return { start: last.end, end: last.end, text: `,\n${indent}${entry}` };
}
