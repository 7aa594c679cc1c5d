/**
 * @module codemods/fastify/on-route-version
 * Row 32: an `onRoute` hook that set `routeOptions.version` versioned the route on Fastify 4 (the option was mapped
 * to a constraint after the hooks ran); Fastify 5 ignores it, so the route answers every request, versioned or not.
 * Setting the constraint itself, `opts.constraints = { ...opts.constraints, version }`, versions it on every 4.x and
 * 5.x (row 8's form, from a hook).
 */
import ts from 'typescript';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { FastifyFacts } from './_facts.ts';

export default createFastifyRule({
  id: 'on-route-version',
  meta: {
    description: 'Rewrite `routeOptions.version = v` in `onRoute` hooks to a `version` constraint',
    rows: [32],
    kind: 'both',
    prefilter: ['onRoute'],
    messages: {
      useConstraint:
        '`{{text}}` versioned the route on Fastify 4; Fastify 5 ignores `version`, so the route answers every request. Use `{{options}}.constraints = { ...{{options}}.constraints, version: {{value}} }` instead, which versions it on 4 and 5.',
      versionByHand:
        '`{{text}}` sets the route\'s `version` in an `onRoute` hook, which Fastify 5 ignores (the route answers every request). Set `constraints: { version }` on the route options instead.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'addHook');
        if (!call || call.args.length !== 2 || stringValue(call.args[0]) !== 'onRoute' || !facts.is(call.receiver, 'instance')) return;
        const confidence = facts.is(call.receiver, 'instance')!.confidence;
        const hook = hookFunction(facts, call.args[1]!);
        const parameter = hook?.parameters[0];
        if (!hook?.body || !parameter || !ts.isIdentifier(parameter.name)) return;
        const options = parameter.name.text;
        for (const write of versionWrites(hook.body, options)) {
          const text = write.getText(sourceFile);
          const statement = ts.isExpressionStatement(write.parent) && write.operatorToken.kind === ts.SyntaxKind.EqualsToken;
          if (!statement) {
            context.report({ node: write, messageId: 'versionByHand', data: { text }, confidence });
            continue;
          }
          const value = write.right.getText(sourceFile);
          context.report({
            node: write,
            messageId: 'useConstraint',
            data: { text, options, value },
            confidence,
            fix: (fixer) => fixer.replaceText(write, `${options}.constraints = { ...${options}.constraints, version: ${value} }`),
          });
        }
      },
    };
  },
});

type HookFunction = ts.FunctionExpression | ts.ArrowFunction | ts.FunctionDeclaration;

function hookFunction(facts: FastifyFacts, expression: ts.Expression): HookFunction | undefined {
  const node = unwrap(expression);
  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return node;
  const declaration = ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
  if (declaration && ts.isFunctionDeclaration(declaration)) return declaration;
  const value = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
  return value && (ts.isFunctionExpression(value) || ts.isArrowFunction(value)) ? value : undefined;
}

/** Assignments to `<options>.version` in the hook's body (not in functions nested in it). */
function versionWrites(body: ts.Node, options: string): ts.BinaryExpression[] {
  const found: ts.BinaryExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = unwrap(node.left);
      if (ts.isPropertyAccessExpression(target) && target.name.text === 'version' && ts.isIdentifier(unwrap(target.expression)) && (unwrap(target.expression) as ts.Identifier).text === options) found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
