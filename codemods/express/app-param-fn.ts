/**
 * @module codemods/express/app-param-fn
 * Row 9: `app.param(fn)` / `router.param(fn)` (a function that customises how later `param()` calls behave) was
 * deprecated in Express 4 and throws at startup in Express 5. There is no equivalent: the calls it adapted must be
 * written out, or the routes given RegExp paths.
 */
import ts from 'typescript';
import { createExpressRule, methodCall, stringValue } from './_rule.ts';

export default createExpressRule({
  id: 'app-param-fn',
  meta: {
    description: 'Report `app.param(fn)` and `router.param(fn)`, removed in Express 5',
    rows: [9],
    kind: 'report',
    prefilter: ['.param('],
    signatures: [/argument name must be a string/],
    messages: {
      removeParamFn:
        '`{{receiver}}.param(fn)` throws "argument name must be a string" in Express 5: the form that customises later `param()` calls is gone. Apply what `fn` did in each `{{receiver}}.param(name, handler)` call (for example validate the value inside the handler), or use RegExp route paths.',
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'param');
        if (!call || call.args.length !== 1 || stringValue(call.args[0]) !== undefined || ts.isArrayLiteralExpression(call.args[0]!)) return;
        const owner = context.facts.is(call.receiver, 'app', 'router');
        if (!owner) return;
        context.report({ node, messageId: 'removeParamFn', data: { receiver: call.receiver.getText(context.sourceFile) }, confidence: owner.confidence });
      },
    };
  },
});
