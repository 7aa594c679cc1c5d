/**
 * @module _register
 * Catches what is registered on one router instance: paths given to `use()`/`route()` and the functions they add.
 * Both majors funnel `app.use`, `app.METHOD`, `app.route`, `router.METHOD` and `route.METHOD` through
 * `router.use()`, `router.route()` and `route.stack.push()`, so these three own properties cover them all.
 */
import { defineMethod } from './_shim.ts';
import type { HandlerHook } from './_wrap.ts';

/** How Express compiles a path: `use()` matches prefixes (`end: false`) and is never strict. */
export interface MatchOptions {
  end: boolean;
  strict: boolean;
  sensitive: boolean;
}

export interface RegisterHooks {
  /** Rewrites a path before Express compiles it. */
  path?: (path: unknown, opts: MatchOptions) => unknown;
  /** The error to throw when Express rejects a path (`error`, or one that says why the path has no dual form). */
  pathError?: (error: unknown, path: unknown, opts: MatchOptions) => unknown;
  /** Wraps each handler or middleware as it is added. */
  handler?: HandlerHook;
  /** Called with each router mounted through `use()` (`app.use('/api', router)`), so its routes get the hooks too. */
  onRouter?: (router: Router) => void;
}

/** The path as the user wrote it, kept on layers and routes for `listRoutes()` (Express 4 keeps no mount path). */
export const USER_PATH = Symbol.for('straddle.express.path');

type Router = Record<PropertyKey, any>;

export function interceptRouter(router: Router, hooks: RegisterHooks): void {
  const nativeUse = router.use;
  const nativeRoute = router.route;
  const { path: pathHook, pathError, handler, onRouter } = hooks;
  /** Registers through Express, which compiles the path: an error it throws is explained by `pathError`. */
  const compiling = <T>(register: () => T, path: unknown, opts: MatchOptions): T => {
    try {
      return register();
    } catch (error) {
      throw pathError ? pathError(error, path, opts) : error;
    }
  };

  defineMethod(router, 'use', function use(this: Router, first: unknown) {
    const args = Array.prototype.slice.call(arguments);
    const path = mountPath(first);
    const opts = { end: false, strict: false, sensitive: Boolean(this.caseSensitive) };
    if (path !== undefined && pathHook) args[0] = pathHook(path, opts);
    const from = this.stack.length;
    const result = compiling(() => nativeUse.apply(this, args), path, opts);
    for (let i = from; i < this.stack.length; i++) {
      const layer = this.stack[i];
      layer[USER_PATH] = path ?? '/';
      if (onRouter && isRouter(layer.handle)) onRouter(layer.handle);
      else if (handler) layer.handle = handler(layer.handle);
    }
    return result;
  });

  defineMethod(router, 'route', function route(this: Router, path: unknown) {
    const opts = { end: true, strict: Boolean(this.strict), sensitive: Boolean(this.caseSensitive) };
    const created = compiling(() => nativeRoute.call(this, pathHook ? pathHook(path, opts) : path), path, opts);
    Object.defineProperty(created, USER_PATH, { value: path });
    if (handler) wrapPushes(created.stack, handler);
    return created;
  });
}

/**
 * Wraps what a router already holds: a router is often built, filled and only then mounted on the straddled app.
 * Routes added later are caught by `interceptRouter`.
 */
export function wrapRegistered(router: Router, handler: HandlerHook | undefined, onRouter: (router: Router) => void): void {
  for (const layer of router.stack as any[]) {
    if (layer.route) {
      if (handler) for (const inner of layer.route.stack) inner.handle = handler(inner.handle);
      if (handler) wrapPushes(layer.route.stack, handler);
    } else if (isRouter(layer.handle)) {
      onRouter(layer.handle);
    } else if (handler) {
      layer.handle = handler(layer.handle);
    }
  }
}

// --- internal ---

/** An Express router (either major): a function with its own layer stack and handle(). */
function isRouter(fn: unknown): fn is Router {
  return typeof fn === 'function' && Array.isArray((fn as Router).stack) && typeof (fn as Router).handle === 'function';
}

/** Express's own rule: the first argument is a path unless it (or its first nested element) is a function. */
function mountPath(first: unknown): unknown {
  let arg = first;
  while (Array.isArray(arg) && arg.length !== 0) arg = arg[0];
  return typeof arg === 'function' ? undefined : first;
}

/** A route adds each handler's layer with `this.stack.push(layer)` on both majors. */
function wrapPushes(stack: any[], handler: HandlerHook): void {
  Object.defineProperty(stack, 'push', {
    configurable: true,
    value: function push(this: any[], ...layers: any[]) {
      for (const layer of layers) layer.handle = handler(layer.handle);
      return Array.prototype.push.apply(this, layers);
    },
  });
}
