/**
 * @module async-handler
 * Express 5's promise handling on Express 4 (row 26): a handler, middleware or param callback whose returned
 * promise rejects passes the error to `next(err)` instead of leaving the request hanging.
 */
import { plan, type Shim } from './_shim.ts';
import { callSite } from './_warn.ts';
import { asWrapperOf, isPlainHandler, ORIGINAL, type Handler, type HandlerHook } from './_wrap.ts';

/** The registration hook for this shim, or undefined where Express already does it (5) or the feature is off. */
export function asyncHandlerHook(shim: Shim): HandlerHook | undefined {
  if (plan(shim, 'async-handler') !== 'emulate') return undefined;
  return (fn) => forwardRejections(fn, rejectionReporter(shim));
}

/**
 * Wraps a handler so that a rejected promise it returns reaches `next(err)`, as Express 5 does; a rejection without
 * a reason becomes `Error('Rejected promise')`, as in Express 5. Keeps `fn.length` (error middleware has 4).
 *
 * @see docs/express/async-handler.md
 * @example
 * app.get('/user/:id', forwardRejections(async (req, res) => res.json(await load(req.params.id))));
 */
export function forwardRejections<T extends Handler>(fn: T, onRejected?: () => void): T {
  if (!isPlainHandler(fn) || (fn as any)[ORIGINAL] || fn.length > 4) return fn;
  const wrapped =
    fn.length === 4
      ? function errorHandler(err: unknown, req: unknown, res: unknown, next: Next) {
          settle(fn(err, req, res, next), next, onRejected);
        }
      : function handler(req: unknown, res: unknown, next: Next) {
          settle(fn(req, res, next), next, onRejected);
        };
  return asWrapperOf(wrapped, fn) as unknown as T;
}

/** Param callbacks get `(req, res, next, value, name)`; Express 5 forwards their rejections too. */
export function forwardParamRejections(fn: Handler, onRejected?: () => void): Handler {
  if (typeof fn !== 'function' || (fn as any)[ORIGINAL]) return fn;
  return asWrapperOf(function paramHandler(req: unknown, res: unknown, next: Next, value: unknown, name: unknown) {
    settle(fn(req, res, next, value, name), next, onRejected);
  }, fn);
}

/** In `warn` mode, the warning names where the handler was registered: the rejection itself has no useful stack. */
export function rejectionReporter(shim: Shim): (() => void) | undefined {
  if (shim.modes['async-handler'] !== 'warn') return undefined;
  const site = callSite();
  return () => shim.warn('async-handler', site);
}

// --- internal ---

type Next = (err?: unknown) => void;

function settle(ret: any, next: Next, onRejected: (() => void) | undefined): void {
  if (ret !== null && typeof ret === 'object' && typeof ret.then === 'function') {
    ret.then(undefined, (err: unknown) => {
      onRejected?.();
      next(err || new Error('Rejected promise'));
    });
  }
}
