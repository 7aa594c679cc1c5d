/**
 * @module codemods/fastify/webdav-methods
 * Row 31: Fastify 4 answered the WebDAV methods (PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK, SEARCH; REPORT
 * and MKCALENDAR from 4.27) out of the box; Fastify 5 knows only GET, HEAD, TRACE, DELETE, OPTIONS, PATCH, PUT and
 * POST until `addHttpMethod` adds one. A route on such a method throws at registration
 * (FST_ERR_ROUTE_METHOD_NOT_SUPPORTED), and `all()` silently stops answering them. Where the method must be added
 * (the root instance, before the routes) is the app's to decide: reported with the feature test that works on both.
 */
import ts from 'typescript';
import { findProperty, objectLiteralOf, propertyValue } from './_options.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';

/** The methods 4.x routed by default and 5.x does not. */
export const WEBDAV = new Set(['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT', 'MKCALENDAR']);

export default createFastifyRule({
  id: 'webdav-methods',
  meta: {
    description: 'Report routes on WebDAV methods, which Fastify 5 knows only after `addHttpMethod`',
    rows: [31],
    kind: 'report',
    prefilter: ['.route(', '.all(', ...[...WEBDAV].map((m) => `.${m.toLowerCase()}(`)],
    signatures: [/FST_ERR_ROUTE_METHOD_NOT_SUPPORTED/],
    messages: {
      methodNotSupported:
        '`{{method}}` is not a method Fastify 5 routes by default: registering this route throws there (FST_ERR_ROUTE_METHOD_NOT_SUPPORTED). Before the routes, on the root instance, add `if (typeof app.addHttpMethod === \'function\') app.addHttpMethod(\'{{method}}\', { hasBody: true })`, which leaves Fastify 4 as it was.',
      allSkipsWebdav:
        '`{{receiver}}.all(…)` answered the WebDAV methods (PROPFIND, COPY, LOCK, …) on Fastify 4; on Fastify 5 it answers only the methods the instance knows, so those requests get 404. If clients send them, add each with `addHttpMethod` (guarded by `typeof app.addHttpMethod === \'function\'`) before the routes.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    // methods the file already adds: its routes on them work on 5
    const added = new Set([...sourceFile.text.matchAll(/addHttpMethod\(\s*['"`](\w+)/g)].map((m) => m[1]!.toUpperCase()));
    const reportMethod = (node: ts.Node, method: string, confidence: 'high' | 'low') => {
      if (WEBDAV.has(method) && !added.has(method)) context.report({ node, messageId: 'methodNotSupported', data: { method }, confidence });
    };
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node);
        if (!call) return;
        const instance = facts.is(call.receiver, 'instance');
        if (!instance) return;
        const shorthand = call.name.toUpperCase();
        if (WEBDAV.has(shorthand) && call.args.length >= 2) return reportMethod(call.nameNode, shorthand, instance.confidence);
        if (call.name === 'all' && call.args.length >= 2 && !added.size) {
          context.report({ node: call.nameNode, messageId: 'allSkipsWebdav', data: { receiver: call.receiver.getText(sourceFile) }, confidence: instance.confidence, note: true });
          return;
        }
        if (call.name !== 'route' || !call.args[0]) return;
        const options = objectLiteralOf(facts, call.args[0]);
        const property = options && findProperty(options, 'method');
        const value = property && propertyValue(property);
        if (!value) return;
        const node2 = unwrap(value);
        const methods = ts.isArrayLiteralExpression(node2) ? node2.elements : [node2];
        for (const element of methods) {
          const method = stringValue(element);
          if (method) reportMethod(element, method.toUpperCase(), instance.confidence);
        }
      },
    };
  },
});
