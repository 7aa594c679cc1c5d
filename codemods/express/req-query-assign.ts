/**
 * @module codemods/express/req-query-assign
 * Row 37: `req.query` is a getter in Express 5, re-parsed from the URL on every read. Assigning it throws in strict
 * code (and is ignored in sloppy code); changes to its properties are lost at the next read. Sanitizers and
 * validators that write back need the shim feature `req-query-assign` or another place to keep their result.
 */
import ts from 'typescript';
import type { ExpressFacts, RoleInfo } from './_facts.ts';
import { createExpressRule } from './_rule.ts';
import { unwrap } from './_scope.ts';

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

export default createExpressRule({
  id: 'req-query-assign',
  meta: {
    description: 'Report writes to `req.query`, a read-only getter in Express 5',
    rows: [37],
    kind: 'shim',
    prefilter: ['.query'],
    signatures: [/Cannot set property query of .* which has only a getter/],
    messages: {
      replaceQuery:
        "`req.query` is a getter in Express 5: assigning it throws in strict code and is ignored otherwise. Keep the new value elsewhere (e.g. `res.locals.query`), or enable the shim feature 'req-query-assign' (`straddle(app)` from straddle/express) to keep the assignment working on both majors.",
      mutateQuery:
        "Express 5 parses `req.query` again on every read, so this change to it is lost. Keep the changed values elsewhere (e.g. `res.locals.query`), or enable the shim feature 'req-query-assign' (`straddle(app)` from straddle/express) to keep the change on both majors.",
    },
  },
  create(context) {
    /** `intoObject`: the write goes into the object `target` evaluates to (`Object.assign(req.query, …)`). */
    const report = (node: ts.Node, target: ts.Expression, intoObject = false) => {
      const write = queryWrite(context.facts, target);
      if (write) context.report({ node, messageId: write.whole && !intoObject ? 'replaceQuery' : 'mutateQuery', confidence: write.req.confidence });
    };
    return {
      BinaryExpression(node: ts.BinaryExpression) {
        if (ASSIGNMENTS.has(node.operatorToken.kind)) report(node, node.left);
      },
      PrefixUnaryExpression(node: ts.PrefixUnaryExpression) {
        if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) report(node, node.operand);
      },
      PostfixUnaryExpression(node: ts.PostfixUnaryExpression) {
        report(node, node.operand);
      },
      DeleteExpression(node: ts.DeleteExpression) {
        report(node, node.expression);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = unwrap(node.expression);
        const isAssign = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' && callee.name.text === 'assign';
        if (isAssign && node.arguments[0]) report(node, node.arguments[0], true);
      },
    };
  },
});

// --- internal ---

/** `req.query` itself (whole) or a member at any depth below it (`req.query.page`, `req.query['a'].b`). */
function queryWrite(facts: ExpressFacts, target: ts.Expression): { whole: boolean; req: RoleInfo } | undefined {
  let node = unwrap(target);
  let whole = true;
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'query') {
      const req = facts.is(node.expression, 'req');
      if (req) return { whole, req };
    }
    whole = false;
    node = unwrap(node.expression);
  }
  return undefined;
}

