/**
 * @module codemods/fastify/has-route-url
 * Row 30: `hasRoute({ method, url })` looked the URL up like a request on Fastify 4 (from 4.6: `/u/5` finds the
 * route `/u/:id`), and compares route definitions on 5 (find-my-way 9: `/u/5` → false). `findRoute({ method, url })
 * !== null` still looks a URL up like a request, on 4.x from 4.26 and on 5.x, so a concrete URL is rewritten to it
 * where the project's fastify has it (./_version.ts). A definition (`/u/:id`, `/files/*`) answers the same on both
 * and is left alone, except with regex parameters, which 4.x cannot find by their definition and 5.x can: reported,
 * as is a URL the file does not show.
 */
import ts from 'typescript';
import { findProperty, objectLiteralOf, propertyValue } from './_options.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { describeProject, isAtLeast } from './_version.ts';

/** The first 4.x minor with `findRoute` (its source at tag v4.26.0 has it; checked on 4.29.1). */
export const FIND_ROUTE_FROM = '4.26.0';

export default createFastifyRule({
  id: 'has-route-url',
  meta: {
    description: 'Rewrite `app.hasRoute()` of a concrete URL to `app.findRoute() !== null`',
    rows: [30],
    kind: 'both',
    prefilter: ['hasRoute'],
    messages: {
      useFindRoute:
        '`{{call}}` asks for the concrete URL `{{url}}`: Fastify 4 looked it up like a request (a route such as `/u/:id` matched it), Fastify 5 compares it with route definitions (only a static route matches). Use `{{receiver}}.findRoute({{options}}) !== null` instead, which looks the URL up on Fastify 4.26+ and 5.',
      needsMinor:
        '`{{call}}` asks for the concrete URL `{{url}}`, which Fastify 5 no longer matches against parametric routes, and `findRoute`, which still does, exists on Fastify 4 only from 4.26, but {{why}}. Require fastify ^4.26.0 and run fix again, or pass the route\'s definition (`/u/:id`), which answers the same on 4 and 5.',
      regexDefinition:
        '`{{call}}` asks for a definition with regex parameters, which Fastify 4 cannot find (it answers false) and Fastify 5 can. Check which answer the code expects; no call answers alike on both.',
      unknownUrl:
        '`{{call}}` asks for a URL this file does not show: Fastify 4 looked it up like a request (`/u/5` found `/u/:id`), Fastify 5 compares definitions. For a concrete URL use `{{receiver}}.findRoute(…) !== null`; a definition without regex parameters answers the same on both.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'hasRoute');
        if (!call || call.args.length !== 1) return;
        const instance = facts.is(call.receiver, 'instance');
        if (!instance) return;
        const receiver = call.receiver.getText(sourceFile);
        const data = { call: node.getText(sourceFile), receiver, url: '', options: '', why: '' };
        const options = objectLiteralOf(facts, call.args[0]!);
        const urlProperty = options && findProperty(options, 'url');
        const urlValue = urlProperty && propertyValue(urlProperty);
        const url = stringValue(urlValue);
        if (url === undefined) {
          context.report({ node, messageId: 'unknownUrl', data, confidence: instance.confidence });
          return;
        }
        if (/[:*]/.test(url)) {
          if (url.includes('(')) context.report({ node, messageId: 'regexDefinition', data, confidence: instance.confidence });
          return;
        }
        const project = facts.projectFastify();
        if (!isAtLeast(project, FIND_ROUTE_FROM)) {
          context.report({ node, messageId: 'needsMinor', data: { ...data, url, why: describeProject(project) }, confidence: instance.confidence });
          return;
        }
        const argument = call.args[0]!.getText(sourceFile);
        const replacement = `${receiver}.findRoute(${argument}) !== null`;
        context.report({
          node,
          messageId: 'useFindRoute',
          data: { ...data, url, options: argument },
          confidence: instance.confidence,
          fix: (fixer) => fixer.replaceText(node, standsAlone(node) ? replacement : `(${replacement})`),
        });
      },
    };
  },
});

/** Where a comparison needs no parentheses: a whole statement, initializer, argument, condition or return value. */
function standsAlone(node: ts.Expression): boolean {
  const parent = node.parent;
  return (
    ts.isExpressionStatement(parent) || ts.isVariableDeclaration(parent) || ts.isReturnStatement(parent) || ts.isParenthesizedExpression(parent) ||
    ts.isPropertyAssignment(parent) || ts.isArrowFunction(parent) || ts.isIfStatement(parent) || ts.isWhileStatement(parent) ||
    (ts.isCallExpression(parent) && parent.expression !== node) || (ts.isConditionalExpression(parent) && parent.condition === node) ||
    (ts.isBinaryExpression(parent) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind))
  );
}
