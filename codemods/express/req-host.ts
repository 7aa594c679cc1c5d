/**
 * @module codemods/express/req-host
 * Row 41: Express 4's `req.host` was a deprecated alias of `req.hostname`; Express 5's keeps the port
 * (`example.com:8080`). Reads become `req.hostname`, which means the hostname on both majors.
 */
import ts from 'typescript';
import type { Edit, Fixer } from '../../src/authoring.ts';
import { createExpressRule } from './_rule.ts';
import { isWriteTarget } from './req-body-undefined.ts';

export default createExpressRule({
  id: 'req-host',
  meta: {
    description: 'Replace reads of `req.host` with `req.hostname`',
    rows: [41],
    kind: 'both',
    prefilter: ['host'],
    messages: {
      useHostname:
        '`{{receiver}}.host` is the hostname on Express 4 but includes the port on Express 5. Use `{{receiver}}.hostname` instead (or `{{receiver}}.get(\'host\')` for host and port).',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    /** Reports a read of `host` on `receiver`, if it is an Express request; `fix` renames the key. */
    const check = (node: ts.Node, receiver: ts.Expression, fix: (fixer: Fixer) => Edit) => {
      const req = facts.is(receiver, 'req');
      if (req) context.report({ node, messageId: 'useHostname', data: { receiver: receiver.getText(sourceFile) }, confidence: req.confidence, fix });
    };
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'host' || isWriteTarget(node)) return;
        check(node, node.expression, (fixer) => fixer.replaceText(node.name, 'hostname'));
      },
      // `const { host } = req` reads it too
      BindingElement(node: ts.BindingElement) {
        const declaration = node.parent.parent;
        if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || node.dotDotDotToken) return;
        const key = node.propertyName ?? node.name;
        if (!ts.isIdentifier(key) || key.text !== 'host') return;
        check(node, declaration.initializer, (fixer) => (node.propertyName ? fixer.replaceText(key, 'hostname') : fixer.insertBefore(key, 'hostname: ')));
      },
    };
  },
});
