/**
 * @module codemods/fastify/trust-proxy-hops
 * Row 43: a hop count as `trustProxy` (`trustProxy: 1`) trusted that many proxies on Fastify 4 and 5.0 to 5.12.0:
 * `request.ip` came from `X-Forwarded-For`. From 5.12.1 a number trusts no proxy, so `request.ip` is the socket's
 * address (the proxy's), silently. What replaces it needs the proxies' addresses, which are not in the code: reported.
 */
import ts from 'typescript';
import { isNumeric } from './_facts.ts';
import { findProperty, optionsAt, propertyValue } from './_options.ts';
import { createFastifyRule } from './_rule.ts';

export default createFastifyRule({
  id: 'trust-proxy-hops',
  meta: {
    description: 'Report a hop count as `trustProxy`, which Fastify 5.12.1 and later no longer honour',
    rows: [43],
    kind: 'report',
    prefilter: ['trustProxy'],
    messages: {
      hopCount:
        '`trustProxy: {{value}}` trusts {{value}} proxy hop(s) on Fastify 4 and 5.0–5.12.0, and no proxy from 5.12.1: `request.ip` becomes the proxy\'s address. List the proxies\' addresses or CIDRs (`trustProxy: [\'10.0.0.0/8\']`) or pass a function that checks the address, which work on 4 and 5.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        if (!facts.isFactoryCall(node)) return;
        const site = optionsAt(facts, node);
        const property = site.kind === 'literal' ? findProperty(site.object, 'trustProxy') : undefined;
        const value = property && propertyValue(property);
        if (property && value && isNumeric(facts, value)) context.report({ node: property, messageId: 'hopCount', data: { value: value.getText(sourceFile) }, confidence: 'high' });
      },
    };
  },
});
