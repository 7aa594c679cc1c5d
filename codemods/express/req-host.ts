/**
 * @module codemods/express/req-host
 * Row 41: Express 4's `req.host` was a deprecated alias of `req.hostname`; Express 5's keeps the port
 * (`example.com:8080`). Reads become `req.hostname`, which means the hostname on both majors.
 */
import ts from 'typescript';
import { createExpressRule } from './_rule.ts';

/** A property read, not a write target (`req.host = …`, `req.host++`, `delete req.host`). */
function isRead(node: ts.PropertyAccessExpression): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.left === node) {
    const op = parent.operatorToken.kind;
    return !(op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment);
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return parent.operator !== ts.SyntaxKind.PlusPlusToken && parent.operator !== ts.SyntaxKind.MinusMinusToken;
  }
  return !ts.isDeleteExpression(parent);
}

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
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'host' || !isRead(node)) return;
        const req = facts.is(node.expression, 'req');
        if (!req) return;
        context.report({
          node,
          messageId: 'useHostname',
          data: { receiver: node.expression.getText(sourceFile) },
          confidence: req.confidence,
          fix: (fixer) => fixer.replaceText(node.name, 'hostname'),
        });
      },
      // `const { host } = req` reads it too
      BindingElement(node: ts.BindingElement) {
        const pattern = node.parent;
        const declaration = pattern.parent;
        if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || node.dotDotDotToken) return;
        const key = node.propertyName ?? node.name;
        if (!ts.isIdentifier(key) || key.text !== 'host') return;
        const req = facts.is(declaration.initializer, 'req');
        if (!req) return;
        context.report({
          node,
          messageId: 'useHostname',
          data: { receiver: declaration.initializer.getText(sourceFile) },
          confidence: req.confidence,
          fix: (fixer) => (node.propertyName ? fixer.replaceText(key, 'hostname') : fixer.insertBefore(key, 'hostname: ')),
        });
      },
    };
  },
});
