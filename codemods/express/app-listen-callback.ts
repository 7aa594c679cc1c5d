/**
 * @module codemods/express/app-listen-callback
 * Row 24: Express 5 passes listen errors (EADDRINUSE…) to the `app.listen` callback; Express 4 never called it on
 * failure and the unhandled 'error' event crashed the process. A callback that ignores its argument now logs
 * "listening" on a port it does not hold. Taking `err` and rethrowing keeps 4's crash on 5; on 4 `err` is undefined.
 */
import ts from 'typescript';
import type { Fixer } from '../../src/authoring.ts';
import type { ExpressFacts } from './_facts.ts';
import { createExpressRule, insertBeforeInLayout, methodCall, stringValue } from './_rule.ts';
import { unwrap } from './_scope.ts';

const ERROR_NAMES = ['err', 'error', 'listenError'];

export default createExpressRule({
  id: 'app-listen-callback',
  meta: {
    description: 'Make `app.listen()` callbacks rethrow the listen error Express 5 passes them',
    rows: [24],
    kind: 'both',
    prefilter: ['.listen('],
    messages: {
      handleError:
        'Express 5 calls this `{{receiver}}.listen()` callback with the listen error (such as EADDRINUSE), so it would report success on a port it does not hold. Take the error first: `({{name}}) => { if ({{name}}) {{guard}}; … }`.',
    },
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'listen');
        if (!call || !call.args.length) return;
        const app = context.facts.is(call.receiver, 'app');
        if (!app) return;
        const callback = unwrap(call.args[call.args.length - 1]!);
        if (!(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || callback.parameters.length) return;
        const taken = identifiersIn(callback.body);
        const name = ERROR_NAMES.find((candidate) => !taken.has(candidate));
        // with an 'error' listener Express 4 never called back and did not crash: leaving early mirrors that
        const guard = hasErrorListener(context.facts, node) ? 'return' : `throw ${name ?? 'err'}`;
        context.report({
          node: callback,
          messageId: 'handleError',
          data: { receiver: call.receiver.getText(sourceFile), name: name ?? 'err', guard },
          confidence: app.confidence,
          fix: name
            ? (fixer) => [
                fixer.replaceRange(callback.parameters.pos, callback.parameters.end, name),
                insertGuard(fixer, callback.body, `if (${name}) ${guard};`, sourceFile),
              ]
            : null,
        });
      },
    };
  },
});

// --- internal ---

/** `app.listen(…).on('error', h)`, or `const server = app.listen(…)` with `server.on('error', h)` in the file. */
function hasErrorListener(facts: ExpressFacts, listen: ts.CallExpression): boolean {
  const isErrorListener = (call: ts.CallExpression) => !!methodCall(call, 'on', 'once', 'addListener') && stringValue(call.arguments[0]) === 'error';
  const chained = listen.parent;
  if (ts.isPropertyAccessExpression(chained) && ts.isCallExpression(chained.parent) && isErrorListener(chained.parent)) return true;
  const variable = listen.parent;
  if (!ts.isVariableDeclaration(variable) || !ts.isIdentifier(variable.name)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && isErrorListener(node)) {
      const receiver = unwrap((node.expression as ts.PropertyAccessExpression).expression);
      found = ts.isIdentifier(receiver) && facts.scopes.resolve(receiver) === variable;
    }
    ts.forEachChild(node, visit);
  };
  visit(listen.getSourceFile());
  return found;
}

/** Names the body refers to (property names after a dot are not references). */
function identifiersIn(body: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(body);
  return names;
}

/** `guard` as the body's first statement, in the body's own layout. */
function insertGuard(fixer: Fixer, body: ts.ConciseBody, guard: string, sourceFile: ts.SourceFile) {
  if (!ts.isBlock(body)) return fixer.replaceText(body, `{ ${guard} ${body.getText(sourceFile)}; }`);
  const first = body.statements[0];
  const open = body.getStart(sourceFile) + 1;
  if (!first) return fixer.replaceRange(open, body.end - 1, ` ${guard} `);
  return insertBeforeInLayout(fixer, first, guard, sourceFile);
}
