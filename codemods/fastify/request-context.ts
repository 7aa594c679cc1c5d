/**
 * @module codemods/fastify/request-context
 * Rows 12 and 19 (FSTDEP012, FSTDEP019): Fastify 5 dropped `request.context` and `reply.context`, 4.x's internal route
 * context (undefined there: `request.context.config` throws, a 500). What code read from it has a public twin under
 * `request.routeOptions` on 5.x and on 4.x from a minor of its own (`config`, `schema`, `handler` from 4.23;
 * `logLevel`, `attachValidation` from 4.10): the same objects and values. A reply reaches it as
 * `reply.request.routeOptions` (`reply.routeOptions` is 5.x only). So a read is rewritten where the project's fastify
 * has the twin (./_version.ts), and reported otherwise; the rest of the context (hook arrays, compilers, the error
 * handler) has no twin and is reported.
 */
import semver from 'semver';
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import { describeProject, isAtLeast } from './_version.ts';
import { createFastifyRule, isWriteTarget } from './_rule.ts';

/** What `routeOptions` has of the route context, and the first 4.x minor that has it (lib/request.js at each tag). */
export const CONTEXT_TWINS: Readonly<Record<string, string>> = {
  config: '4.23.0',
  schema: '4.23.0',
  handler: '4.23.0',
  logLevel: '4.10.0',
  attachValidation: '4.10.0',
};

export default createFastifyRule({
  id: 'request-context',
  meta: {
    description: 'Replace reads of `request.context` and `reply.context` with `request.routeOptions`',
    rows: [12, 19],
    kind: 'both',
    prefilter: ['.context'],
    signatures: [/Cannot read propert(?:y|ies) of undefined \(reading '(?:config|schema)'\)/],
    messages: {
      useRouteOptions:
        '`{{text}}` is undefined on Fastify 5. Use `{{replacement}}` instead, which Fastify 4 has from {{minor}}.',
      needsMinor:
        '`{{text}}` is undefined on Fastify 5, and `{{replacement}}` replaces it only from Fastify {{minor}}, but {{why}}. Require fastify ^{{minor}}.0 and run fix again.',
      noTwin:
        '`{{text}}` reads Fastify 4\'s internal route context, which Fastify 5 removed, and `routeOptions` has no `{{name}}`. Read what the route was given from `{{routeOptions}}` (`config`, `schema`, `handler`, `url`, `method`) or keep the value where the route is registered.',
      wholeContext:
        '`{{text}}` (Fastify 4\'s internal route context) is undefined on Fastify 5. Read the fields it is used for from `{{routeOptions}}` instead (`config`, `schema`, `handler`, `url`, `method`).',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'context' || isWriteTarget(node)) return;
        const owner = facts.is(node.expression, 'request', 'reply');
        if (!owner) return;
        const receiver = node.expression.getText(sourceFile);
        const routeOptionsPath = owner.role === 'request' ? 'routeOptions' : 'request.routeOptions';
        const routeOptions = `${receiver}.${routeOptionsPath}`;
        const confidence = owner.confidence;
        const fields = fieldsRead(node);
        if (!fields) {
          context.report({ node, messageId: 'wholeContext', data: { text: node.getText(sourceFile), routeOptions }, confidence });
          return;
        }
        const missing = fields.names.find((name) => !Object.hasOwn(CONTEXT_TWINS, name));
        if (missing !== undefined) {
          context.report({ node: fields.site, messageId: 'noTwin', data: { text: fields.site.getText(sourceFile), name: missing, routeOptions }, confidence });
          return;
        }
        // the latest minor any field read needs
        const minor = fields.names.map((name) => CONTEXT_TWINS[name]!).sort(semver.compare).at(-1)!;
        const data = { text: fields.site.getText(sourceFile), replacement: replacementText(fields.site, node, routeOptions, sourceFile), minor: minor.replace(/\.0$/, '') };
        const project = facts.projectFastify();
        if (!isAtLeast(project, minor)) {
          context.report({ node: fields.site, messageId: 'needsMinor', data: { ...data, why: describeProject(project) }, confidence });
          return;
        }
        context.report({ node: fields.site, messageId: 'useRouteOptions', data, confidence, fix: (fixer) => fixer.replaceText(node.name, routeOptionsPath) });
      },
    };
  },
});

// --- internal ---

/**
 * The fields of the context that code reads where `access` (`x.context`) is: one (`x.context.config`, also through
 * `?.`), or those a destructuring takes (`const { config, schema } = x.context`); undefined when the context itself
 * is used (passed on, assigned, spread) or a field of it is replaced. `site` is what a report points at.
 */
function fieldsRead(access: ts.PropertyAccessExpression): { names: string[]; site: ts.Node } | undefined {
  let current: ts.Node = access;
  while (ts.isParenthesizedExpression(current.parent) || ts.isNonNullExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
    // a write to the field itself (`request.context.config = …`) replaces 4.x's own object: no read to rewrite
    return isWriteTarget(parent) ? undefined : { names: [parent.name.text], site: parent };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer && unwrap(parent.initializer) === access && ts.isObjectBindingPattern(parent.name)) {
    const names: string[] = [];
    for (const element of parent.name.elements) {
      const key = element.propertyName ?? element.name;
      if (element.dotDotDotToken || !ts.isIdentifier(key)) return undefined;
      names.push(key.text);
    }
    return names.length ? { names, site: parent } : undefined;
  }
  return undefined;
}

/** What the site reads once rewritten: `request.routeOptions.config`, or the destructuring's new source. */
function replacementText(site: ts.Node, access: ts.PropertyAccessExpression, routeOptions: string, sourceFile: ts.SourceFile): string {
  const text = site.getText(sourceFile);
  const start = access.getStart(sourceFile) - site.getStart(sourceFile);
  return text.slice(0, start) + routeOptions + text.slice(start + access.getText(sourceFile).length);
}
