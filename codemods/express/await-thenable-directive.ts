/**
 * @module codemods/express/await-thenable-directive
 * Row 57: `@types/express@5` types a handler as returning `void | Promise<void>`, `@types/express@4` as `void`. Code
 * that awaits a middleware call (tests driving it with mocks) silences typescript-eslint's `await-thenable` for
 * the 4 types; with the 5 types the call is thenable, so the directive goes unused and `no-unused-disable` (xo,
 * eslint-comments, `--report-unused-disable-directives`) fails the lint on Express 5 only. Awaiting
 * `Promise.resolve(call)` means the same at run time and is thenable under both typings: no directive needed.
 */
import ts from 'typescript';
import { createExpressRule } from './_rule.ts';

/** `// eslint-disable-next-line @typescript-eslint/await-thenable` alone on its line, with an optional reason. */
const DIRECTIVE = /^[ \t]*\/\/[ \t]*eslint-disable-next-line[ \t]+@typescript-eslint\/await-thenable(?:[ \t]+--[^\n]*)?[ \t]*\r?\n/;

export default createExpressRule({
  id: 'await-thenable-directive',
  meta: {
    description: 'Await a handler call through `Promise.resolve()` instead of silencing `await-thenable` for the Express 4 types',
    rows: [57],
    kind: 'both',
    prefilter: ['await-thenable'],
    signatures: [/await-thenable rule is disabled but never reported|Unused eslint-disable directive \(no problems were reported from '@typescript-eslint\/await-thenable'\)/],
    messages: {
      wrapAwait:
        "`{{call}}` returns `void` under @types/express@4 and `void | Promise<void>` under @types/express@5, so this `await-thenable` directive goes unused with the 5 types and fails the lint. Await `Promise.resolve({{call}})` instead, which needs no directive under either.",
    },
  },
  create(context) {
    const { sourceFile } = context;
    const text = sourceFile.text;
    return {
      AwaitExpression(node: ts.AwaitExpression) {
        const call = node.expression;
        // a middleware or handler driven by hand: (req, res, next) or (err, req, res, next)
        if (!ts.isCallExpression(call) || call.arguments.length < 3) return;
        const lineStart = text.lastIndexOf('\n', node.getStart(sourceFile) - 1) + 1;
        const previous = text.lastIndexOf('\n', lineStart - 2) + 1;
        const directive = DIRECTIVE.exec(text.slice(previous, lineStart));
        if (!directive || previous === lineStart) return;
        const code = call.getText(sourceFile);
        context.report({
          node,
          messageId: 'wrapAwait',
          data: { call: code.length > 60 ? `${code.slice(0, 57)}…` : code },
          confidence: context.facts.importsExpress ? 'high' : 'low',
          fix: (fixer) => [fixer.replaceRange(previous, lineStart, ''), fixer.replaceText(call, `Promise.resolve(${code})`)],
        });
      },
    };
  },
});
