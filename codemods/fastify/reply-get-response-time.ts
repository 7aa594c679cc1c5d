/**
 * @module codemods/fastify/reply-get-response-time
 * Row 20 (FSTDEP020): `reply.getResponseTime()` was removed in Fastify 5 (a TypeError where it is called).
 * `reply.elapsedTime` gives the same milliseconds on 5.x and on 4.x from 4.26, so the rewrite waits for the
 * project's fastify to be 4.26 or later (installed, or the floor of its declared range: ./_version.ts); below that,
 * or where it cannot be read, the site is reported with the form that works on every 4.x.
 */
import ts from 'typescript';
import { describeProject, isAtLeast } from './_version.ts';
import { createFastifyRule } from './_rule.ts';

/** The first 4.x minor with `reply.elapsedTime` (checked on 4.25.2: absent, 4.26.0: present). */
export const ELAPSED_TIME_FROM = '4.26.0';

export default createFastifyRule({
  id: 'reply-get-response-time',
  meta: {
    description: 'Replace `reply.getResponseTime()` with `reply.elapsedTime`',
    rows: [20],
    kind: 'both',
    prefilter: ['getResponseTime'],
    signatures: [/\.getResponseTime is not a function/],
    messages: {
      useElapsedTime: '`{{receiver}}.getResponseTime()` was removed in Fastify 5. Use `{{receiver}}.elapsedTime` instead, which Fastify 4 has from 4.26.',
      needsMinor:
        '`{{receiver}}.getResponseTime()` was removed in Fastify 5, and `{{receiver}}.elapsedTime` replaces it only from Fastify 4.26, but {{why}}. Require fastify ^4.26.0 and run fix again, or write `{{receiver}}.elapsedTime ?? {{receiver}}.getResponseTime()`, which works on every 4.x.',
      renameByHand:
        '`{{receiver}}.getResponseTime` is taken as a value here, and is undefined on Fastify 5. Read `{{receiver}}.elapsedTime` (a number, not a function) where it is called instead.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'getResponseTime') return;
        const reply = facts.is(node.expression, 'reply');
        if (!reply) return;
        const receiver = node.expression.getText(sourceFile);
        const call = ts.isCallExpression(node.parent) && node.parent.expression === node && node.parent.arguments.length === 0 ? node.parent : undefined;
        if (!call) {
          context.report({ node, messageId: 'renameByHand', data: { receiver }, confidence: reply.confidence });
          return;
        }
        const project = facts.projectFastify();
        if (!isAtLeast(project, ELAPSED_TIME_FROM)) {
          context.report({ node: call, messageId: 'needsMinor', data: { receiver, why: describeProject(project) }, confidence: reply.confidence });
          return;
        }
        context.report({
          node: call,
          messageId: 'useElapsedTime',
          data: { receiver },
          confidence: reply.confidence,
          // `getResponseTime()` (or `getResponseTime?.()`) → `elapsedTime`: the receiver stays as it was
          fix: (fixer) => fixer.replaceRange(node.name.getStart(sourceFile), call.end, 'elapsedTime'),
        });
      },
    };
  },
});
