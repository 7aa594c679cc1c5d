/**
 * @module _wrap
 * Wrapping a handler without changing how Express classifies it: Express tells error middleware by `fn.length === 4`
 * and names layers after `fn.name`, so wrappers keep both and remember the function they wrap.
 */

/** The function a straddle wrapper wraps. */
export const ORIGINAL = Symbol.for('straddle.express.original');

export type Handler = (...args: any[]) => any;

/** Gives `wrapper` the name of `fn` and remembers `fn`; returns the wrapper. */
export function asWrapperOf<T extends Handler>(wrapper: T, fn: Handler): T {
  Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapper, ORIGINAL, { value: fn });
  return wrapper;
}

/** Routers and apps are registered as functions too; they must stay what they are for mounting and introspection. */
export function isPlainHandler(fn: unknown): fn is Handler {
  return typeof fn === 'function' && !Array.isArray((fn as any).stack) && typeof (fn as any).handle !== 'function';
}

export type HandlerHook = (fn: Handler) => Handler;

/** Applies hooks in order; a hook returns its input unchanged when the function is none of its business. */
export function composeHooks(hooks: (HandlerHook | undefined)[]): HandlerHook | undefined {
  const active = hooks.filter((h): h is HandlerHook => h !== undefined);
  if (active.length === 0) return undefined;
  return (fn) => active.reduce((acc, hook) => hook(acc), fn);
}
