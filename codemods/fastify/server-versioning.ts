/**
 * @module codemods/fastify/server-versioning
 * Row 9 (FSTDEP009): the server option `versioning: { storage, deriveVersion }` gave Fastify 4 a custom version
 * strategy. Fastify 5 ignores it: the default `Accept-Version` strategy applies, and requests routed by a custom
 * header answer 404. Fastify 4 built a `version` constraint strategy from it (fastify.js: `name`, `mustMatchWhenDerived`,
 * `storage`, `deriveConstraint` from `deriveVersion`, and a `validate` that refuses non-string versions), which both
 * majors take under the server option `constraints`. The rule writes that strategy where the file shows it.
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { FastifyFacts } from './_facts.ts';
import { createFastifyRule } from './_rule.ts';
import { constObject, keyOf, objectLiteral, propertyNamed } from './_routes.ts';

/** What v4 read of `versioning`: the rest of the object it never looked at. */
const VERSIONING_KEYS = new Set(['storage', 'deriveVersion']);

export default createFastifyRule({
  id: 'server-versioning',
  meta: {
    description: 'Rewrite the server option `versioning` to a `constraints.version` strategy',
    rows: [9],
    kind: 'both',
    prefilter: ['versioning'],
    messages: {
      useConstraints:
        'The server option `versioning` is ignored by Fastify 5 (the default `Accept-Version` strategy applies). Use the strategy Fastify 4 built from it, `constraints: { version: { name: \'version\', storage, deriveConstraint, mustMatchWhenDerived: true, validate } }`, which Fastify 4 and 5 take.',
      rewriteByHand:
        'The server option `versioning` is ignored by Fastify 5 (the default `Accept-Version` strategy applies), and {{why}}. Write `constraints: { version: { name: \'version\', storage, deriveConstraint, mustMatchWhenDerived: true, validate } }` by hand, with `deriveConstraint` as `deriveVersion` was.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const typescript = /\.[cm]?tsx?$/.test(context.fileName);
    return {
      CallExpression(node: ts.CallExpression) {
        if (!isFactoryCall(facts, node) || !node.arguments[0]) return;
        const options = objectLiteral(node.arguments[0]) ?? constObject(facts, node.arguments[0]);
        const versioning = options && propertyNamed(options, 'versioning');
        if (!options || !versioning) return;
        const confidence = facts.is(node, 'instance')!.confidence;
        const report = (why: string) => context.report({ node: versioning, messageId: 'rewriteByHand', data: { why }, confidence });
        if (!ts.isPropertyAssignment(versioning)) return report('it is not written as `versioning: { … }`');
        const strategy = objectLiteral(versioning.initializer);
        if (!strategy) return report('its value is not an object literal here');
        if (strategy.properties.some((p) => !VERSIONING_KEYS.has(keyOf(p) ?? ''))) return report('it holds more than `storage` and `deriveVersion` (or spreads)');
        const existing = propertyNamed(options, 'constraints');
        if (existing) return report('the options have `constraints` already');
        const derive = propertyNamed(strategy, 'deriveVersion');
        context.report({
          node: versioning,
          messageId: 'useConstraints',
          confidence,
          fix: (fixer) => [
            fixer.replaceText(versioning.name, 'constraints'),
            fixer.insertBefore(strategy, '{ version: '),
            fixer.replaceRange(strategy.getStart(sourceFile) + 1, strategy.getStart(sourceFile) + 1, strategyHead(strategy, sourceFile, typescript)),
            ...(derive?.name ? [renameKey(derive, sourceFile)] : []),
            fixer.insertAfter(strategy, ' }'),
          ],
        });
      },
    };
  },
});

// --- internal ---

/** `Fastify(opts)`, `require('fastify')(opts)`: a call making an instance that is neither a method of one nor a local builder. */
function isFactoryCall(facts: FastifyFacts, call: ts.CallExpression): boolean {
  if (facts.is(call, 'instance')?.confidence !== 'high') return false;
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) && facts.is(callee.expression, 'instance')) return false;
  const declaration = ts.isIdentifier(callee) ? facts.scopes.resolve(callee) : undefined;
  if (declaration && ts.isFunctionDeclaration(declaration)) return false;
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const value = unwrap(declaration.initializer);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return false;
  }
  return true;
}

/**
 * What Fastify 4 added around `storage` and `deriveVersion` (fastify.js), written first in the strategy; its own
 * line per entry when the literal spans lines.
 */
function strategyHead(strategy: ts.ObjectLiteralExpression, sourceFile: ts.SourceFile, typescript: boolean): string {
  const entries = [
    "name: 'version'",
    'mustMatchWhenDerived: true',
    `validate (value${typescript ? ': unknown' : ''}) { if (typeof value !== 'string') throw new Error('Version constraint should be a string.') }`,
  ];
  const first = strategy.properties[0];
  const lineOf = (position: number) => sourceFile.getLineAndCharacterOfPosition(position).line;
  if (!first || lineOf(first.getStart(sourceFile)) === lineOf(strategy.getStart(sourceFile))) return ` ${entries.join(', ')},`;
  const lineStart = sourceFile.getPositionOfLineAndCharacter(lineOf(first.getStart(sourceFile)), 0);
  const indent = /^[ \t]*/.exec(sourceFile.text.slice(lineStart))![0];
  return entries.map((entry) => `\n${indent}${entry},`).join('');
}

/** `deriveVersion` → `deriveConstraint`, as a key, a method name or a shorthand (`{ deriveVersion }`). */
function renameKey(property: ts.ObjectLiteralElementLike, sourceFile: ts.SourceFile) {
  const name = property.name!;
  const text = ts.isShorthandPropertyAssignment(property) ? 'deriveConstraint: deriveVersion' : 'deriveConstraint';
  return { start: name.getStart(sourceFile), end: name.end, text };
}
