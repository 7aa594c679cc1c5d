/**
 * @module request-connection
 * Row 5. On Fastify 5: `request.connection` back, as the request's socket (what Fastify 4 returned: Node's
 * `req.connection` is the same object as `req.socket`).
 */
import { isEnabled, report, type Shim } from './_shim.ts';

const ID = 'request-connection';

type Obj = Record<PropertyKey, any>;

export function installRequestConnection(app: Obj, shim: Shim): void {
  if (!isEnabled(shim, ID) || shim.major !== 5 || app.hasRequestDecorator('connection')) return;
  app.decorateRequest('connection', {
    getter(this: Obj) {
      report(shim, ID);
      return this.raw.socket;
    },
  });
}
