/**
 * @module codemods/express/clear-cookie-max-age
 * Row 20: Express 5's `res.clearCookie` ignores `maxAge` and `expires` and always expires the cookie. Express 4 passed
 * them on to `res.cookie`, so `res.clearCookie('sid', { maxAge })` set a *live* cookie with an empty value: the rewrite
 * deliberately gives Express 4 the behaviour the call was written for (the cookie is cleared on both).
 */
import ts from 'typescript';
import type { Edit, Fixer } from '../../src/authoring.ts';
import type { ExpressFacts } from './_facts.ts';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

const IGNORED = new Set(['maxAge', 'expires']);

const propertyName = (property: ts.ObjectLiteralElementLike): string | undefined =>
  property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;

const isIgnored = (property: ts.ObjectLiteralElementLike) => IGNORED.has(propertyName(property) ?? '');

/** The object literal a `const` identifier is initialised with. */
function constObject(facts: ExpressFacts, expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = facts.scopes.resolve(expression);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const init = unwrap(declaration.initializer);
  return ts.isObjectLiteralExpression(init) ? init : undefined;
}

export default createExpressRule({
  id: 'clear-cookie-max-age',
  meta: {
    description: 'Remove `maxAge` and `expires` from `res.clearCookie()` options, which Express 5 ignores',
    rows: [20],
    kind: 'both',
    prefilter: ['.clearCookie('],
    messages: {
      removeOptions:
        '`{{call}}` passes `{{names}}`: Express 4 then set a live cookie instead of clearing it, Express 5 ignores them. Remove them.',
      sharedOptions:
        '`{{call}}` passes `{{options}}`, which holds `{{names}}`: Express 4 then set a live cookie instead of clearing it, Express 5 ignores them. Pass the options without them (e.g. `{ path, domain }`).',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'clearCookie');
        if (!call || call.args.length !== 2) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        const [name, options] = call.args as [ts.Expression, ts.Expression];
        const object = unwrap(options);
        const data = { call: node.getText(sourceFile), options: options.getText(sourceFile) };
        if (!ts.isObjectLiteralExpression(object)) {
          const shared = constObject(facts, object)?.properties.filter(isIgnored);
          if (shared?.length) context.report({ node, messageId: 'sharedOptions', data: { ...data, names: shared.map(propertyName).join('`, `') }, confidence: res.confidence });
          return;
        }
        const removed = object.properties.filter(isIgnored);
        if (!removed.length) return;
        context.report({
          node,
          messageId: 'removeOptions',
          data: { ...data, names: removed.map(propertyName).join('`, `') },
          confidence: res.confidence,
          fix: (fixer) =>
            removed.length === object.properties.length && object === options
              ? fixer.replaceRange(name.end, options.end, '')
              : removeProperties(fixer, object),
        });
      },
    };
  },
});

/** Removes the ignored properties with their separators, keeping the others and any trailing comma as written. */
function removeProperties(fixer: Fixer, object: ts.ObjectLiteralExpression): Edit[] {
  const properties = object.properties;
  if (properties.every(isIgnored)) return [fixer.replaceText(object, '{}')];
  let lastKept = -1;
  properties.forEach((property, index) => {
    if (!isIgnored(property)) lastKept = index;
  });
  const edits: Edit[] = [];
  properties.forEach((property, index) => {
    if (!isIgnored(property) || index > lastKept) return;
    edits.push(fixer.replaceRange(property.getStart(), properties[index + 1]!.getStart(), ''));
  });
  // a trailing run of ignored properties goes with the comma before it
  if (lastKept >= 0 && lastKept < properties.length - 1) edits.push(fixer.replaceRange(properties[lastKept]!.end, properties[properties.length - 1]!.end, ''));
  return edits;
}
