/**
 * @module codemods/express/res-vary-empty
 * Row 19: `res.vary()` without a field was a no-op on Express 4 (with a deprecation) and throws
 * `TypeError: field argument is required` on Express 5. The call is removed, or replaced by its receiver where its
 * value (the response) is used.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

/** `res.vary()`, `res.vary('')`, `res.vary(null)`, `res.vary(undefined)`: no field at all. */
function hasNoField(args: readonly ts.Expression[]): boolean {
  if (args.length === 0) return true;
  if (args.length !== 1) return false;
  const node = unwrap(args[0]!);
  return (
    (ts.isStringLiteralLike(node) && node.text === '') ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(node) && node.text === 'undefined')
  );
}

const inStatementList = (statement: ts.Statement) =>
  ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent) || ts.isCaseClause(statement.parent) || ts.isDefaultClause(statement.parent) || ts.isModuleBlock(statement.parent);

export default createExpressRule({
  id: 'res-vary-empty',
  meta: {
    description: 'Remove `res.vary()` calls without a field, a no-op on Express 4 that throws on Express 5',
    rows: [19],
    kind: 'both',
    prefilter: ['.vary('],
    signatures: [/field argument is required/],
    messages: {
      removeVary:
        '`{{call}}` has no field: it did nothing on Express 4 and throws on Express 5. Remove it, or pass the header field the response varies on.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'vary');
        if (!call || !hasNoField(call.args)) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        const statement = node.parent;
        context.report({
          node,
          messageId: 'removeVary',
          data: { call: node.getText(sourceFile) },
          confidence: res.confidence,
          fix: (fixer) => {
            if (!ts.isExpressionStatement(statement)) return fixer.replaceText(node, call.receiver.getText(sourceFile));
            if (!inStatementList(statement)) return fixer.replaceText(statement, ';');
            return fixer.replaceRange(...wholeLines(statement), '');
          },
        });
      },
    };

    /** The statement's range, widened to its whole line(s) when nothing else is on them. */
    function wholeLines(statement: ts.Statement): [number, number] {
      const text = sourceFile.text;
      const start = statement.getStart(sourceFile);
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const newline = text.indexOf('\n', statement.end);
      const lineEnd = newline === -1 ? text.length : newline + 1;
      const alone = !text.slice(lineStart, start).trim() && !text.slice(statement.end, lineEnd).trim();
      return alone ? [lineStart, lineEnd] : [start, statement.end];
    }
  },
});
