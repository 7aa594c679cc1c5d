/**
 * @module codemods/express/app-param-colon
 * Row 22: Express 4 stripped a leading `:` from `app.param(':id', fn)`; Express 5 registers the name as written,
 * so the handler is silently never called. `app.param('id', fn)` works on both majors.
 */
import ts from 'typescript';
import { createExpressRule, methodCall, quoteLike } from './_rule.ts';
import { unwrap } from './_scope.ts';

export default createExpressRule({
  id: 'app-param-colon',
  meta: {
    description: 'Drop the leading colon from parameter names given to `app.param()` and `router.param()`',
    rows: [22],
    kind: 'both',
    prefilter: ['.param('],
    messages: {
      dropColon:
        "`{{receiver}}.param('{{name}}', …)` registers a parameter literally named '{{name}}' in Express 5, so its handler is never called. Use `{{receiver}}.param('{{bare}}', …)` instead.",
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'param');
        if (!call || call.args.length < 2) return;
        const owner = context.facts.is(call.receiver, 'app', 'router');
        if (!owner) return;
        const first = unwrap(call.args[0]!);
        // `app.param([':id', ':page'], fn)` strips each name on 4 too
        const names = ts.isArrayLiteralExpression(first) ? first.elements.map(unwrap) : [first];
        for (const name of names) {
          if (!ts.isStringLiteral(name) || !name.text.startsWith(':')) continue;
          const bare = name.text.slice(1);
          context.report({
            node: name,
            messageId: 'dropColon',
            data: { receiver: call.receiver.getText(context.sourceFile), name: name.text, bare },
            confidence: owner.confidence,
            fix: (fixer) => fixer.replaceText(name, quoteLike(name, bare, context.sourceFile)),
          });
        }
      },
    };
  },
});
