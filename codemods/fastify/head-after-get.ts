/**
 * @module codemods/fastify/head-after-get
 * Row 7 (FSTDEP007): a GET route gets a HEAD route of Fastify's own (`exposeHeadRoutes` is on by default). A custom
 * HEAD registered after the GET of the same path replaced that one on Fastify 4.25–4.29 (with a warning); 4.0–4.24
 * and 5.x throw `FST_ERR_DUPLICATED_ROUTE` at start. `exposeHeadRoute: false` on the GET leaves the path to the custom
 * HEAD on every 4.x and 5.x, which is what 4.25+ ended up with. The rule sees the two routes when the file registers
 * both on one instance (the same variable, so the same prefix) with the same literal path; prefixes across plugins
 * are run time.
 */
import ts from 'typescript';
import type { Declaration } from '../../lib/ts-scope/scope.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { FastifyFacts } from './_facts.ts';
import { createFastifyRule } from './_rule.ts';
import { propertyNamed, routeCallOf, type RouteCall } from './_routes.ts';

export default createFastifyRule({
  id: 'head-after-get',
  meta: {
    description: 'Turn off the generated HEAD route of a GET whose path gets a custom HEAD route after it',
    rows: [7],
    kind: 'both',
    prefilter: ['head', 'HEAD'],
    signatures: [/Method 'HEAD' already declared for route/],
    messages: {
      exposeHeadRouteOff:
        'The custom HEAD route for `{{url}}` comes after its GET route (line {{getLine}}), whose generated HEAD route Fastify 5 will not let it replace (it fails at start). Add `exposeHeadRoute: false` to that GET route instead, which works on Fastify 4 and 5.',
      optionsByHand:
        'The custom HEAD route for `{{url}}` comes after its GET route (line {{getLine}}), whose generated HEAD route Fastify 5 will not let it replace (it fails at start), and {{why}}. Give that GET route `exposeHeadRoute: false`, or register the HEAD route first.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    // the app turned generated HEAD routes off: nothing to collide with
    if (/\bexposeHeadRoutes\s*:\s*false\b/.test(context.text)) return {};
    // the first GET route of each path, per instance
    const gets = new Map<Declaration, Map<string, RouteCall>>();
    const lineOf = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    return {
      CallExpression(node: ts.CallExpression) {
        const route = routeCallOf(facts, node);
        const owner = route && ownerOf(facts, route.receiver);
        if (!route?.url || !route.methods || route.methods.length !== 1 || !owner) return;
        const paths = gets.get(owner) ?? new Map<string, RouteCall>();
        gets.set(owner, paths);
        const [method] = route.methods;
        // the first GET of a path is the one whose HEAD route a later HEAD meets
        if (method === 'GET' && !paths.has(route.url)) paths.set(route.url, route);
        if (method !== 'HEAD') return;
        const get = paths.get(route.url);
        if (!get || constrained(route) || constrained(get)) return;
        const data = { url: route.url, getLine: lineOf(get.call) };
        const confidence = route.instance.confidence;
        const flag = get.resolvedOptions && propertyNamed(get.resolvedOptions, 'exposeHeadRoute');
        if (flag) {
          // `exposeHeadRoute: false` already: no generated HEAD route to meet
          if (ts.isPropertyAssignment(flag) && unwrap(flag.initializer).kind === ts.SyntaxKind.FalseKeyword) return;
          context.report({ node, messageId: 'optionsByHand', data: { ...data, why: 'that route sets `exposeHeadRoute` itself' }, confidence });
          return;
        }
        if (get.resolvedOptions && !get.options) {
          context.report({ node, messageId: 'optionsByHand', data: { ...data, why: 'its options are a variable other routes may share' }, confidence });
          return;
        }
        context.report({ node, messageId: 'exposeHeadRouteOff', data, confidence, fix: () => addFlag(get, sourceFile) });
      },
    };
  },
});

// --- internal ---

/** Which instance a route is registered on: the declaration of its receiver (the same variable, the same prefix). */
function ownerOf(facts: FastifyFacts, receiver: ts.Expression): Declaration | undefined {
  const node = unwrap(receiver);
  return ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
}

/** Constraints (or a version) make the HEAD route Fastify looks for another one: not this rule's to judge. */
function constrained(route: RouteCall): boolean {
  const options = route.resolvedOptions;
  return !!options && (!!propertyNamed(options, 'constraints') || !!propertyNamed(options, 'version'));
}

/** `exposeHeadRoute: false` in the GET's options: a new options argument, or an entry at the end of its literal. */
function addFlag(get: RouteCall, sourceFile: ts.SourceFile) {
  const entry = 'exposeHeadRoute: false';
  const options = get.options;
  if (!options) {
    // `app.get(url, handler)`: the options go between the path and the handler
    const url = get.call.arguments[0]!;
    return { start: url.end, end: url.end, text: `, { ${entry} }` };
  }
  const last = options.properties.at(-1);
  if (!last) return { start: options.getStart(sourceFile), end: options.end, text: `{ ${entry} }` };
  const lastLine = sourceFile.getLineAndCharacterOfPosition(last.getStart(sourceFile)).line;
  const openLine = sourceFile.getLineAndCharacterOfPosition(options.getStart(sourceFile)).line;
  if (lastLine === openLine) return { start: last.end, end: last.end, text: `, ${entry}` };
  // one entry a line: a line of its own with the last entry's indentation, keeping a trailing comma
  const lineStart = sourceFile.getPositionOfLineAndCharacter(lastLine, 0);
  const indent = /^[ \t]*/.exec(sourceFile.text.slice(lineStart))![0];
  if (options.properties.hasTrailingComma) {
    const comma = sourceFile.text.indexOf(',', last.end) + 1;
    return { start: comma, end: comma, text: `\n${indent}${entry},` };
  }
  return { start: last.end, end: last.end, text: `,\n${indent}${entry}` };
}
