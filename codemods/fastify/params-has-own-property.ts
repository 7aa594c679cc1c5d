/**
 * @module codemods/fastify/params-has-own-property
 * Row 34: Fastify 5's `request.params` (find-my-way 9) has no prototype. Its own `.hasOwnProperty(k)` is undefined,
 * so the call throws (a 500), and `params instanceof Object` turns false. Calling the method through
 * `Object.prototype` gives 4.x's answer on every 4.x and 5.x (`Object.hasOwn` with `--target 5`; Fastify 4 still runs
 * on Node versions without it). `request.query` had no prototype on 4.x already and is left alone.
 */
import ts from 'typescript';
import type { FastifyFacts, RoleInfo } from './_facts.ts';
import { createFastifyRule, methodCall } from './_rule.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';

/** Methods of `Object.prototype` whose call through the prototype answers as the plain object's own did. */
const THROUGH_PROTOTYPE: Readonly<Record<string, string>> = {
  hasOwnProperty: 'hasOwnProperty',
  propertyIsEnumerable: 'propertyIsEnumerable',
  toString: 'toString',
};
/** Reads of `Object.prototype` members with no same-answer rewrite: what the code means by them decides. */
const BY_HAND = new Set(['constructor', 'valueOf', 'toLocaleString', 'isPrototypeOf', '__proto__']);

export default createFastifyRule({
  id: 'params-has-own-property',
  meta: {
    description: 'Call `Object.prototype` methods on `request.params` through `Object.prototype`, which it lacks in Fastify 5',
    rows: [34],
    kind: 'both',
    prefilter: ['params'],
    signatures: [/\.(?:hasOwnProperty|propertyIsEnumerable) is not a function/],
    messages: {
      throughPrototype:
        '`{{params}}` has no prototype in Fastify 5, so `{{params}}.{{method}}(…)` throws there. Use `{{replacement}}({{params}}{{rest}})` instead, which works on Fastify 4 and 5.',
      prototypeMember:
        '`{{params}}.{{member}}` reads `Object.prototype`, which `{{params}}` lacks in Fastify 5 (it is undefined there). Check what the code needs it for and read it from `Object.prototype` or drop it.',
      instanceOfObject:
        '`{{text}}` is true on Fastify 4 and false on Fastify 5, where `{{params}}` has no prototype. Test `typeof {{params}} === \'object\'` instead if an object is what is meant.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const hasOwn = context.options.target === 'new';
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, ...Object.keys(THROUGH_PROTOTYPE));
        if (!call) return;
        const owner = paramsOf(facts, call.receiver);
        if (!owner) return;
        const params = call.receiver.getText(sourceFile);
        const args = call.args.map((a) => a.getText(sourceFile));
        const replacement = hasOwn && call.name === 'hasOwnProperty' ? 'Object.hasOwn' : `Object.prototype.${THROUGH_PROTOTYPE[call.name]}.call`;
        const rest = args.length ? `, ${args.join(', ')}` : '';
        context.report({
          node,
          messageId: 'throughPrototype',
          data: { params, method: call.name, replacement, rest: args.length ? ', …' : '' },
          confidence: owner.confidence,
          fix: (fixer) => fixer.replaceText(node, `${replacement}(${params}${rest})`),
        });
      },
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (!BY_HAND.has(node.name.text)) return;
        const owner = paramsOf(facts, node.expression);
        if (owner) context.report({ node, messageId: 'prototypeMember', data: { params: node.expression.getText(sourceFile), member: node.name.text }, confidence: owner.confidence });
      },
      BinaryExpression(node: ts.BinaryExpression) {
        if (node.operatorToken.kind !== ts.SyntaxKind.InstanceOfKeyword) return;
        const right = unwrap(node.right);
        if (!ts.isIdentifier(right) || right.text !== 'Object' || facts.scopes.resolve(right)) return;
        const owner = paramsOf(facts, node.left);
        if (owner) context.report({ node, messageId: 'instanceOfObject', data: { text: node.getText(sourceFile), params: node.left.getText(sourceFile) }, confidence: owner.confidence });
      },
    };
  },
});

// --- internal ---

/**
 * The request whose params `expression` is: `request.params`, `request.params` held in a `const`, or `params`
 * destructured from a request (`const { params } = request`, `({ params }, reply) => …` is not: no request role).
 */
function paramsOf(facts: FastifyFacts, expression: ts.Expression): RoleInfo | undefined {
  const node = unwrap(expression);
  if (ts.isPropertyAccessExpression(node)) return node.name.text === 'params' ? facts.is(node.expression, 'request') : undefined;
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = facts.scopes.resolve(node);
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0) {
    const value = unwrap(declaration.initializer);
    return ts.isPropertyAccessExpression(value) && value.name.text === 'params' ? facts.is(value.expression, 'request') : undefined;
  }
  if (ts.isBindingElement(declaration) && !declaration.dotDotDotToken && ts.isObjectBindingPattern(declaration.parent)) {
    const key = declaration.propertyName ?? declaration.name;
    const holder = declaration.parent.parent;
    if (!ts.isIdentifier(key) || key.text !== 'params' || !ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    return facts.is(holder.initializer, 'request');
  }
  return undefined;
}
