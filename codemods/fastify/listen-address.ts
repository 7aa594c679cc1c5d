/**
 * @module codemods/fastify/listen-address
 * Row 29: on `0.0.0.0` (or a host the file does not show), the address `listen` resolves to changed: Fastify 4 gave
 * `http://0.0.0.0:PORT` and logged one line; Fastify 5 gives the first IPv4 interface's (`http://127.0.0.1:PORT`)
 * and logs a "Server listening at" line per interface. Code that parses the string (a port, a URL for tests or a
 * banner) reads other values, silently. `app.server.address()` is the socket's own answer on both: reported with it.
 */
import ts from 'typescript';
import { findProperty, objectLiteralOf, propertyValue } from './_options.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { referencesOf, unwrap } from '../../lib/ts-scope/scope.ts';
import type { FastifyFacts } from './_facts.ts';

/** Hosts whose resolved address and log lines are the same on both majors. */
const SAME_ON_BOTH = new Set(['localhost', '127.0.0.1', '::1']);

export default createFastifyRule({
  id: 'listen-address',
  meta: {
    description: 'Report code reading the address `listen` resolves to on 0.0.0.0, which changed in Fastify 5',
    rows: [29],
    kind: 'report',
    prefilter: ['.listen('],
    messages: {
      addressRead:
        '`{{name}}` is the address `listen` resolved to: on {{host}} Fastify 4 gave `http://0.0.0.0:PORT`, Fastify 5 the first IPv4 interface\'s (`http://127.0.0.1:PORT`) and one log line per interface. Read `{{receiver}}.server.address()` (its `port`, `address`) instead, which is the same on 4 and 5.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'listen');
        const instance = call && call.args.length ? facts.is(call.receiver, 'instance') : undefined;
        if (!call || !instance) return;
        const host = hostOf(facts, call.args[0]!);
        if (host === undefined) return;
        const report = (name: ts.Identifier) => {
          const declaration = name.parent;
          const used = ts.isVariableDeclaration(declaration) ? referencesOf(declaration, facts.scopes, sourceFile).length > 0 : parameterUsed(name);
          if (used) context.report({ node: name, messageId: 'addressRead', data: { name: name.text, host, receiver: call.receiver.getText(sourceFile) }, confidence: instance.confidence });
        };
        // `listen(options, (err, address) => …)`
        const callback = call.args[1] && unwrap(call.args[1]);
        if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
          const address = callback.parameters[1];
          if (address && ts.isIdentifier(address.name)) report(address.name);
          return;
        }
        // `const address = await app.listen(…)`, `app.listen(…).then((address) => …)`
        let outer: ts.Node = node;
        while (ts.isParenthesizedExpression(outer.parent) || ts.isAwaitExpression(outer.parent)) outer = outer.parent;
        if (ts.isVariableDeclaration(outer.parent) && ts.isIdentifier(outer.parent.name) && ts.isAwaitExpression(unwrap(outer.parent.initializer!))) return report(outer.parent.name);
        const then = ts.isPropertyAccessExpression(node.parent) && node.parent.name.text === 'then' && ts.isCallExpression(node.parent.parent) ? unwrap(node.parent.parent.arguments[0]!) : undefined;
        if (then && (ts.isArrowFunction(then) || ts.isFunctionExpression(then)) && then.parameters[0] && ts.isIdentifier(then.parameters[0].name)) report(then.parameters[0].name);
      },
    };
  },
});

/** The host as the message says it, when it may be `0.0.0.0`; undefined when it is one the majors resolve alike. */
function hostOf(facts: FastifyFacts, options: ts.Expression): string | undefined {
  const object = objectLiteralOf(facts, options);
  if (!object) return undefined;
  const property = findProperty(object, 'host');
  const value = property && propertyValue(property);
  if (!value) return undefined;
  const literal = stringValue(value);
  if (literal !== undefined) return literal === '0.0.0.0' || literal === '::' ? `\`${literal}\`` : undefined;
  return ts.isBinaryExpression(unwrap(value)) && SAME_ON_BOTH.has(stringValue((unwrap(value) as ts.BinaryExpression).right) ?? '') ? undefined : `a host such as \`0.0.0.0\` (\`${value.getText()}\`)`;
}

/** Whether a callback's parameter is read in its body. */
function parameterUsed(name: ts.Identifier): boolean {
  const fn = name.parent.parent;
  if (!ts.isFunctionLike(fn) || !('body' in fn) || !fn.body) return false;
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) used = true;
    else ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return used;
}
