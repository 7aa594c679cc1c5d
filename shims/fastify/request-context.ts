/**
 * @module request-context
 * Rows 12 and 19. On Fastify 5: `request.context` and `reply.context` back, holding what Fastify 4's route context
 * has a public twin for in `request.routeOptions` (config, schema, handler, logLevel, attachValidation: the same
 * objects). On the 4.x minors before 4.23: the complete `request.routeOptions` the rule `request-context` rewrites to.
 */
import { installRouteOptions } from './request-route-props.ts';
import { isEnabled, report, type Shim } from './_shim.ts';

const ID = 'request-context';

type Obj = Record<PropertyKey, any>;

/** The route context's fields that `routeOptions` also has. */
const TWINS = ['config', 'schema', 'handler', 'logLevel', 'attachValidation'] as const;

function contextOf(request: Obj): Obj | undefined {
  const options = request.routeOptions;
  return options && Object.freeze(Object.fromEntries(TWINS.map((key) => [key, options[key]])));
}

export function installRequestContext(app: Obj, shim: Shim): void {
  if (!isEnabled(shim, ID)) return;
  if (shim.major === 4) {
    installRouteOptions(app, shim, ID);
    return;
  }
  if (!app.hasRequestDecorator('context')) {
    app.decorateRequest('context', {
      getter(this: Obj) {
        report(shim, ID);
        return contextOf(this);
      },
    });
  }
  if (!app.hasReplyDecorator('context')) {
    app.decorateReply('context', {
      getter(this: Obj) {
        report(shim, ID);
        return contextOf(this.request);
      },
    });
  }
}
