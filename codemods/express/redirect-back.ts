/**
 * @module codemods/express/redirect-back
 * Row 17: the `'back'` magic url of `res.redirect` / `res.location` was removed in Express 5, which then redirects to
 * a relative `back`. The replacement reads the Referrer from the handler's real `req` parameter (by role, so an error
 * handler's `err` is never used), or from `res.req`, which both majors set, when no `req` is in scope.
 */
import ts from 'typescript';
import type { ExpressFacts } from './_facts.ts';
import { createExpressRule, isRepeatable, methodCall, quoteLike, stringValue } from './_rule.ts';

/**
 * The request of the handler around `site`, as code: its `req` parameter when that name still means it at `site`,
 * otherwise `<res>.req` when `res` is cheap to repeat.
 */
function requestExpression(facts: ExpressFacts, site: ts.Node, res: ts.Expression, sourceFile: ts.SourceFile): string | undefined {
  const parameter = facts.enclosingHandler(site)?.params.req;
  if (parameter && ts.isIdentifier(parameter.name) && resolvesTo(facts, parameter.name.text, site, parameter)) return parameter.name.text;
  return isRepeatable(res) ? `${res.getText(sourceFile)}.req` : undefined;
}

/** Whether `name`, written at `site`, would refer to `declaration` (no shadowing binding in between). */
function resolvesTo(facts: ExpressFacts, name: string, site: ts.Node, declaration: ts.Node): boolean {
  // the resolver reads only the name and the parent chain of the identifier it is given
  const probe = { text: name, parent: site } as unknown as ts.Identifier;
  return facts.scopes.resolve(probe) === declaration;
}

export default createExpressRule({
  id: 'redirect-back',
  meta: {
    description: "Replace the removed `'back'` url of `res.redirect()` and `res.location()` with the Referrer header",
    rows: [17],
    kind: 'both',
    prefilter: ["'back'", '"back"', '`back`'],
    // `req.get('Referrer')` is the request's header, never a route
    writesNothingFor: ['route-path'],
    messages: {
      replaceBack:
        "`{{call}}` uses the `'back'` shortcut, which Express 5 removed (it redirects to a page named back). Use `{{replacement}}` instead.",
      noRequest:
        "`{{call}}` uses the `'back'` shortcut, which Express 5 removed. Pass the request's Referrer instead: `req.get('Referrer') || '/'`.",
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'redirect', 'location');
        if (!call || call.args.length > (call.name === 'redirect' ? 2 : 1)) return;
        const back = call.args.find((argument) => stringValue(argument) === 'back');
        if (!back) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        const data = { call: node.getText(sourceFile) };
        const req = requestExpression(facts, node, call.receiver, sourceFile);
        if (!req) {
          context.report({ node, messageId: 'noRequest', data, confidence: res.confidence });
          return;
        }
        const replacement = `${req}.get(${quoteLike(back, 'Referrer', sourceFile)}) || ${quoteLike(back, '/', sourceFile)}`;
        context.report({
          node,
          messageId: 'replaceBack',
          data: { ...data, replacement },
          confidence: res.confidence,
          fix: (fixer) => fixer.replaceText(back, replacement),
        });
      },
    };
  },
});
