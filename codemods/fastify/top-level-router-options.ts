/**
 * @module codemods/fastify/top-level-router-options
 * Row 42 (inside 5.x): from Fastify 5.5 the router's options belong under `routerOptions`; at the top level of the
 * factory's options they still work but warn FSTDEP022 (and are to go in 6). Every 4.x reads them only at the top
 * level and ignores `routerOptions`, and 5.0–5.4 ignore it too, so code that runs on 4 keeps them there (the dual
 * form is the warning). Reported where the code is for 5.5+ only: with `--target 5`, or where the project's fastify
 * is 5.5 or later (./_version.ts).
 */
import ts from 'typescript';
import { optionsAt, propertyName } from './_options.ts';
import { createFastifyRule } from './_rule.ts';
import { isAtLeast } from './_version.ts';

/** The top-level keys 5.5+ reads as router options and warns about (fastify 5.12's `routerKeys`, lib/route.js). */
export const ROUTER_KEYS = new Set([
  'allowUnsafeRegex', 'buildPrettyMeta', 'caseSensitive', 'constraints', 'defaultRoute', 'ignoreDuplicateSlashes',
  'ignoreTrailingSlash', 'maxParamLength', 'onBadUrl', 'onMaxParamLength', 'querystringParser', 'useSemicolonDelimiter',
]);
export const ROUTER_OPTIONS_FROM = '5.5.0';

export default createFastifyRule({
  id: 'top-level-router-options',
  meta: {
    description: 'Report router options at the top level of the factory options in code for Fastify 5.5 and later',
    rows: [42],
    kind: 'report',
    prefilter: [...ROUTER_KEYS],
    signatures: [/FSTDEP022/],
    messages: {
      moveToRouterOptions:
        'Router options at the top level of the factory options (`{{keys}}`) warn FSTDEP022 on Fastify 5.5 and later. Move them into `routerOptions: { … }` once the code no longer runs on Fastify 4 or 5.0–5.4, which ignore `routerOptions`.',
    },
  },
  create(context) {
    const { facts } = context;
    if (context.options.target !== 'new' && !isAtLeast(facts.projectFastify(), ROUTER_OPTIONS_FROM)) return {};
    return {
      CallExpression(node: ts.CallExpression) {
        if (!facts.isFactoryCall(node)) return;
        const site = optionsAt(facts, node);
        if (site.kind !== 'literal') return;
        const keys = site.object.properties.map(propertyName).filter((k): k is string => !!k && ROUTER_KEYS.has(k));
        if (keys.length) context.report({ node, messageId: 'moveToRouterOptions', data: { keys: keys.join('`, `') }, confidence: 'high' });
      },
    };
  },
});
