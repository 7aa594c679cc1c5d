/**
 * @module codemods/express/render-callback-sync
 * Row 25: Express 5 always calls the `res.render` / `app.render` callback asynchronously. With a synchronous view
 * engine Express 4 called it before `render()` returned, so code after the call could rely on its result.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

export default createExpressRule({
  id: 'render-callback-sync',
  meta: {
    description: 'Report code that runs after a render callback and may rely on it having run',
    rows: [25],
    kind: 'report',
    prefilter: ['.render('],
    messages: {
      callbackIsAsync:
        'Express 5 calls this render callback only after `{{call}}()` has returned, so the statements after it now run first (with a synchronous engine, Express 4 ran the callback before them). Move the code that needs the rendered HTML into the callback.',
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'render');
        if (!call || call.args.length < 2) return;
        const callback = unwrap(call.args[call.args.length - 1]!);
        if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return;
        const owner = context.facts.is(call.receiver, 'res', 'app');
        if (!owner || !hasFollowingStatements(node)) return;
        context.report({ node, messageId: 'callbackIsAsync', data: { call: call.call.expression.getText(context.sourceFile) }, confidence: owner.confidence });
      },
    };
  },
});

// --- internal ---

/** The call is a statement followed by others in its block (a trailing `return` with no value does not count). */
function hasFollowingStatements(call: ts.CallExpression): boolean {
  const statement = call.parent;
  if (!ts.isExpressionStatement(statement) || !(ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent))) return false;
  const statements = statement.parent.statements;
  const after = statements.slice(statements.indexOf(statement) + 1);
  return after.some((s) => !(ts.isReturnStatement(s) && !s.expression));
}
