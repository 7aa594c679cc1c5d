/**
 * @module codemods/fastify/json-shorthand
 * Rows 23 and 24: Fastify 4 read a bare property map as a route schema (`querystring: { page: { type: 'integer' } }`)
 * and wrapped it in `{ type: 'object', properties: … }` (lib/schemas.js `getSchemaAnyway`: unless the map has a
 * truthy `type`, `properties`, `$ref`, `oneOf`, `anyOf`, `allOf`, `$merge` or `$patch`). Fastify 5 dropped that: a
 * request schema in shorthand fails at `ready` ("unknown keyword"), and a response schema in shorthand reads as a
 * schema of unknown keywords, so the whole payload is serialized, fields 4.x dropped included. The full schema is what
 * 4.x built, so it answers the same on every 4.x and 5.x. Only literals are rewritten; a shorthand held in a variable
 * is reported (other code may read it as the map it is), and a literal with spreads or computed keys is reported too.
 * Route options a module exports (`module.exports = { listOptions }`, `export const listOptions = { schema }`) are
 * registered by routes in other files, which this file cannot see: their `schema` is read as a route's is.
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { FastifyFacts, RoleInfo } from './_facts.ts';
import { createFastifyRule } from './_rule.ts';
import { constDeclarationOf, constObject, keyOf, objectLiteral, propertyValue, routeCallOf } from './_routes.ts';

/** The request parts 4.x wrapped (`query` is its alias of `querystring`). */
const REQUEST_PARTS = ['querystring', 'query', 'params', 'body', 'headers'];
/** Keys whose truthy value made 4.x take a schema as it is. */
const FULL_SCHEMA_KEYS = new Set(['type', 'properties', '$ref', 'oneOf', 'anyOf', 'allOf', '$merge', '$patch']);

type Shape = 'full' | 'shorthand' | 'unknown';

