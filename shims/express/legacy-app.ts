/**
 * @module legacy-app
 * Express 4 app and router APIs on Express 5: `app.del()` (row 3), `app.param(':name', fn)` (row 22) and param
 * mappers `app.param(fn)` (row 9). Param callbacks also get Express 5's promise handling on 4 (row 26).
 */
import { compat, modeAt, plan, restoreMethod, defineMethod, type Shim } from './_shim.ts';
import type { Handler, HandlerHook } from './_wrap.ts';

type Target = Record<string, any>;

export function installLegacyApp(app: Target, shim: Shim): void {
  const del = function del(this: Target) {
    return this.delete.apply(this, arguments);
  };
  restoreMethod(app, shim, 'app-del', 'del', 'app.del', del, () => undefined);
}

/** A param mapper of Express 4: `(name, fn) => handler | undefined`, applied to every later `param(name, fn)`. */
type ParamMapper = (name: string, fn: unknown) => unknown;

/**
 * Wraps `router.param` of one router. `app.param` goes through its router's `param` on both majors, so the app's
 * router carries the app's mappers, as Express 4 kept them on `app._router`.
 */
export function installParam(router: Target, shim: Shim, paramHook: HandlerHook | undefined): void {
  const colon = plan(shim, 'app-param-colon');
  if (colon === 'skip' && plan(shim, 'app-param-fn') === 'skip' && !paramHook && shim.major === 4) return;
  const native = router.param;
  const mappers: ParamMapper[] = [];

  defineMethod(router, 'param', function param(this: Target, name: any, fn: any) {
    if (typeof name === 'function') {
      if (shim.major === 4) {
        compat(shim, undefined, 'app-param-fn');
        return native.apply(this, arguments);
      }
      addMapper(shim, mappers, name);
      return this;
    }
    if (typeof name === 'string' && name[0] === ':' && compat(shim, undefined, 'app-param-colon')) {
      name = name.slice(1);
    }
    for (const mapper of mappers) fn = mapper(name, fn) || fn;
    if (mappers.length !== 0 && typeof fn !== 'function') {
      throw new Error(`invalid param() call for ${name}, got ${fn}`);
    }
    return native.call(this, name, paramHook && typeof fn === 'function' ? paramHook(fn as Handler) : fn);
  });
}

/** On 5: keeps the mapper, or throws an error that says how to bring `param(fn)` back. */
function addMapper(shim: Shim, mappers: ParamMapper[], mapper: ParamMapper): void {
  if (plan(shim, 'app-param-fn') === 'skip' || modeAt(shim, undefined, 'app-param-fn') === 'off') {
    throw new TypeError(
      "app.param(fn): removed in Express 5, and straddle's express/app-param-fn is off here. " +
        "Set features['app-param-fn'] to 'warn' or 'on' to bring it back, or register app.param(name, handler).",
    );
  }
  compat(shim, undefined, 'app-param-fn');
  mappers.push(mapper);
}
