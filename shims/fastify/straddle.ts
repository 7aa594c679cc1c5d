/**
 * @module straddle
 * `straddle(fastify, options)`: the one explicit line that turns the shim on for a Fastify instance. It works through
 * Fastify's own extension points (request and reply decorators, an `onRoute` hook), so it reaches the instance and
 * every plugin context created inside it, and never the fastify module or another instance.
 */
import { createShim, type StraddleOptions } from './_shim.ts';
import { fastifyMajor, fastifyVersion } from './major.ts';
import { installReplyGetResponseTime } from './reply-get-response-time.ts';
import { installRequestConnection } from './request-connection.ts';
import { installRequestContext } from './request-context.ts';
import { installRequestRouteProps } from './request-route-props.ts';
import { installRouteHooks } from './route-options.ts';

/** Set on every instance straddle patched. `Symbol.for` so the ESM and CJS builds of the shim agree. */
const STRADDLED = Symbol.for('straddle.fastify.straddled');

/**
 * Enables the shim on a Fastify 4 or 5 instance. Call it right after `fastify()` (or at the top of a plugin, for that
 * plugin's context), before registering routes: the schema and route-option features see only routes registered
 * after it. Anything that is not a Fastify instance (a mock, a stub) is handed back unchanged.
 *
 * @param options `default` (mode of every feature not listed; default `warn`), `features` (per-id modes),
 * `onWarning` (sink, replaces console output), `report` (JSON-lines file; default `process.env.STRADDLE_REPORT`).
 * @see docs/fastify/shim.md
 * @example
 * const app = straddle(fastify(), { features: { 'json-shorthand': 'on' } });
 */
export function straddle<T>(instance: T, options: StraddleOptions = {}): T {
  const major = fastifyMajor(instance);
  // anything else goes through untouched: test suites mock fastify, and a wired line must not break them
  if (major === undefined) return instance;
  const app = instance as Record<PropertyKey, any>;
  if (Object.prototype.hasOwnProperty.call(app, STRADDLED)) {
    throw new TypeError('straddle(instance): this Fastify instance is already straddled; call straddle() once per instance.');
  }
  const shim = createShim(major, fastifyVersion(instance)!, options);
  Object.defineProperty(app, STRADDLED, { value: shim, configurable: true });
  installRequestRouteProps(app, shim);
  installReplyGetResponseTime(app, shim);
  installRequestContext(app, shim);
  installRequestConnection(app, shim);
  installRouteHooks(app, shim);
  return instance;
}