export default createFastifyRule({
  id: 'json-shorthand',
  meta: {
    description: 'Rewrite JSON shorthand route schemas to full `{ type: \'object\', properties }` schemas',
    rows: [23, 24],
    kind: 'both',
    prefilter: ['schema'],
    signatures: [/FST_ERR_SCH_VALIDATION_BUILD/, /strict mode: unknown keyword/],
    messages: {
      requestShorthand:
        'The `{{part}}` schema is a JSON shorthand (a bare property map), which Fastify 5 no longer wraps in an object schema: a map of properties fails at start with "unknown keyword". Write the full schema `{ type: \'object\', properties: … }` instead, which Fastify 4 and 5 read the same.',
      responseShorthand:
        'The `{{part}}` response schema is a JSON shorthand (a bare property map), which Fastify 5 reads as a schema of unknown keywords: it serializes the whole payload, fields Fastify 4 dropped included. Write the full schema `{ type: \'object\', properties: … }` instead, which Fastify 4 and 5 serialize the same.',
      sharedShorthand:
        'The `{{part}}` schema is `{{name}}`, a JSON shorthand (a bare property map) that Fastify 5 no longer wraps. Wrap it where it is declared, `{ type: \'object\', properties: … }`, once no other code reads it as a map.',
      unknownShape:
        'The `{{part}}` schema spreads or computes its keys, so whether it is a JSON shorthand (no `type`, `properties` or `$ref`), which Fastify 5 no longer wraps, is not known here. If it is, write the full schema `{ type: \'object\', properties: … }`.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    // a schema object shared by routes is seen once per route: report each literal once
    const seen = new Set<ts.Node>();
    // `jsonShorthand: false` made 4.x read maps as 5.x does: a rewrite there would change what 4.x did
    if (/\bjsonShorthand\s*:\s*false\b/.test(context.text)) return {};

    const check = (expression: ts.Expression, part: string, response: boolean, route: RoleInfo) => {
      const node = unwrap(expression);
      if (seen.has(node)) return;
      seen.add(node);
      const literal = objectLiteral(node);
      if (literal) {
        const shape = shapeOf(facts, literal);
        if (shape === 'unknown') context.report({ node: literal, messageId: 'unknownShape', data: { part }, confidence: route.confidence });
        if (shape !== 'shorthand') return;
        context.report({
          node: literal,
          messageId: response ? 'responseShorthand' : 'requestShorthand',
          data: { part },
          confidence: route.confidence,
          fix: (fixer) => fixer.replaceText(literal, wrapped(literal, sourceFile)),
        });
        return;
      }
      const held = constObject(facts, node);
      if (held && shapeOf(facts, held) === 'shorthand') {
        const name = constDeclarationOf(facts, node)!.name.getText(sourceFile);
        context.report({ node, messageId: 'sharedShorthand', data: { part, name }, confidence: route.confidence });
      }
    };

    const checkSchema = (schema: ts.ObjectLiteralExpression, instance: RoleInfo) => {
      for (const part of REQUEST_PARTS) {
        const value = propertyValue(schema, part);
        if (!value) continue;
        // a body per content type (4.29 and 5.x): each media type's `schema`
        const content = part === 'body' ? contentSchemas(value) : undefined;
        if (content) for (const [type, schemaOfType] of content) check(schemaOfType, `${part}.content['${type}'].schema`, false, instance);
        else check(value, part, false, instance);
      }
      const response = propertyValue(schema, 'response');
      const codes = response && objectLiteral(response);
      for (const property of codes?.properties ?? []) {
        const code = keyOf(property);
        const value = code !== undefined && ts.isPropertyAssignment(property) ? property.initializer : undefined;
        if (!value) continue;
        const content = contentSchemas(value);
        if (content) for (const [type, schemaOfType] of content) check(schemaOfType, `response[${code}].content['${type}'].schema`, true, instance);
        else check(value, `response[${code}]`, true, instance);
      }
    };
    const schemaOf = (options: ts.ObjectLiteralExpression) => {
      const value = propertyValue(options, 'schema');
      return value && (objectLiteral(value) ?? constObject(facts, value));
    };
    // exported route options: only an object whose `schema` holds a route's parts is taken for one
    const checkExported = (expression: ts.Expression | undefined) => {
      const options = expression && (objectLiteral(expression) ?? constObject(facts, expression));
      const schema = options && schemaOf(options);
      if (schema && [...REQUEST_PARTS, 'response'].some((part) => propertyValue(schema, part))) checkSchema(schema, EXPORTED);
    };

    return {
      CallExpression(node: ts.CallExpression) {
        const route = routeCallOf(facts, node);
        const schema = route?.resolvedOptions && schemaOf(route.resolvedOptions);
        if (route && schema) checkSchema(schema, route.instance);
      },
      BinaryExpression(node: ts.BinaryExpression) {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const target = exportTarget(node.left);
        if (target === 'named') checkExported(node.right);
        const all = target === 'module' ? objectLiteral(node.right) : undefined;
        for (const property of all?.properties ?? []) {
          if (ts.isPropertyAssignment(property)) checkExported(property.initializer);
          else if (ts.isShorthandPropertyAssignment(property)) checkExported(property.name);
        }
      },
      VariableStatement(node: ts.VariableStatement) {
        if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
        for (const declaration of node.declarationList.declarations) checkExported(declaration.initializer);
      },
    };
  },
});

// --- internal ---

/** Route options a module exports are a route's as surely as a route call's are: the shape says what they are. */
const EXPORTED: RoleInfo = { role: 'instance', confidence: 'high' };

/** `module.exports = …` (the module), `module.exports.name = …` / `exports.name = …` (one export), or neither. */
function exportTarget(left: ts.Expression): 'module' | 'named' | undefined {
  const node = unwrap(left);
  const isModuleExports = (n: ts.Expression) => ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'module' && n.name.text === 'exports';
  if (isModuleExports(node)) return 'module';
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const object = unwrap(node.expression);
  return isModuleExports(object) || (ts.isIdentifier(object) && object.text === 'exports') ? 'named' : undefined;
}

/**
 * What 4.x made of an object literal: a full schema, a shorthand it wrapped, or not known. A spread of a `const`
 * object literal of this file counts with its own keys (`{ ...userSchema, required: [] }`); any other spread, or a
 * computed key, leaves it unknown unless a written key already makes it full.
 */
function shapeOf(facts: FastifyFacts, literal: ts.ObjectLiteralExpression, depth = 0): Shape {
  let unknown = false;
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = depth < 3 ? constObject(facts, property.expression) : undefined;
      const shape = spread ? shapeOf(facts, spread, depth + 1) : 'unknown';
      if (shape === 'full') return 'full';
      if (shape === 'unknown') unknown = true;
      continue;
    }
    const key = keyOf(property);
    if (key === undefined) unknown = true;
    else if (FULL_SCHEMA_KEYS.has(key) && !isFalsyLiteral(property)) return 'full';
  }
  return unknown ? 'unknown' : 'shorthand';
}

