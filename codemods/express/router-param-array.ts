/**
 * @module codemods/express/router-param-array
 * Row 23: `router.param(['id', 'page'], fn)` throws at startup on Express 5 (router 2 wants one string). On an
 * Express 4 Router it registered the handler under the joined key "id,page", so it never ran either; one call per
 * name is what the author meant and works on both. `app.param([...])` splits the array itself on both: left alone.
 */
import ts from 'typescript';
import { createExpressRule, indentationOf, isRepeatable, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

export default createExpressRule({
  id: 'router-param-array',
  meta: {
    description: 'Split `router.param()` calls given an array of names into one call per name',
    rows: [23],
    kind: 'both',
    prefilter: ['.param(['],
    signatures: [/argument name must be a string/],
    messages: {
      splitNames:
        '`{{receiver}}.param([…], fn)` throws "argument name must be a string" on Express 5, and on an Express 4 Router the handler never ran (it was stored under the joined name). Call `{{receiver}}.param(name, fn)` once per name.',
    },
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'param');
        if (!call || call.args.length !== 2) return;
        const names = unwrap(call.args[0]!);
        if (!ts.isArrayLiteralExpression(names)) return;
        const router = context.facts.is(call.receiver, 'router');
        if (!router) return;
        const statement = node.parent;
        const fixable =
          ts.isExpressionStatement(statement) &&
          isRepeatable(call.receiver) &&
          names.elements.length > 0 &&
          names.elements.every((name) => !ts.isSpreadElement(name) && isRepeatable(name));
        context.report({
          node,
          messageId: 'splitNames',
          data: { receiver: call.receiver.getText(sourceFile) },
          confidence: router.confidence,
          fix: fixable
            ? (fixer) => fixer.replaceText(statement, splitStatement(statement as ts.ExpressionStatement, call.receiver, names, call.args[1]!, sourceFile))
            : null,
        });
      },
    };
  },
});

// --- internal ---

/** The replacement for `recv.param([a, b], fn);`: duplicated calls, or a loop that evaluates `fn` once. */
function splitStatement(
  statement: ts.ExpressionStatement,
  receiver: ts.Expression,
  names: ts.ArrayLiteralExpression,
  handler: ts.Expression,
  sourceFile: ts.SourceFile,
): string {
  const text = (node: ts.Node) => node.getText(sourceFile);
  const indent = indentationOf(statement, sourceFile);
  const semicolon = text(statement).endsWith(';') ? ';' : '';
  const register = (name: string, fn: string) => `${text(receiver)}.param(${name}, ${fn})${semicolon}`;
  const fn = unwrap(handler);
  if (isRepeatable(fn)) return names.elements.map((name) => register(text(name), text(fn))).join(`\n${indent}`);

  const loopVariable = freshName('paramName', text(statement));
  const loop = `for (const ${loopVariable} of ${text(names)}) `;
  // evaluating a function expression has no side effects, so it may stay inline
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return loop + register(loopVariable, text(handler));
  const handlerVariable = freshName('paramHandler', text(statement));
  return [
    '{',
    `${indent}  const ${handlerVariable} = ${text(handler)};`,
    `${indent}  ${loop}${text(receiver)}.param(${loopVariable}, ${handlerVariable});`,
    `${indent}}`,
  ].join('\n');
}

/** `base`, or `base2`, `base3`… when the code being moved already uses that word. */
function freshName(base: string, code: string): string {
  let name = base;
  for (let n = 2; new RegExp(`\\b${name}\\b`).test(code); n++) name = `${base}${n}`;
  return name;
}
