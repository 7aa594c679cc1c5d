/**
 * @module codemods/express/header-format
 * Row 53: Express 5.3 formats some output differently: `Content-Disposition` leaves token file names unquoted
 * (`attachment; filename=user.html`, Express 4: `filename="user.html"`), and redirect HTML bodies gain a doctype
 * and title. Only tests that pin Express 4's exact bytes notice; this rule finds those literals in test files.
 */
import ts from 'typescript';
import { createExpressRule } from './_rule.ts';

const TEST_FILE = /(^|[\\/])(__tests__|tests?|spec)[\\/]|\.(test|spec)\./;
/** A quoted file name made only of token characters: the case content-disposition 2 writes without quotes. */
const QUOTED_TOKEN_FILENAME = /^(attachment|inline);\s*filename="([!#$%&'*+.^_`|~0-9A-Za-z-]+)"/;
/** Express 4's whole HTML redirect body; Express 5's still contains it, so only exact comparisons fail. */
const REDIRECT_BODY = /^<p>[A-Z][\w ]*\. Redirecting to .*<\/p>$/;
const EXACT_ASSERTIONS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'equal', 'strictEqual', 'deepEqual', 'eql', 'expect']);

export default createExpressRule({
  id: 'header-format',
  meta: {
    description: "Report test expectations that pin Express 4's exact header or redirect-body bytes",
    rows: [53],
    kind: 'report',
    prefilter: ['filename="', 'Redirecting to'],
    messages: {
      quotedFilename:
        "Express 5 writes this header as `{{disposition}}; filename={{filename}}` (no quotes around a plain file name), so this expectation fails there. Accept both, e.g. `/^{{disposition}}; filename=\"?{{filename}}\"?$/`.",
      redirectBody:
        'Express 5 wraps the redirect HTML body in a full document (`<!DOCTYPE html>`, `<title>`), so this exact body fails there. Assert the status and `Location` header instead, or match the `<p>…</p>` part only.',
    },
  },
  create(context) {
    if (!TEST_FILE.test(context.fileName)) return {};
    const check = (node: ts.StringLiteralLike) => {
      const disposition = QUOTED_TOKEN_FILENAME.exec(node.text);
      if (disposition) {
        context.report({ node, messageId: 'quotedFilename', data: { disposition: disposition[1]!, filename: disposition[2]! } });
      } else if (REDIRECT_BODY.test(node.text) && isExactExpectation(node)) {
        context.report({ node, messageId: 'redirectBody' });
      }
    };
    return { StringLiteral: check, NoSubstitutionTemplateLiteral: check };
  },
});

// --- internal ---

/** An argument of an exact assertion (`.toBe(…)`, supertest's `.expect(…)`) or an operand of `===`. */
function isExactExpectation(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return parent.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || parent.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
  if (!ts.isCallExpression(parent)) return false;
  const callee = parent.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  return !!name && EXACT_ASSERTIONS.has(name);
}