function isFalsyLiteral(property: ts.ObjectLiteralElementLike): boolean {
  if (!ts.isPropertyAssignment(property)) return false;
  const value = unwrap(property.initializer);
  const kind = value.kind;
  if (kind === ts.SyntaxKind.FalseKeyword || kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(value) && value.text === 'undefined') return true;
  return (ts.isStringLiteral(value) && value.text === '') || (ts.isNumericLiteral(value) && Number(value.text) === 0);
}

/**
 * A `content: { 'media/type': { schema } }` map's schemas, when `value` is an object literal with one: 4.x wrapped
 * each of those, not the object around them (a response `content` of one type without `schema` it skipped).
 */
function contentSchemas(value: ts.Expression): [string, ts.Expression][] | undefined {
  const holder = objectLiteral(value);
  const content = holder && propertyValue(holder, 'content');
  const map = content && objectLiteral(content);
  if (!map) return undefined;
  const found: [string, ts.Expression][] = [];
  for (const property of map.properties) {
    const type = keyOf(property);
    const entry = ts.isPropertyAssignment(property) ? objectLiteral(property.initializer) : undefined;
    const schema = entry && propertyValue(entry, 'schema');
    if (type !== undefined && schema) found.push([type, schema]);
  }
  return found.length ? found : undefined;
}

/**
 * The literal as the full schema 4.x built from it. A literal on one line stays on one line; one spread over lines
 * gets `type` and `properties` on lines of their own and its own lines one indentation deeper, unless a string in it
 * spans lines (indenting would change the string).
 */
function wrapped(literal: ts.ObjectLiteralExpression, sourceFile: ts.SourceFile): string {
  const text = literal.getText(sourceFile);
  const quote = quoteOf(literal, sourceFile);
  const oneLine = `{ type: ${quote}object${quote}, properties: ${text} }`;
  const first = literal.properties[0];
  if (!text.includes('\n') || !first || lineOf(sourceFile, first.getStart(sourceFile)) === lineOf(sourceFile, literal.getStart(sourceFile)) || spansLinesInString(literal, sourceFile)) return oneLine;
  const base = indentOfLine(sourceFile, literal.getStart(sourceFile));
  const inner = indentOfLine(sourceFile, first.getStart(sourceFile));
  const unit = inner.startsWith(base) && inner.length > base.length ? inner.slice(base.length) : '  ';
  const deeper = text
    .split('\n')
    .map((line, index) => (index === 0 || !line.trim() ? line : unit + line))
    .join('\n');
  // a literal ending in a comma shows the file's style: the new `properties` entry ends in one too
  const comma = literal.properties.hasTrailingComma ? ',' : '';
  return `{\n${base}${unit}type: ${quote}object${quote},\n${base}${unit}properties: ${deeper}${comma}\n${base}}`;
}

const lineOf = (sourceFile: ts.SourceFile, position: number) => sourceFile.getLineAndCharacterOfPosition(position).line;

function indentOfLine(sourceFile: ts.SourceFile, position: number): string {
  const start = sourceFile.getPositionOfLineAndCharacter(lineOf(sourceFile, position), 0);
  return /^[ \t]*/.exec(sourceFile.text.slice(start))![0];
}

/** The quote the literal's own strings use (its first string), else a single quote. */
function quoteOf(literal: ts.Node, sourceFile: ts.SourceFile): string {
  let quote: string | undefined;
  const visit = (node: ts.Node): void => {
    if (quote) return;
    if (ts.isStringLiteral(node)) quote = node.getText(sourceFile)[0];
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(literal, visit);
  return quote === '"' ? '"' : "'";
}

function spansLinesInString(literal: ts.Node, sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) && node.getText(sourceFile).includes('\n')) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(literal);
  return found;
}
