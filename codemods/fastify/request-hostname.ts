/**
 * @module codemods/fastify/request-hostname
 * Row 35: `request.hostname` kept the port on Fastify 4 (`ex.com:8080`) and drops it on 5 (`ex.com`), where
 * `request.host` has host and port and `request.port` the port. Whether the code wants the port is not in the code,
 * so each read is reported with the spelling for either intent; nothing is rewritten. The default `req` log
 * serializer's key changed from `hostname` to `host` as well, which log queries may rely on.
 */
import ts from 'typescript';
import { createFastifyRule, isWriteTarget } from './_rule.ts';

export default createFastifyRule({
  id: 'request-hostname',
  meta: {
    description: 'Report reads of `request.hostname`, which drops the port in Fastify 5',
    rows: [35],
    kind: 'report',
    prefilter: ['hostname'],
    messages: {
      hostnameRead:
        "`{{receiver}}.hostname` is `ex.com:8080` on Fastify 4 and `ex.com` on Fastify 5 when the Host header has a port. If the port is wanted, read `{{receiver}}.host ?? {{receiver}}.hostname`; if not, `new URL('http://' + ({{receiver}}.host ?? {{receiver}}.hostname)).hostname` (both work on 4 and 5; in TypeScript 4.x's types lack `host`).",
      hostnameDestructured:
        "`hostname` read from `{{receiver}}` is `ex.com:8080` on Fastify 4 and `ex.com` on Fastify 5 when the Host header has a port. Read `host ?? hostname` where the port is wanted; check which one the code needs.",
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'hostname' || isWriteTarget(node)) return;
        const request = facts.is(node.expression, 'request');
        if (request) context.report({ node, messageId: 'hostnameRead', data: { receiver: node.expression.getText(sourceFile) }, confidence: request.confidence });
      },
      BindingElement(node: ts.BindingElement) {
        const declaration = node.parent.parent;
        if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || node.dotDotDotToken || !ts.isObjectBindingPattern(node.parent)) return;
        const key = node.propertyName ?? node.name;
        if (!ts.isIdentifier(key) || key.text !== 'hostname') return;
        const request = facts.is(declaration.initializer, 'request');
        if (request) context.report({ node, messageId: 'hostnameDestructured', data: { receiver: declaration.initializer.getText(sourceFile) }, confidence: request.confidence });
      },
    };
  },
});
