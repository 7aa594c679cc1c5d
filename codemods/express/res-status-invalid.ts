/**
 * @module codemods/express/res-status-invalid
 * Row 18: Express 5 validates `res.status()` (and so `res.sendStatus()`): a string or non-integer throws `TypeError`,
 * a code outside 100–999 throws `RangeError`. Express 4 accepted `'201'` with a deprecation. Integer strings become
 * numbers; other literals that cannot be a status are reported.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';
import { isInvalidStatusLiteral } from './res-send-status.ts';

const INTEGER = /^[1-9]\d{2}$/;

export default createExpressRule({
  id: 'res-status-invalid',
  meta: {
    description: 'Turn string status codes into numbers and report status literals Express 5 rejects',
    rows: [18],
    kind: 'both',
    prefilter: ['.status(', '.sendStatus('],
    signatures: [/Invalid status code: /, /must be an integer/],
    messages: {
      stringStatus: '`{{call}}` passes the status as a string, which Express 5 rejects with a TypeError. Use the number `{{status}}` instead.',
      invalidStatus:
        '`{{call}}` passes `{{status}}`, which is not an integer HTTP status from 100 to 999: Express 5 throws on it and Express 4 failed later. Pass a valid integer status.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'status', 'sendStatus');
        if (!call || call.args.length !== 1) return;
        const argument = unwrap(call.args[0]!);
        if (!ts.isStringLiteralLike(argument) && !ts.isNumericLiteral(argument)) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        const data = { call: node.getText(sourceFile), status: argument.getText(sourceFile) };
        if (ts.isNumericLiteral(argument)) {
          if (isInvalidStatusLiteral(argument)) context.report({ node, messageId: 'invalidStatus', data, confidence: res.confidence });
          return;
        }
        if (!INTEGER.test(argument.text)) {
          context.report({ node, messageId: 'invalidStatus', data, confidence: res.confidence });
          return;
        }
        context.report({
          node,
          messageId: 'stringStatus',
          data: { ...data, status: argument.text },
          confidence: res.confidence,
          fix: (fixer) => fixer.replaceText(argument, argument.text),
        });
      },
    };
  },
});
