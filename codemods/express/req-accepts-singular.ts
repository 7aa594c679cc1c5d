/**
 * @module codemods/express/req-accepts-singular
 * Row 6: `req.acceptsCharset`, `req.acceptsEncoding` and `req.acceptsLanguage` were removed in Express 5; the plural
 * forms, which Express 4 already had (the singular ones were deprecated aliases of them), work on both.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';

const PLURAL: Record<string, string> = {
  acceptsCharset: 'acceptsCharsets',
  acceptsEncoding: 'acceptsEncodings',
  acceptsLanguage: 'acceptsLanguages',
};

export default createExpressRule({
  id: 'req-accepts-singular',
  meta: {
    description: 'Replace the removed singular `req.acceptsCharset/Encoding/Language()` with the plural forms',
    rows: [6],
    kind: 'both',
    prefilter: ['.acceptsCharset(', '.acceptsEncoding(', '.acceptsLanguage('],
    signatures: [/\.accepts(Charset|Encoding|Language) is not a function/],
    messages: {
      pluralize: '`{{receiver}}.{{method}}()` was removed in Express 5. Use `{{receiver}}.{{plural}}()` instead.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, ...Object.keys(PLURAL));
        if (!call) return;
        const req = facts.is(call.receiver, 'req');
        if (!req) return;
        const plural = PLURAL[call.name]!;
        context.report({
          node,
          messageId: 'pluralize',
          data: { receiver: call.receiver.getText(sourceFile), method: call.name, plural },
          confidence: req.confidence,
          fix: (fixer) => fixer.replaceText(call.nameNode, plural),
        });
      },
    };
  },
});
