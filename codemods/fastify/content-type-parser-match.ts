/**
 * @module codemods/fastify/content-type-parser-match
 * Row 37 (no section in the migration guide): Fastify 4 matched a request's media type to a content-type parser by
 * substring, so a parser for `text/x` also took `text/xml`, and one for `application/vnd.` every vendor type; Fastify
 * 5 matches the whole type (followed by the end, `;` or a space), else 415, and refuses a string that is no type
 * (`'text/'`, `'text'`) at registration. A RegExp not anchored with `^` matches
 * anywhere in the header and warns FSTSEC001 on 5. Which full types clients send is not in the code: reported.
 */
import ts from 'typescript';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';

/** A full media type: `type/subtype`, parameters allowed; `*` (every type) is one too. */
const FULL_TYPE = /^\s*(?:\*|[\w!#$&^.+-]+\/[\w!#$&^.+-]*[\w!#$&^+-])\s*(?:;.*)?$/;

export default createFastifyRule({
  id: 'content-type-parser-match',
  meta: {
    description: 'Report content-type parsers registered for a part of a media type or with an unanchored RegExp',
    rows: [37],
    kind: 'report',
    prefilter: ['ContentTypeParser('],
    signatures: [/FSTSEC001/, /FST_ERR_CTP_INVALID_TYPE/, /FST_ERR_CTP_INVALID_MEDIA_TYPE/],
    messages: {
      partialType:
        "`'{{type}}'` is not a whole media type: Fastify 4 used this parser for every request type starting with it; Fastify 5 refuses it at registration (FST_ERR_CTP_INVALID_TYPE) or takes it only as a whole type (others answer 415). Register each full type clients send (`['text/xml', 'text/x-yaml']`), or a RegExp anchored with `^`, which both match alike.",
      unanchoredRegExp:
        '`{{pattern}}` is not anchored with `^`: Fastify 5 warns FSTSEC001 for it, since it matches anywhere in the Content-Type header (`text/plain; x=application/json`). Anchor it (`/^application\\/(?:.+\\+)?json/`), which works on 4 and 5.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'addContentTypeParser');
        if (!call || call.args.length < 2) return;
        const instance = facts.is(call.receiver, 'instance');
        if (!instance) return;
        const first = unwrap(call.args[0]!);
        for (const element of ts.isArrayLiteralExpression(first) ? first.elements : [first]) {
          const node = unwrap(element);
          const type = stringValue(node);
          if (type !== undefined && !FULL_TYPE.test(type)) context.report({ node, messageId: 'partialType', data: { type }, confidence: instance.confidence });
          if (ts.isRegularExpressionLiteral(node) && !node.text.startsWith('/^')) context.report({ node, messageId: 'unanchoredRegExp', data: { pattern: node.getText(sourceFile) }, confidence: instance.confidence });
        }
      },
    };
  },
});
