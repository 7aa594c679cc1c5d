/**
 * @module codemods/fastify/_sections-c-to-f
 * The rules of the breaking-change table's sections C to F (options and defaults, routing, body parsing, types,
 * changes inside 5.x), listed here so the pack's index takes them with one entry.
 */
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

export const sectionsCToF = [paramsHasOwnProperty, semicolonDelimiterDefault, requestIdHeaderDefault, loggerInstance, onCloseThis, hasRouteUrl, requestHostname, trustProxyHops, topLevelRouterOptions, listenHostUnset, webdavMethods, onRouteVersion, contentTypeParserMatch, formatDateTime, typeProviderShape, replyGenericOrder, listenAddress, deleteEmptyBody];
