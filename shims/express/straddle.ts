/**
 * @module straddle
 * `straddle(app, options)`: the one explicit line that turns the shim on for an app (or a router). It patches only
 * that object, its own `app.request`/`app.response` prototypes and its router; never the express module.
 */
import { createShim, defineMethod, REQUEST_MODES, type Shim, type StraddleOptions } from './_shim.ts';
import { interceptRouter, wrapRegistered } from './_register.ts';
import { composeHooks } from './_wrap.ts';
import { asyncHandlerHook, forwardParamRejections, rejectionReporter } from './async-handler.ts';
import { installLegacyApp, installParam } from './legacy-app.ts';
import { installLegacyRequest } from './legacy-request.ts';
import { installLegacyResponse } from './legacy-response.ts';
import { expressMajor, isApp, markMajor } from './major.ts';
import { installRequestParsing, parsingHooks } from './request-parsing.ts';
import { routePathErrorHook, routePathHook } from './route-path.ts';
import { installRouterAlias } from './routes.ts';

/** Set on every app and router straddle patched; holds its shim. */
const STRADDLED = Symbol.for('straddle.express.straddled');

type Target = Record<PropertyKey, any>;

/**
 * Enables the shim on an Express 4 or 5 app, or on a router. Call it right after `express()` /
 * `express.Router()`, before registering routes: handlers registered earlier are not wrapped. Anything that is not
 * an Express app or router (a mock, a stub) is handed back unchanged.
 *
 * On an app, every feature applies to the app's requests and routes. On a router, `options` override the app's
 * modes for the requests passing through it, and apply to the routes registered on it.
 *
 * @param options `default` (mode of every feature not opted in or listed; default `warn`), `features`
 * (per-id modes), `onWarning` (sink, replaces console output), `report` (JSON-lines file; default
 * `process.env.STRADDLE_REPORT`).
 * @see docs/express/shim.md
 * @example
 * const app = straddle(express(), { features: { 'req-query-assign': 'on' } });
 */
export function straddle<T extends object>(target: T, options: StraddleOptions = {}): T {
  const obj = target as Target;
  const major = expressMajor(obj);
  // anything else goes through untouched: test suites mock express, and a wired line must not break them
  if (major === undefined) return target;
  if (obj[STRADDLED]) {
    throw new TypeError('straddle(target): this app or router is already straddled; call straddle() once per object.');
  }
  const shim = createShim(major, options);
  if (isApp(obj)) installApp(obj, shim);
  else {
    installRouter(obj, shim);
    scopeRequests(obj, shim);
  }
  return target;
}

function installApp(app: Target, shim: Shim): void {
  mark(app, shim);
  markMajor(app.request, shim.major);
  markMajor(app.response, shim.major);
  installLegacyRequest(app.request, shim);
  installLegacyResponse(app.response, shim);
  installLegacyApp(app, shim);
  installRequestParsing(app, shim);
  installRouterAlias(app, shim);
  whenRouterExists(app, shim, (router) => installRouter(router, shim));
}

function installRouter(router: Target, shim: Shim): void {
  if (router[STRADDLED]) return;
  mark(router, shim);
  const asyncHook = asyncHandlerHook(shim);
  const handler = composeHooks([asyncHook, ...parsingHooks(shim)]);
  // a router mounted on a straddled app or router gets the same features, whether filled before or after mounting
  const onRouter = (child: Target) => installRouter(child, shim);
  wrapRegistered(router, handler, onRouter);
  interceptRouter(router, { path: routePathHook(shim), pathError: routePathErrorHook(shim), handler, onRouter });
  installParam(router, shim, asyncHook && ((fn) => forwardParamRejections(fn, rejectionReporter(shim))));
}

function mark(obj: Target, shim: Shim): void {
  markMajor(obj, shim.major);
  Object.defineProperty(obj, STRADDLED, { value: shim, configurable: true });
}

/**
 * Both majors create the app's router lazily, on first use, from the settings of that moment; patching it when it
 * appears keeps that, so `app.set('strict routing')` after straddle() still counts.
 */
function whenRouterExists(app: Target, shim: Shim, install: (router: Target) => void): void {
  if (shim.major === 4) {
    const lazyrouter = app.lazyrouter;
    if (app._router) install(app._router);
    defineMethod(app, 'lazyrouter', function lazy(this: Target) {
      lazyrouter.call(this);
      install(this._router);
    });
    return;
  }
  const desc = Object.getOwnPropertyDescriptor(app, 'router');
  if (!desc?.get) return;
  const getter = desc.get;
  Object.defineProperty(app, 'router', {
    configurable: true,
    enumerable: true,
    get(this: Target) {
      const router = getter.call(this);
      install(router);
      Object.defineProperty(this, 'router', { value: router, configurable: true, enumerable: true });
      return router;
    },
  });
}

/** A router's own modes hold for requests while they are inside it; the previous ones return when it calls out. */
function scopeRequests(router: Target, shim: Shim): void {
  const overrides = shim.overrides;
  if (Object.keys(overrides).length === 0) return;
  const handle = router.handle;
  defineMethod(router, 'handle', function scoped(this: Target, req: Target, res: unknown, out: (e?: unknown) => void) {
    const outer = req[REQUEST_MODES];
    req[REQUEST_MODES] = outer ? { ...outer, ...overrides } : overrides;
    return handle.call(this, req, res, function leave(err?: unknown) {
      req[REQUEST_MODES] = outer;
      out(err);
    });
  });
}
