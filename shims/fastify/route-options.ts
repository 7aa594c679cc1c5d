/**
 * @module route-options
 * The features that read a route's options as they are declared, in one `onRoute` hook: Fastify runs it inside the
 * route's registration call, so a warning names the line that declared the route, and the options it leaves are the
 * ones Fastify builds the route from, on either major.
 */
import { expandShorthand } from './json-shorthand.ts';
import { isEnabled, report, type Shim } from './_shim.ts';

type Obj = Record<PropertyKey, any>;

export function installRouteHooks(app: Obj, shim: Shim): void {
  const shorthand = isEnabled(shim, 'json-shorthand');
  const version = isEnabled(shim, 'route-version') && shim.major === 5;
  if (!shorthand && !version) return;
  app.addHook('onRoute', function straddleRouteOptions(options: Obj) {
    if (shorthand && options.schema) {
      const expanded = expandShorthand(options.schema);
      if (expanded !== options.schema) {
        report(shim, 'json-shorthand');
        options.schema = expanded;
      }
    }
    // Fastify 4 versioned the route from this option; 5 reads only constraints.version
    if (version && options.version !== undefined) {
      report(shim, 'route-version');
      if (options.constraints?.version === undefined) options.constraints = { ...options.constraints, version: options.version };
    }
  });
}
