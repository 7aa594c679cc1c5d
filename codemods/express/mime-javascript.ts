/**
 * @module codemods/express/mime-javascript
 * Row 51: Express 5's mime database (mime-types 3) types `.js`/`.mjs` as `text/javascript; charset=utf-8` where
 * Express 4 (mime 1) said `application/javascript; charset=UTF-8`, and writes every added charset in lower case.
 * Browsers do not care; code and tests that compare the header text do.
 */
import ts from 'typescript';
import { createExpressRule, methodCall, stringValue } from './_rule.ts';

const JS_EXTENSIONS = new Set(['js', '.js', 'mjs', '.mjs']);
/** Calls whose string arguments are compared, not set: assertions of test frameworks and supertest. */
const ASSERTIONS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toMatch', 'equal', 'strictEqual', 'deepEqual', 'eql', 'include', 'includes', 'match', 'expect', 'startsWith']);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

export default createExpressRule({
  id: 'mime-javascript',
  meta: {
    description: 'Report code and tests that expect Express 4 content types for JavaScript or an upper-case charset',
    rows: [51],
    kind: 'report',
    prefilter: ['application/javascript', 'application\\/javascript', 'charset=UTF-8', '.type('],
    messages: {
      typeJs:
        "`{{call}}` sets `application/javascript; charset=utf-8` on Express 4 and `text/javascript; charset=utf-8` on Express 5. Pass the type itself, `res.type('text/javascript')`, to get the same header on both.",
      comparedJavascript:
        'Express 5 serves JavaScript as `text/javascript` (Express 4: `application/javascript`), so this comparison fails there. Accept both, e.g. `/^(text|application)\\/javascript/`, or force the type with `res.type(\'text/javascript\')` / `setHeaders` in `express.static`.',
      comparedCharset:
        'Express 5 writes the charset it adds in lower case (`charset=utf-8`; Express 4: `charset=UTF-8`), so this comparison fails there. Compare case-insensitively or expect `charset=utf-8`.',
    },
  },
  create(context) {
    const check = (node: ts.StringLiteralLike | ts.RegularExpressionLiteral) => {
      const text = ts.isRegularExpressionLiteral(node) ? node.text.replace(/\\\//g, '/') : node.text;
      const messageId = /application\/javascript/i.test(text) ? 'comparedJavascript' : text.includes('charset=UTF-8') ? 'comparedCharset' : undefined;
      if (messageId && isCompared(node)) context.report({ node, messageId, confidence: context.facts.importsExpress || importsSupertest(context.sourceFile) ? 'high' : 'low' });
    };
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'type', 'contentType');
        const extension = call && stringValue(call.args[0]);
        if (!call || !extension || !JS_EXTENSIONS.has(extension)) return;
        const res = context.facts.is(call.receiver, 'res');
        if (res) context.report({ node, messageId: 'typeJs', data: { call: node.getText(context.sourceFile) }, confidence: res.confidence });
      },
      StringLiteral: check,
      NoSubstitutionTemplateLiteral: check,
      RegularExpressionLiteral: check,
    };
  },
});

// --- internal ---

/** An operand of `===`/`!==`, or an argument of an assertion (`expect(x).toBe('…')`, `.expect('Content-Type', …)`). */
function isCompared(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return EQUALITY.has(parent.operatorToken.kind);
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    return !!name && ASSERTIONS.has(name);
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    // `/application\/javascript/.test(type)`
    return ts.isCallExpression(parent.parent) && parent.name.text === 'test';
  }
  return false;
}

function importsSupertest(sourceFile: ts.SourceFile): boolean {
  return sourceFile.text.includes('supertest');
}
