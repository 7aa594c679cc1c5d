/**
 * @module codemods/fastify/default-route
 * Row 14 (FSTDEP014): Fastify 5 removed `setDefaultRoute(fn)` and `getDefaultRoute()` (a TypeError at start). The
 * replacement both majors have, `setNotFoundHandler((request, reply) => …)`, is not the same thing: its handler gets
 * Fastify's request and reply instead of Node's `req` and `res`, and the instance's hooks (authentication among them)
 * now run for unmatched requests. A person rewrites the handler's body, so the rule only reports.
 */
import ts from 'typescript';
import { createFastifyRule, methodCall } from './_rule.ts';

export default createFastifyRule({
  id: 'default-route',
  meta: {
    description: 'Report `setDefaultRoute()` and `getDefaultRoute()`, removed in Fastify 5',
    rows: [14],
    kind: 'report',
    prefilter: ['DefaultRoute'],
    signatures: [/\.setDefaultRoute is not a function/, /\.getDefaultRoute is not a function/],
    messages: {
      setDefaultRoute:
        '`{{receiver}}.setDefaultRoute()` was removed in Fastify 5 (a TypeError at start). Use `{{receiver}}.setNotFoundHandler((request, reply) => …)` instead, which Fastify 4 and 5 have: rewrite the handler for Fastify\'s request and reply (Node\'s are `request.raw` and `reply.raw`), and mind that the instance\'s hooks now run for unmatched requests.',
      getDefaultRoute:
        '`{{receiver}}.getDefaultRoute()` was removed in Fastify 5 (a TypeError where it is called). Keep a reference to the function given to `setNotFoundHandler` instead, which Fastify 4 and 5 have.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'setDefaultRoute', 'getDefaultRoute');
        const instance = call && facts.is(call.receiver, 'instance');
        if (!call || !instance) return;
        const messageId = call.name === 'setDefaultRoute' ? 'setDefaultRoute' : 'getDefaultRoute';
        context.report({ node, messageId, data: { receiver: call.receiver.getText(sourceFile) }, confidence: instance.confidence });
      },
    };
  },
});
