/**
 * @module codemods/fastify/reply-sent-assign
 * Row 10 (FSTDEP010): `reply.sent = true` told Fastify 4 that the handler answers through `reply.raw` itself. In
 * Fastify 5 `sent` is a getter only: strict code (ESM, 'use strict', classes) throws "Cannot set property sent",
 * a 500; sloppy code drops the assignment, so Fastify answers a second time. `reply.hijack()` does what the setter did
 * on every 4.x and 5.x.
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import { createFastifyRule } from './_rule.ts';

export default createFastifyRule({
  id: 'reply-sent-assign',
  meta: {
    description: 'Replace `reply.sent = true` with `reply.hijack()`',
    rows: [10],
    kind: 'both',
    prefilter: ['.sent'],
    signatures: [/Cannot set property sent of .*which has only a getter/],
    messages: {
      useHijack: '`{{receiver}}.sent = true` cannot be assigned on Fastify 5 (`sent` is a getter only). Use `{{receiver}}.hijack()` instead, which works on Fastify 4 and 5.',
      assignByHand:
        '`{{text}}` assigns `sent`, which Fastify 5 no longer allows. Call `{{receiver}}.hijack()` as a statement of its own where the handler takes over the response, and read `{{receiver}}.sent` only.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      BinaryExpression(node: ts.BinaryExpression) {
        if (node.operatorToken.kind < ts.SyntaxKind.FirstAssignment || node.operatorToken.kind > ts.SyntaxKind.LastAssignment) return;
        const target = unwrap(node.left);
        if (!ts.isPropertyAccessExpression(target) || target.name.text !== 'sent') return;
        const reply = facts.is(target.expression, 'reply');
        if (!reply) return;
        const receiver = target.expression.getText(sourceFile);
        // only `reply.sent = true;` as a statement: its value unused, the one thing 4.x's setter accepted
        const statement = ts.isExpressionStatement(node.parent) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && unwrap(node.right).kind === ts.SyntaxKind.TrueKeyword;
        if (!statement) {
          context.report({ node, messageId: 'assignByHand', data: { receiver, text: node.getText(sourceFile) }, confidence: reply.confidence });
          return;
        }
        context.report({ node, messageId: 'useHijack', data: { receiver }, confidence: reply.confidence, fix: (fixer) => fixer.replaceText(node, `${receiver}.hijack()`) });
      },
    };
  },
});
