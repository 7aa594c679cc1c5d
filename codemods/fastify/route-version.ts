/**
 * @module codemods/fastify/route-version
 * Row 8 (FSTDEP008): the route option `version: '1.2.0'` made Fastify 4 match the route on the `Accept-Version`
 * header (lib/route.js: `constraints.version = opts.version`, over any `constraints.version`). Fastify 5 ignores the
 * option: the route answers every request, and two versions of one path collide at start. `constraints: { version }`
 * is what 4.x built from it, and what every 4.x and 5.x read, so the option moves there.
 */
import ts from 'typescript';
import { createFastifyRule } from './_rule.ts';
import { keyOf, objectLiteral, propertyNamed, routeCallOf } from './_routes.ts';

export default createFastifyRule({
  id: 'route-version',
  meta: {
    description: 'Move the route option `version` into `constraints: { version }`',
    rows: [8],
    kind: 'both',
    prefilter: ['version'],
    messages: {
      useConstraints:
        'The route option `version` is ignored by Fastify 5 (the route answers every version). Use `constraints: { version: {{value}} }` instead, which Fastify 4 and 5 match on `Accept-Version`.',
      mergeByHand:
        'The route option `version` is ignored by Fastify 5 (the route answers every version), and this route\'s `constraints` {{why}}. Move `version` into `constraints` by hand: Fastify 4 let the top-level `version` win.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    // route options held by a `const` are seen once per route that uses them: report each once
    const seen = new Set<ts.Node>();
    return {
      CallExpression(node: ts.CallExpression) {
        const route = routeCallOf(facts, node);
        const options = route?.resolvedOptions;
        const version = options && propertyNamed(options, 'version');
        if (!route || !options || !version || seen.has(version)) return;
        if (!ts.isPropertyAssignment(version) && !ts.isShorthandPropertyAssignment(version)) return;
        seen.add(version);
        const value = ts.isPropertyAssignment(version) ? version.initializer.getText(sourceFile) : version.name.text;
        const entry = ts.isPropertyAssignment(version) ? `version: ${value}` : 'version';
        const confidence = route.instance.confidence;
        const constraints = propertyNamed(options, 'constraints');
        if (!constraints) {
          context.report({ node: version, messageId: 'useConstraints', data: { value }, confidence, fix: (fixer) => fixer.replaceText(version, `constraints: { ${entry} }`) });
          return;
        }
        const literal = ts.isPropertyAssignment(constraints) ? objectLiteral(constraints.initializer) : undefined;
        const why = !literal ? 'are not an object literal' : literal.properties.some((p) => keyOf(p) === undefined) ? 'spread or compute keys' : literal.properties.some((p) => keyOf(p) === 'version') ? 'name a version too' : undefined;
        if (!literal || why) {
          context.report({ node: version, messageId: 'mergeByHand', data: { why: why ?? '' }, confidence });
          return;
        }
        context.report({
          node: version,
          messageId: 'useConstraints',
          data: { value },
          confidence,
          fix: (fixer) => [removeProperty(options, version, sourceFile), addEntry(literal, entry, sourceFile)],
        });
      },
    };
  },
});

// --- internal ---

/** The edit removing a property with the comma and space that tie it to its neighbour. */
function removeProperty(object: ts.ObjectLiteralExpression, property: ts.ObjectLiteralElementLike, sourceFile: ts.SourceFile) {
  const properties = object.properties;
  const index = properties.indexOf(property);
  const next = properties[index + 1];
  // up to the next property when there is one, else back to the end of the previous one (its comma goes)
  if (next) return { start: property.getStart(sourceFile), end: next.getStart(sourceFile), text: '' };
  const previous = properties[index - 1];
  if (!previous) return { start: property.getStart(sourceFile), end: property.end, text: '' };
  // a trailing comma stays the literal's style: the previous property keeps its comma, this one's goes
  if (properties.hasTrailingComma) return { start: sourceFile.text.indexOf(',', previous.end) + 1, end: sourceFile.text.indexOf(',', property.end) + 1, text: '' };
  return { start: previous.end, end: property.end, text: '' };
}

/** The edit adding `entry` as the last property of a literal (`{}` becomes `{ entry }`). */
function addEntry(literal: ts.ObjectLiteralExpression, entry: string, sourceFile: ts.SourceFile) {
  const last = literal.properties.at(-1);
  if (!last) return { start: literal.getStart(sourceFile), end: literal.end, text: `{ ${entry} }` };
  return { start: last.end, end: last.end, text: `, ${entry}` };
}
