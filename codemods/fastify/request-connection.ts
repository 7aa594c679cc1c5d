/**
 * @module codemods/fastify/request-connection
 * Row 5 (FSTDEP005): Fastify 5 dropped `request.connection` (undefined there: `request.connection.remoteAddress`
 * throws, a 500). On 4.x it was an alias of the raw request's socket, which `request.socket` gives on every 4.x and
 * 5.x. `request.raw.connection` is Node's own and is left alone.
 */
import ts from 'typescript';
import type { Edit, Fixer } from '../../src/authoring.ts';
import { createFastifyRule, isWriteTarget } from './_rule.ts';

export default createFastifyRule({
  id: 'request-connection',
  meta: {
    description: 'Replace reads of `request.connection` with `request.socket`',
    rows: [5],
    kind: 'both',
    prefilter: ['connection'],
    signatures: [/Cannot read propert(?:y|ies) of undefined \(reading '(?:remoteAddress|remotePort|encrypted|localAddress|localPort|remoteFamily)'\)/],
    messages: {
      useSocket: '`{{receiver}}.connection` is undefined on Fastify 5. Use `{{receiver}}.socket` instead, the same socket on Fastify 4 and 5.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const check = (node: ts.Node, receiver: ts.Expression, fix: (fixer: Fixer) => Edit) => {
      const request = facts.is(receiver, 'request');
      if (request) context.report({ node, messageId: 'useSocket', data: { receiver: receiver.getText(sourceFile) }, confidence: request.confidence, fix });
    };
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'connection' || isWriteTarget(node)) return;
        check(node, node.expression, (fixer) => fixer.replaceText(node.name, 'socket'));
      },
      // `const { connection } = request` reads it too
      BindingElement(node: ts.BindingElement) {
        const declaration = node.parent.parent;
        if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || node.dotDotDotToken || !ts.isObjectBindingPattern(node.parent)) return;
        const key = node.propertyName ?? node.name;
        if (!ts.isIdentifier(key) || key.text !== 'connection') return;
        check(node, declaration.initializer, (fixer) => (node.propertyName ? fixer.replaceText(key, 'socket') : fixer.insertBefore(key, 'socket: ')));
      },
    };
  },
});
