/**
 * @module codemods/express/res-redirect-status
 * Row 16: `res.redirect(url, status)` was removed in Express 5, which then throws `Invalid status code` (a 500).
 * Express 4 took `(url, status)` whenever the first argument was not a number.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { statusAndBody } from './res-send-status.ts';

export default createExpressRule({
  id: 'res-redirect-status',
  meta: {
    description: 'Swap `res.redirect(url, status)` to `res.redirect(status, url)`',
    rows: [16],
    kind: 'both',
    prefilter: ['.redirect('],
    // the URL landed where the status goes: the "status" Express 5 refuses is a path or an address
    signatures: [/Invalid status code: "(?:\/|\.|https?:)/],
    messages: {
      swapArguments: '`{{call}}` passes the status last, which Express 5 no longer accepts (it answers 500). Use `{{receiver}}.redirect({{status}}, {{url}})` instead.',
      unknownStatus:
        '`{{call}}` passes two arguments, but which one is the status is not known here. Write `{{receiver}}.redirect(status, url)` with a number first.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'redirect');
        if (!call || call.args.length !== 2) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        const data = { receiver: call.receiver.getText(sourceFile), call: node.getText(sourceFile) };
        // Express 4 `res.redirect`: `(status, url)` when the first argument is a number, `(url, status)` otherwise
        const order = statusAndBody(facts, call.args, (first) => (first === undefined ? undefined : !first));
        if (!order) {
          context.report({ node, messageId: 'unknownStatus', data, confidence: res.confidence });
          return;
        }
        if (order.status === call.args[0]) return; // already `(status, url)`
        const [url, status] = call.args as [ts.Expression, ts.Expression];
        const swapped = { status: status.getText(sourceFile), url: url.getText(sourceFile) };
        context.report({
          node,
          messageId: 'swapArguments',
          data: { ...data, ...swapped },
          confidence: res.confidence,
          fix: (fixer) => fixer.replaceRange(url.getStart(sourceFile), status.end, `${swapped.status}, ${swapped.url}`),
        });
      },
    };
  },
});
