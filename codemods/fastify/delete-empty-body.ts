/**
 * @module codemods/fastify/delete-empty-body
 * Row 36: a DELETE with a `Content-Type` but no body skipped the body parser on Fastify 4 (`body` undefined); Fastify 5
 * runs it, so an `application/json` one answers 400 (FST_ERR_CTP_EMPTY_JSON_BODY) and `text/plain` gives `''`. OPTIONS
 * follows from 5.5. The requests come from clients, outside the server's code; what the code shows are its own tests
 * that send one through `inject`: reported, since a body, or no `Content-Type`, is the test's to choose.
 */
import ts from 'typescript';
import { findProperty, objectLiteralOf, propertyName, propertyValue } from './_options.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';

const BODYLESS = new Set(['DELETE', 'OPTIONS']);

export default createFastifyRule({
  id: 'delete-empty-body',
  meta: {
    description: 'Report `inject` DELETE and OPTIONS requests with a `Content-Type` but no body',
    rows: [36],
    kind: 'report',
    prefilter: ['.inject('],
    signatures: [/FST_ERR_CTP_EMPTY_JSON_BODY/],
    messages: {
      contentTypeWithoutBody:
        'This {{method}} request sends `Content-Type: {{type}}` without a body: Fastify 4 skipped the body parser, Fastify 5 runs it{{since}} (an empty JSON body answers 400, FST_ERR_CTP_EMPTY_JSON_BODY). Drop the header, or send a body; clients that do the same need the server to accept it (a JSON parser that takes an empty body).',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'inject');
        const instance = call?.args[0] ? facts.is(call.receiver, 'instance') : undefined;
        if (!call || !instance) return;
        const options = objectLiteralOf(facts, call.args[0]!);
        const method = stringValue(options && findProperty(options, 'method') && propertyValue(findProperty(options, 'method')!))?.toUpperCase();
        if (!options || !method || !BODYLESS.has(method) || findProperty(options, 'payload') || findProperty(options, 'body')) return;
        const headersValue = findProperty(options, 'headers') && propertyValue(findProperty(options, 'headers')!);
        const headers = headersValue && objectLiteralOf(facts, headersValue);
        const contentType = headers?.properties.find((p) => propertyName(p)?.toLowerCase() === 'content-type');
        if (!contentType) return;
        const value = propertyValue(contentType);
        context.report({
          node: contentType,
          messageId: 'contentTypeWithoutBody',
          data: { method, type: stringValue(value) ?? value?.getText(sourceFile) ?? '…', since: method === 'OPTIONS' ? ' from 5.5' : '' },
          confidence: instance.confidence,
        });
      },
    };
  },
});
