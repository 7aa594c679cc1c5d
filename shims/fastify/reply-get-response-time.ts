/**
 * @module reply-get-response-time
 * Row 20. On Fastify 5: `reply.getResponseTime()` back, as `reply.elapsedTime`. On the 4.x minors before 4.26:
 * `reply.elapsedTime`, the form the rule `reply-get-response-time` rewrites to, as `reply.getResponseTime()`.
 */
import { FLAGS } from './flags.ts';
import { isEnabled, report, type Shim } from './_shim.ts';
import { versionAtLeast } from './major.ts';

const ID = 'reply-get-response-time';

type Obj = Record<PropertyKey, any>;

export function installReplyGetResponseTime(app: Obj, shim: Shim): void {
  if (!isEnabled(shim, ID)) return;
  if (shim.major === 5) {
    if (app.hasReplyDecorator('getResponseTime')) return;
    app.decorateReply('getResponseTime', function getResponseTime(this: Obj) {
      report(shim, ID);
      return this.elapsedTime;
    });
    return;
  }
  const { forward } = FLAGS[ID];
  if (versionAtLeast(shim.version, forward.from) || app.hasReplyDecorator('elapsedTime')) return;
  app.decorateReply('elapsedTime', {
    getter(this: Obj) {
      report(shim, ID, forward.message);
      return this.getResponseTime();
    },
  });
}
