/**
 * @module codemods/fastify/reply-trailer-value
 * Row 13 (FSTDEP013): `reply.trailer(name, fn)` with a plain function that returns the value (`() => hash`) gave the
 * trailer that value on Fastify 4. Fastify 5 waits for a promise or for `done(err, value)`: the body goes out and the
 * response never ends. The same function made `async` returns the same value as a promise, which 4.x awaited from
 * 4.10 (lib/reply.js `sendTrailer`: a returned thenable is awaited) and 5.x awaits; 4.0–4.9 would send the promise
 * itself. So the rewrite waits for the project's fastify to be 4.10 or later (./_version.ts).
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import { describeProject, isAtLeast } from './_version.ts';
import { createFastifyRule, methodCall } from './_rule.ts';

/** The first 4.x minor that awaits a promise returned by a trailer function. */
export const ASYNC_TRAILER_FROM = '4.10.0';

type TrailerFunction = ts.ArrowFunction | ts.FunctionExpression;

export default createFastifyRule({
  id: 'reply-trailer-value',
  meta: {
    description: 'Make trailer functions that return their value `async`',
    rows: [13],
    kind: 'both',
    prefilter: ['.trailer('],
    messages: {
      makeAsync:
        'The trailer function for `{{name}}` returns its value, which Fastify 5 never takes: the response never ends. Make it `async` instead, which Fastify 4 awaits from 4.10, and 5 too.',
      needsMinor:
        'The trailer function for `{{name}}` returns its value, which Fastify 5 never takes (the response never ends), and an `async` one works only from Fastify 4.10, but {{why}}. Require fastify ^4.10.0 and run fix again, or call `done(null, value)` (its third parameter) on every path, which works on both.',
      byName:
        'The trailer function for `{{name}}` is `{{fn}}`, which Fastify 5 calls with `(reply, payload, done)` and then waits for a promise or `done(null, value)`; a plain returned value leaves the response open. Make the function `async`, or call `done`, where it is declared.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'trailer');
        if (!call || call.args.length !== 2) return;
        const reply = facts.is(call.receiver, 'reply');
        if (!reply) return;
        const name = call.args[0]!.getText(sourceFile);
        const value = unwrap(call.args[1]!);
        if (ts.isIdentifier(value)) {
          context.report({ node, messageId: 'byName', data: { name, fn: value.text }, confidence: reply.confidence });
          return;
        }
        if (!(ts.isArrowFunction(value) || ts.isFunctionExpression(value)) || !returnsPlainValue(value)) return;
        const project = facts.projectFastify();
        if (!isAtLeast(project, ASYNC_TRAILER_FROM)) {
          context.report({ node: value, messageId: 'needsMinor', data: { name, why: describeProject(project) }, confidence: reply.confidence });
          return;
        }
        context.report({ node: value, messageId: 'makeAsync', data: { name }, confidence: reply.confidence, fix: (fixer) => fixer.insertBefore(value, 'async ') });
      },
    };
  },
});

// --- internal ---

/** A function Fastify 5 never settles: not async, not a generator, no `done` (fewer than 3 parameters), and it returns a value. */
function returnsPlainValue(fn: TrailerFunction): boolean {
  if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) || (ts.isFunctionExpression(fn) && fn.asteriskToken)) return false;
  if (fn.parameters.length >= 3 || fn.parameters.some((p) => p.dotDotDotToken)) return false;
  if (!ts.isBlock(fn.body)) return true;
  let returns = false;
  const visit = (node: ts.Node): void => {
    if (returns || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) returns = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return returns;
}
