/**
 * @module codemods/fastify/request-route-props
 * Rows 15–18 (FSTDEP015–018): Fastify 5 dropped `request.routerPath`, `request.routerMethod`, `request.routeConfig`
 * and `request.routeSchema` (undefined there: labels turn into `undefined`, dereferences throw). `request.routeOptions`
 * has each on 5.x and on 4.x, from a minor of its own (checked on 4.9/4.10 and 4.22/4.23): `url` and `method` from
 * 4.10, `config` and `schema` from 4.23, with the same values (in a not-found handler too). So a read is rewritten
 * where the project's fastify is that minor or later (./_version.ts), and reported otherwise.
 */
import ts from 'typescript';
import { describeProject, isAtLeast } from './_version.ts';
import { createFastifyRule, isWriteTarget } from './_rule.ts';

/** Each removed property: what replaces it under `routeOptions`, and the first 4.x minor that has that. */
export const ROUTE_PROPS: Readonly<Record<string, { replacement: string; from: string }>> = {
  routerPath: { replacement: 'url', from: '4.10.0' },
  routerMethod: { replacement: 'method', from: '4.10.0' },
  routeConfig: { replacement: 'config', from: '4.23.0' },
  routeSchema: { replacement: 'schema', from: '4.23.0' },
};

export default createFastifyRule({
  id: 'request-route-props',
  meta: {
    description: 'Replace `request.routerPath`, `routerMethod`, `routeConfig` and `routeSchema` with `request.routeOptions`',
    rows: [15, 16, 17, 18],
    kind: 'both',
    prefilter: ['routerPath', 'routerMethod', 'routeConfig', 'routeSchema'],
    messages: {
      useRouteOptions: '`{{receiver}}.{{name}}` is undefined on Fastify 5. Use `{{receiver}}.routeOptions.{{replacement}}` instead, which Fastify 4 has from {{minor}}.',
      needsMinor:
        '`{{receiver}}.{{name}}` is undefined on Fastify 5, and `{{receiver}}.routeOptions.{{replacement}}` replaces it only from Fastify {{minor}}, but {{why}}. Require fastify ^{{minor}}.0 and run fix again.',
      destructured:
        '`{{name}}` is read from a Fastify request by destructuring, and is undefined on Fastify 5. Read `{{replacement}}` from `routeOptions` instead: `const { {{replacement}}: {{name}} } = {{receiver}}.routeOptions`.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        const prop = ROUTE_PROPS[node.name.text];
        if (!prop || !Object.hasOwn(ROUTE_PROPS, node.name.text) || isWriteTarget(node)) return;
        const request = facts.is(node.expression, 'request');
        if (!request) return;
        const data = { receiver: node.expression.getText(sourceFile), name: node.name.text, replacement: prop.replacement, minor: prop.from.replace(/\.0$/, '') };
        const project = facts.projectFastify();
        if (!isAtLeast(project, prop.from)) {
          context.report({ node, messageId: 'needsMinor', data: { ...data, why: describeProject(project) }, confidence: request.confidence });
          return;
        }
        context.report({
          node,
          messageId: 'useRouteOptions',
          data,
          confidence: request.confidence,
          fix: (fixer) => fixer.replaceText(node.name, `routeOptions.${prop.replacement}`),
        });
      },
      // `const { routerPath } = request`: the key moves under routeOptions, which a splice of the key cannot say
      BindingElement(node: ts.BindingElement) {
        const declaration = node.parent.parent;
        if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || node.dotDotDotToken || !ts.isObjectBindingPattern(node.parent)) return;
        const key = node.propertyName ?? node.name;
        if (!ts.isIdentifier(key) || !Object.hasOwn(ROUTE_PROPS, key.text)) return;
        const request = facts.is(declaration.initializer, 'request');
        if (!request) return;
        const data = { receiver: declaration.initializer.getText(sourceFile), name: key.text, replacement: ROUTE_PROPS[key.text]!.replacement };
        context.report({ node, messageId: 'destructured', data, confidence: request.confidence });
      },
    };
  },
});
