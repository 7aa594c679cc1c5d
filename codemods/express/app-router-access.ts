/**
 * @module codemods/express/app-router-access
 * Row 10: Express 5 has no `app._router`; its router is `app.router`, a getter that on Express 4 throws ("'app.router'
 * is deprecated!"). Route-listing and introspection code, libraries above all, reads `app._router.stack`. The dual
 * form reads `_router` where it exists (Express 4 apps, also before any route made one: `lazyrouter` marks them)
 * and `router` elsewhere, so the same line lists the routes on both majors and the layer fields both routers share
 * (`route.path`, `route.methods`, `route.stack`, `handle.stack`, `name`) keep working. Layer matching internals
 * (`regexp`, `keys`) differ and stay with app-router-internals.
 */
import ts from 'typescript';
import type { Confidence } from '../../src/authoring.ts';
import { DEFAULTING, type ExpressFacts } from './_facts.ts';
import { createExpressRule, isRepeatable } from './_rule.ts';
import { unwrap } from './_scope.ts';
import { isWriteTarget } from './req-body-undefined.ts';

export default createExpressRule({
  id: 'app-router-access',
  meta: {
    description: 'Read the app router on both majors where code reaches for `app._router`',
    rows: [10],
    kind: 'both',
    prefilter: ['_router'],
    signatures: [/Cannot read propert(y|ies) of undefined \(reading 'stack'\)/],
    messages: {
      dualRouter:
        '`{{text}}` is undefined on Express 5, whose router is `{{receiver}}.router` (a getter that throws on Express 4). `{{receiver}}._router || …router` reads the router on both majors.',
      finishDual: 'Only Express 5 is left: `{{receiver}}.router` is its router.',
      privateRouter:
        '`{{text}}` does not exist in Express 5, whose router is `app.router`. Read it with `app._router || app.router` guarded for Express 4, or `routeStack(app)` from straddle/express.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const typescript = /\.[cm]?tsx?$/.test(context.fileName);
    const finishing = context.options.target === 'new';
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== '_router') return;
        const dual = dualForm(node);
        if (dual) {
          // `finish`: the dual read becomes Express 5's own
          if (finishing) context.report({ node: dual, messageId: 'finishDual', data: { receiver: node.expression.getText(sourceFile) }, fix: (fixer) => fixer.replaceText(dual, `${node.expression.getText(sourceFile)}.router`) });
          return;
        }
        const confidence = routerConfidence(facts, node);
        if (!confidence) return;
        const receiver = node.expression.getText(sourceFile);
        const text = node.getText(sourceFile);
        // assigned, deleted or incremented: a write to Express 4's own field, not a read to make dual
        if (!isRepeatable(node.expression) || isWriteTarget(node)) {
          context.report({ node, messageId: 'privateRouter', data: { text }, confidence });
          return;
        }
        // in TypeScript the Express 4 types have no `lazyrouter` and the 5 ones no `_router`
        const r = typescript && !isAnyCast(node.expression) ? `(${receiver} as any)` : receiver;
        context.report({
          node,
          messageId: 'dualRouter',
          data: { text, receiver },
          confidence,
          fix: (fixer) => fixer.replaceText(node, finishing ? `${receiver}.router` : `(${r}._router || (typeof ${r}.lazyrouter === 'function' ? undefined : ${r}.router))`),
        });
      },
    };
  },
});

// --- internal ---

/**
 * `x._router` on an Express app. Elsewhere (Vue has `_router` too) only `x._router.stack`, or a receiver named like
 * an app (`app`, `expressApp`, a library's `app` parameter), looks like Express: low confidence.
 */
export function routerConfidence(facts: ExpressFacts, node: ts.PropertyAccessExpression): Confidence | undefined {
  const app = facts.is(node.expression, 'app');
  if (app) return app.confidence;
  if (ts.isPropertyAccessExpression(node.parent) && node.parent.name.text === 'stack') return 'low';
  const receiver = unwrap(node.expression);
  return ts.isIdentifier(receiver) && /app$/i.test(receiver.text) ? 'low' : undefined;
}

/** Our own `(x._router || (typeof x.lazyrouter …))` (`??` before) around `node`, parentheses included: already dual. */
function dualForm(node: ts.PropertyAccessExpression): ts.Expression | undefined {
  const parent = node.parent;
  const isDual = ts.isBinaryExpression(parent) && parent.left === node && DEFAULTING.has(parent.operatorToken.kind) && /\blazyrouter\b/.test(parent.right.getText());
  if (!isDual) return undefined;
  return ts.isParenthesizedExpression(parent.parent) ? parent.parent : parent;
}

function isAnyCast(expression: ts.Expression): boolean {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return ts.isAsExpression(node) && node.type.kind === ts.SyntaxKind.AnyKeyword;
}
