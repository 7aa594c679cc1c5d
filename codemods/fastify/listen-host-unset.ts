/**
 * @module codemods/fastify/listen-host-unset
 * Row 28 (not in the migration guide): `listen({ host })` with a host that is `undefined` or `null` (an unset
 * `process.env.HOST`) bound Node's default, every interface (`::`), on Fastify 4.0 to 4.28; 4.29 and 5 bind
 * `localhost`, which a container's port mapping cannot reach. Which interface the app means is not in the code, so a
 * host that may be unset is reported with the spelling that says it. A project already on 4.29 or later sees no
 * change at the upgrade and is left alone (./_version.ts).
 */
import ts from 'typescript';
import { findProperty, objectLiteralOf, propertyValue } from './_options.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { isAtLeast } from './_version.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { FastifyFacts } from './_facts.ts';

/** The first 4.x minor that binds `localhost` for a nullish host, as 5 does (checked on 4.28.1 and 4.29.1). */
export const LOCALHOST_FROM = '4.29.0';

export default createFastifyRule({
  id: 'listen-host-unset',
  meta: {
    description: 'Report `listen({ host })` with a host that may be unset, which Fastify 5 binds to localhost',
    rows: [28],
    kind: 'report',
    prefilter: ['.listen('],
    messages: {
      hostMayBeUnset:
        '`host: {{host}}` may be unset; then Fastify 4.0–4.28 listened on every interface and Fastify 5 (and 4.29) listens on localhost only, out of reach of a container\'s port mapping. Say which: `host: {{host}} ?? \'0.0.0.0\'` (every IPv4 interface) or `?? \'localhost\'`, which work the same on 4 and 5.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    if (isAtLeast(facts.projectFastify(), LOCALHOST_FROM)) return {};
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'listen');
        if (!call || !call.args.length || !facts.is(call.receiver, 'instance')) return;
        const options = objectLiteralOf(facts, call.args[0]!);
        const property = options && findProperty(options, 'host');
        const host = property && propertyValue(property);
        if (!property || !host || !mayBeUnset(facts, host)) return;
        context.report({ node: property, messageId: 'hostMayBeUnset', data: { host: host.getText(sourceFile) }, confidence: facts.is(call.receiver, 'instance')!.confidence });
      },
    };
  },
});

/** A host that may be `undefined` or `null`: an env read, a property, a name the file does not pin to a string. */
function mayBeUnset(facts: FastifyFacts, expression: ts.Expression, depth = 0): boolean {
  const node = unwrap(expression);
  if (stringValue(node) !== undefined || ts.isTemplateExpression(node) || depth > 3) return false;
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return mayBeUnset(facts, node.right, depth + 1);
    return op !== ts.SyntaxKind.PlusToken;
  }
  if (ts.isConditionalExpression(node)) return mayBeUnset(facts, node.whenTrue, depth + 1) || mayBeUnset(facts, node.whenFalse, depth + 1);
  if (ts.isIdentifier(node)) {
    const declaration = facts.scopes.resolve(node);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && (declaration.parent.flags & ts.NodeFlags.Const) !== 0) return mayBeUnset(facts, declaration.initializer, depth + 1);
    // a parameter typed `string` is set (it may still be empty, which 4.x and 5.x read alike as localhost)
    if (declaration && ts.isParameter(declaration) && declaration.type?.kind === ts.SyntaxKind.StringKeyword && !declaration.questionToken && !declaration.initializer) return false;
    return true;
  }
  return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node) || node.kind === ts.SyntaxKind.NullKeyword;
}
