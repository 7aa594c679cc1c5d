/**
 * @module request-route-props
 * Rows 15–18. On Fastify 5: `request.routerPath`, `routerMethod`, `routeConfig` and `routeSchema` back, as getters
 * over `request.routeOptions` (Fastify 4's own values: the same url, method, config object and schema). On the 4.x
 * minors before 4.23: the `request.routeOptions` the rule `request-route-props` rewrites to, with `url`, `method`,
 * `config` and `schema` (4.10–4.22 have it without `config` and `schema`, 4.0–4.9 not at all). The same
 * `routeOptions` serves the rule `request-context`, whose rewrites read it too.
 */
import { FLAGS } from './flags.ts';
import { routeContextOf, shadowedGetter } from './_internals.ts';
import { isEnabled, report, type Shim } from './_shim.ts';
import { versionAtLeast } from './major.ts';

const ID = 'request-route-props';

/** Each property Fastify 5 removed, and the key of `routeOptions` holding its value. */
export const REMOVED_ROUTE_PROPS = { routerPath: 'url', routerMethod: 'method', routeConfig: 'config', routeSchema: 'schema' } as const;

type Obj = Record<PropertyKey, any>;

/** Set on an instance (and seen by its plugin contexts) once routeOptions is supplied there. */
const FORWARDED = Symbol.for('straddle.fastify.routeOptions');

export function installRequestRouteProps(app: Obj, shim: Shim): void {
  if (!isEnabled(shim, ID)) return;
  if (shim.major === 5) {
    for (const [name, key] of Object.entries(REMOVED_ROUTE_PROPS)) {
      // a straddled parent context decorated it already
      if (app.hasRequestDecorator(name)) continue;
      app.decorateRequest(name, {
        getter(this: Obj) {
          report(shim, ID);
          return this.routeOptions?.[key];
        },
      });
    }
    return;
  }
  installRouteOptions(app, shim, ID);
}

/**
 * On the 4.x minors before 4.23, `request.routeOptions` complete: a decorator may shadow what Fastify's base request
 * class defines, so 4.10–4.22's routeOptions (no config, schema or handler) is completed and 4.0–4.9's built. Its
 * warnings carry `id`: the feature whose rewrites read it.
 */
export function installRouteOptions(app: Obj, shim: Shim, id: 'request-route-props' | 'request-context'): void {
  const { forward } = FLAGS[id];
  if (shim.major !== 4 || versionAtLeast(shim.version, forward.from) || app[FORWARDED]) return;
  Object.defineProperty(app, FORWARDED, { value: true });
  app.decorateRequest('routeOptions', {
    getter: function routeOptions(this: Obj) {
      const native = shadowedGetter(this, 'routeOptions', routeOptions)?.call(this) as Obj | undefined;
      if (native && 'config' in native) return native;
      report(shim, id, forward.message);
      return Object.freeze({ ...routeOptionsFromContext(routeContextOf(this) ?? {}), ...native });
    },
  });
}

/** `routeOptions` as 4.23 builds it, from a request's route context. */
function routeOptionsFromContext(context: Obj): Obj {
  const config = context.config;
  return {
    method: config?.method,
    url: config?.url,
    bodyLimit: context._parserOptions?.limit || context.server?.initialConfig?.bodyLimit,
    attachValidation: context.attachValidation,
    logLevel: context.logLevel,
    handler: context.handler,
    config,
    schema: context.schema,
  };
}
