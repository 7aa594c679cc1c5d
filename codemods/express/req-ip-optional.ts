/**
 * @module codemods/express/req-ip-optional
 * Row 57: the types of Express 5 (and of Express 4 since `@types/express-serve-static-core` 4.17.39) say `req.ip` is
 * `string | undefined`; older 4 types said `string`. Both majors compute it alike and give `undefined` once the
 * socket is gone: only the types changed. TypeScript locked to the old types that hands `req.ip` to something needing
 * a string stops compiling against Express 5's. `req.ip ?? ''` compiles against all of them.
 * Only the types can tell where a string is needed, so every site is low confidence: rewritten where a type error
 * on Express 5 proves it (the upgrade loop), or with --assume-handlers.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { isWriteTarget } from './req-body-undefined.ts';

/** Calls that take anything: `undefined` type-checks there and prints as it always did. */
const ACCEPTS_ANY = new Set(['String', 'log', 'info', 'warn', 'error', 'debug', 'trace', 'stringify']);

/** Whether `node` stands where TypeScript checks it against a declared type: an argument, a return, a property. */
function needsDeclaredType(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    if (!parent.arguments?.includes(node)) return false;
    const callee = ts.isCallExpression(parent) ? (methodCall(parent)?.name ?? (ts.isIdentifier(parent.expression) ? parent.expression.text : '')) : '';
    return !ACCEPTS_ANY.has(callee);
  }
  if (ts.isArrowFunction(parent)) return parent.body === node;
  if (ts.isReturnStatement(parent) || ts.isPropertyAssignment(parent)) return true;
  if (ts.isVariableDeclaration(parent)) return parent.initializer === node && !!parent.type;
  return false;
}

/** The file's own quote: the first string literal's. */
function quoteOf(sourceFile: ts.SourceFile): string {
  let quote: string | undefined;
  const visit = (node: ts.Node): void => {
    if (quote) return;
    if (ts.isStringLiteral(node)) quote = node.getText(sourceFile)[0];
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return quote === '"' ? '"' : "'";
}

export default createExpressRule({
  id: 'req-ip-optional',
  meta: {
    description: "Give `req.ip` a fallback where a string is required, as Express 5's types say `string | undefined`",
    rows: [57],
    kind: 'both',
    prefilter: ['.ip'],
    languages: ['typescript'],
    signatures: [/TS2(?:322|345): .*'string \| undefined'/],
    messages: {
      mayBeUndefined:
        "`{{code}}` is `string | undefined` in Express 5's types (both majors give `undefined` once the socket is gone), so handing it to something that needs a string fails type checks against them. Use `{{fixed}}`, or handle the missing address.",
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'ip' || isWriteTarget(node) || !needsDeclaredType(node)) return;
        if (!facts.is(node.expression, 'req')) return;
        const code = node.getText(sourceFile);
        const fallback = ` ?? ${quoteOf(sourceFile).repeat(2)}`;
        context.report({ node, messageId: 'mayBeUndefined', data: { code, fixed: code + fallback }, confidence: 'low', fix: (fixer) => fixer.insertAfter(node, fallback) });
      },
    };
  },
});
