/**
 * @module codemods/express/sendfile-etag
 * Row 50: since Express 5.1 the app's `etag` setting overrides the `etag` option of `res.sendFile` (express PR
 * #6073; still so in 5.3.0), so `{ etag: false }` sends an ETag again. Passing the option and setting the app
 * keeps it off on both majors. `res.sendfile()` too: res-sendfile turns it into `sendFile()`.
 */
import ts from 'typescript';
import { createExpressRule, methodCall, propertyName } from './_rule.ts';
import { unwrap } from './_scope.ts';

export default createExpressRule({
  id: 'sendfile-etag',
  meta: {
    description: 'Report the `etag` option of `res.sendFile()`, which the app setting overrides in Express 5',
    rows: [50],
    kind: 'report',
    prefilter: ['etag'],
    messages: {
      setAppEtag:
        "Express 5 ignores `etag: {{value}}` here: `res.sendFile` takes the app's `etag` setting instead, so an ETag is still sent. Keep the option and also set it on the app (`app.set('etag', {{value}})`; it then applies to every response of that app, or mount these routes on a sub-app of their own) so both majors answer the same.",
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'sendFile', 'sendfile', 'download');
        if (!call) return;
        const res = context.facts.is(call.receiver, 'res');
        if (!res) return;
        for (const argument of call.args.slice(1)) {
          const options = unwrap(argument);
          if (!ts.isObjectLiteralExpression(options)) continue;
          const etag = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyName(p) === 'etag');
          // `etag: true` matches the app default on both majors
          if (!etag || etag.initializer.kind === ts.SyntaxKind.TrueKeyword) continue;
          context.report({ node: etag, messageId: 'setAppEtag', data: { value: etag.initializer.getText(context.sourceFile) }, confidence: res.confidence });
        }
      },
    };
  },
});
