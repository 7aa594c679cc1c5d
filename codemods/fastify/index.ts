/**
 * @module codemods/fastify
 * The Fastify 4 → 5 pack: one rule per file, registered here (its registry test checks that every rule file is
 * listed). The spec is docs/fastify/breaking-changes.md; the rules cite its rows.
 */
import { definePack } from '../../src/authoring.ts';
import { FastifyFacts } from './_facts.ts';
import { docsUrl, rowUrl } from './_rule.ts';
import { shim } from './_shim.ts';
import replyRedirectCode from './reply-redirect-code.ts';
import listenVariadic from './listen-variadic.ts';
import replyGetResponseTime from './reply-get-response-time.ts';
import requestConnection from './request-connection.ts';
import replySentAssign from './reply-sent-assign.ts';
import requestRouteProps from './request-route-props.ts';
import pluginFastifyRange from './plugin-fastify-range.ts';
import jsonShorthand from './json-shorthand.ts';
import asyncPluginDone from './async-plugin-done.ts';
import requestContext from './request-context.ts';
import routeVersion from './route-version.ts';
import defaultRoute from './default-route.ts';
import serverVersioning from './server-versioning.ts';
import decorateReference from './decorate-reference.ts';
import headAfterGet from './head-after-get.ts';
import replyTrailerValue from './reply-trailer-value.ts';
import paramsHasOwnProperty from './params-has-own-property.ts';
import semicolonDelimiterDefault from './semicolon-delimiter-default.ts';
import requestIdHeaderDefault from './request-id-header-default.ts';
import loggerInstance from './logger-instance.ts';
import onCloseThis from './on-close-this.ts';
import hasRouteUrl from './has-route-url.ts';
import requestHostname from './request-hostname.ts';
import trustProxyHops from './trust-proxy-hops.ts';
import topLevelRouterOptions from './top-level-router-options.ts';
import listenHostUnset from './listen-host-unset.ts';
import webdavMethods from './webdav-methods.ts';
import onRouteVersion from './on-route-version.ts';
import contentTypeParserMatch from './content-type-parser-match.ts';
import formatDateTime from './format-date-time.ts';
import typeProviderShape from './type-provider-shape.ts';
import replyGenericOrder from './reply-generic-order.ts';
import listenAddress from './listen-address.ts';
import deleteEmptyBody from './delete-empty-body.ts';
import { explainReplay } from './_replay.ts';
import dependencyMajors, { RANGE_FOR_FASTIFY_5 } from './dependency-majors.ts';

// in the order of the table's sections: removed v4 deprecations (B), options and routing (C), body parsing (D),
// types (E), inside 5.x (F); the package.json rule is dependency-majors (A)
export const rules = [
  requestConnection, decorateReference, headAfterGet, routeVersion, serverVersioning, replySentAssign, listenVariadic,
  requestContext, replyTrailerValue, defaultRoute, requestRouteProps, replyGetResponseTime, replyRedirectCode,
  asyncPluginDone, jsonShorthand, pluginFastifyRange,
  loggerInstance, semicolonDelimiterDefault, requestIdHeaderDefault, listenHostUnset, listenAddress, hasRouteUrl,
  webdavMethods, onRouteVersion, onCloseThis, paramsHasOwnProperty, requestHostname,
  deleteEmptyBody, contentTypeParserMatch, formatDateTime,
  replyGenericOrder, typeProviderShape,
  topLevelRouterOptions, trustProxyHops,
];

export default definePack({
  id: 'fastify',
  title: 'Fastify 4 → 5',
  framework: 'Fastify',
  packageName: 'fastify',
  versions: { old: '4', new: '5' },
  // fastify ships its own types: the typed pass resolves fastify itself, and the matrix has no types package to swap
  declarationsPackage: 'fastify',
  shim,
  docsUrl,
  rowUrl,
  rules,
  projectRules: [dependencyMajors],
  // an @fastify plugin's major serves one Fastify major (row 3): the matrix runs 5 with the ranges `finish` writes
  companions: (major) => (major >= 5 ? RANGE_FOR_FASTIFY_5 : {}),
  // what replay's differences prove: the evidence the rules pinning an old default wait for
  explainReplay,
  // every rule needs a Fastify object: a file importing fastify or fastify-plugin, a plugin's `fastify` parameter,
  // a handler's `reply`, or an app or server imported from the project (the low-confidence cases)
  prefilter: /fastify|\b(?:reply|app|server|instance)\b/i,
  analyze: (sourceFile, options, checker) => new FastifyFacts(sourceFile, options, checker),
});
