/**
 * @module codemods/express/redirect-url-undefined
 * Row 21: Express 5.2+ warns on `res.redirect()` without a url (`Provide a url argument`) and on a url that is not a
 * string (`Url must be a string`); the `Location` it sends then is `undefined`, `null` or a number. Nothing to
 * rewrite: the intended url is not in the code. Reported only.
 */
import ts from 'typescript';
import { isNonNumericLiteral, isNumeric } from './_facts.ts';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

/** A literal url argument that is empty or not a string (`undefined`, `null`, `''`, `301`, `{…}`, `true`). */
function badUrl(expression: ts.Expression): 'missingUrl' | 'nonStringUrl' | undefined {
  const node = unwrap(expression);
  if (ts.isStringLiteralLike(node)) return node.text ? undefined : 'missingUrl';
  if ((ts.isIdentifier(node) && node.text === 'undefined') || node.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(node)) return 'missingUrl';
  // strings were judged above, so any other non-numeric literal (or a number) is no url
  const literal = ts.isNumericLiteral(node) || (isNonNumericLiteral(node) && !ts.isTemplateExpression(node));
  return literal ? 'nonStringUrl' : undefined;
}

export default createExpressRule({
  id: 'redirect-url-undefined',
  meta: {
    description: 'Report `res.redirect()` calls without a url or with a url that is not a string',
    rows: [21],
    kind: 'report',
    prefilter: ['.redirect('],
    messages: {
      missingUrl: '`{{call}}` redirects without a url: Express 5 warns "Provide a url argument" and sends a meaningless Location. Pass the url to redirect to.',
      nonStringUrl: '`{{call}}` redirects to `{{url}}`, which is not a string: Express 5 warns "Url must be a string". Pass the url as a string.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'redirect');
        if (!call || call.args.length > 2) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        // with two arguments the url is the second only when the first is the status (the other order is another rule's)
        const url = call.args.length === 2 ? (isNumeric(facts, call.args[0]!) ? call.args[1] : undefined) : call.args[0];
        if (call.args.length === 2 && !url) return;
        const messageId = url ? badUrl(url) : 'missingUrl';
        if (!messageId) return;
        context.report({
          node,
          messageId,
          data: { call: node.getText(sourceFile), url: url?.getText(sourceFile) ?? '' },
          confidence: res.confidence,
        });
      },
    };
  },
});
