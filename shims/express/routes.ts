/**
 * @module routes
 * Route-stack introspection that works on both majors (row 10): Express 4 keeps the router at `app._router`
 * (created lazily) with `regexp`/`keys` layers, Express 5 at `app.router` with `matchers`/`rawPath` layers.
 */
import { compat, plan, type Shim } from './_shim.ts';
import { USER_PATH } from './_register.ts';
import { ORIGINAL } from './_wrap.ts';
import { expressMajor, isApp } from './major.ts';

type Target = Record<PropertyKey, any>;

export interface RouteInfo {
  /** The path as registered (as written, where straddle saw the registration); a RegExp stays a RegExp. */
  path: string | RegExp;
  /** Upper-case methods in registration order, `'*'` for `all()`, `HEAD` added for `GET`; undefined for mounts. */
  methods: string[] | undefined;
  /** The router mounted at `path`, for `use(path, router)`; recurse with `listRoutes(router)`. */
  router: Target | undefined;
}

/**
 * The router of an app (or the router itself). On Express 4 it is not created early, which would freeze its
 * settings: undefined until the app has a route or middleware. On Express 5 reading `app.router` creates it, as
 * Express 5 itself does.
 */
export function routerOf(target: Target): Target | undefined {
  if (!isApp(target)) return target;
  return expressMajor(target) === 4 ? target._router : target.router;
}

/**
 * The layer stack of an app or router: what `app._router.stack` was in Express 4. Layers keep their major's shape;
 * use `listRoutes()` for a view that is the same on both.
 */
export function routeStack(target: Target): Target[] {
  return routerOf(target)?.stack ?? [];
}

/**
 * The routes and mounted routers of an app or router, in the shape of router 2.3's `router.listRoutes()`, the same
 * on Express 4 and 5 for the same registrations.
 *
 * @see docs/express/app-router-internals.md
 * @example
 * for (const { path, methods } of listRoutes(app)) console.log(methods?.join(','), path);
 */
export function listRoutes(target: Target): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const layer of routeStack(target)) {
    const route = layer.route;
    const handle = layer.handle?.[ORIGINAL] ?? layer.handle;
    const router = !route && handle && Array.isArray(handle.stack) ? handle : undefined;
    if (!route && !router) continue;
    const path = route ? (route[USER_PATH] ?? route.path) : (layer[USER_PATH] ?? layer.rawPath ?? layer.regexp);
    const methods = route ? methodsOf(route) : undefined;
    for (const p of Array.isArray(path) ? path.flat(Infinity) : [path]) {
      routes.push({ path: p, methods: methods?.slice(), router });
    }
  }
  return routes;
}

/** On Express 5, `app._router` reads as `app.router` again, for code not yet moved to `routeStack()`. */
export function installRouterAlias(app: Target, shim: Shim): void {
  if (plan(shim, 'app-router-internals') !== 'emulate' || '_router' in app) return;
  Object.defineProperty(app, '_router', {
    configurable: true,
    get(this: Target) {
      return compat(shim, undefined, 'app-router-internals') ? this.router : undefined;
    },
  });
}

function methodsOf(route: Target): string[] {
  const methods = Object.keys(route.methods).map((m) => (m === '_all' ? '*' : m.toUpperCase()));
  if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
  return methods;
}
