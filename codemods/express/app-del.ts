/**
 * @module codemods/express/app-del
 * Row 3: `app.del()` was removed in Express 5; `app.delete()` exists on both majors.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';

export default createExpressRule({
  id: 'app-del',
  meta: {
    description: 'Replace the removed `app.del()` with `app.delete()`',
    rows: [3],
    kind: 'both',
    prefilter: ['.del('],
    // route-path reads `app.del(path)` as it reads `app.delete(path)`, in the same pass
    writesNothingFor: ['route-path'],
    signatures: [/\bapp\.del is not a function/, /\.del is not a function/],
    messages: {
      replaceDel: '`{{receiver}}.del()` was removed in Express 5. Use `{{receiver}}.delete()` instead.',
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'del');
        if (!call) return;
        // only an app: `router.del` never existed in Express 4, and `client.del(key)` is somebody else's API
        const app = context.facts.is(call.receiver, 'app');
        if (!app) return;
        context.report({
          node: call.nameNode,
          messageId: 'replaceDel',
          data: { receiver: call.receiver.getText(context.sourceFile) },
          confidence: app.confidence,
          fix: (fixer) => fixer.replaceText(call.nameNode, 'delete'),
        });
      },
    };
  },
});
