/**
 * @module codemods/fastify/reply-redirect-code
 * Row 21 (FSTDEP021): `reply.redirect(code, url)` was removed in Fastify 5, whose `redirect(url, code)` then sets
 * `Location` to the code and fails the status (a 500). `reply.code(code).redirect(url)` answers the same on every
 * 4.x and 5.x: `redirect(url)` keeps a status set before it. Not `redirect(url, code)`: 4.0 to 4.27 answer 302 to it.
 */
import ts from 'typescript';
import { isNumeric } from './_facts.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';

export default createFastifyRule({
  id: 'reply-redirect-code',
  meta: {
    description: 'Rewrite `reply.redirect(code, url)` to `reply.code(code).redirect(url)`',
    rows: [21],
    kind: 'both',
    prefilter: ['.redirect('],
    // the code landed where the URL goes, and the URL where the code goes
    signatures: [/Called reply with an invalid status code: [^\d\s]/],
    messages: {
      codeFirst:
        '`{{call}}` passes the status code first, which Fastify 5 no longer accepts (it answers 500). Use `{{receiver}}.code({{code}}).redirect({{url}})` instead, which works on Fastify 4 and 5.',
      unknownOrder:
        '`{{call}}` passes two arguments, but whether the first is the status code is not known here. If it is, write `{{receiver}}.code(code).redirect(url)`.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'redirect');
        if (!call || call.args.length !== 2) return;
        const reply = facts.is(call.receiver, 'reply');
        if (!reply) return;
        const [first, url] = call.args as [ts.Expression, ts.Expression];
        const data = { call: node.getText(sourceFile), receiver: call.receiver.getText(sourceFile) };
        // url first (the 5.x order, taken from 4.28): nothing to do here
        if (isUrlLike(first)) return;
        if (!isNumeric(facts, first)) {
          context.report({ node, messageId: 'unknownOrder', data, confidence: reply.confidence });
          return;
        }
        const code = first.getText(sourceFile);
        context.report({
          node,
          messageId: 'codeFirst',
          data: { ...data, code, url: url.getText(sourceFile) },
          confidence: reply.confidence,
          // `reply.redirect(301, url)` → `reply.code(301).redirect(url)`: the method name, and the code with what
          // separates it from the URL; the receiver, the URL, the layout around them stay byte for byte
          fix: (fixer) => [fixer.replaceText(call.nameNode, `code(${code}).redirect`), fixer.replaceRange(first.getStart(sourceFile), url.getStart(sourceFile), '')],
        });
      },
    };
  },
});

/** A string, a template or a string concatenation: the URL, so the call is already in the 5.x order. */
function isUrlLike(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (stringValue(node) !== undefined || ts.isTemplateExpression(node)) return true;
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isUrlLike(node.left) || isUrlLike(node.right));
}
