/**
 * @module codemods/fastify/_section-b
 * The rules for section B of docs/fastify/breaking-changes.md (the removed v4 deprecations and the JSON shorthand)
 * beyond the pack's first slice, listed here so that ./index.ts registers them with one line.
 */
import jsonShorthand from './json-shorthand.ts';
import asyncPluginDone from './async-plugin-done.ts';
import requestContext from './request-context.ts';
import routeVersion from './route-version.ts';
import defaultRoute from './default-route.ts';
import serverVersioning from './server-versioning.ts';
import decorateReference from './decorate-reference.ts';
import headAfterGet from './head-after-get.ts';
import replyTrailerValue from './reply-trailer-value.ts';

export const sectionB = [jsonShorthand, asyncPluginDone, requestContext, routeVersion, defaultRoute, serverVersioning, decorateReference, headAfterGet, replyTrailerValue];
