/**
 * @module major
 * Which Express major an app, router, request or response belongs to, read from the object itself: a library may
 * be handed an app built by a different copy of express than the one `require('express')` would give it.
 */

export type Major = 4 | 5;

/**
 * Set on every object straddle patched, before patching, so detection is not fooled by what the shim added (for
 * instance `app.del` on Express 5). `Symbol.for` so the ESM and CJS builds of the shim agree.
 */
export const MAJOR = Symbol.for('straddle.express.major');

type Probe = Record<PropertyKey, any>;

/**
 * The Express major of an app, router, request or response, or `undefined` when the object is none of those.
 *
 * @see docs/express/shim.md
 * @example
 * if (expressMajor(req) === 4) req.query = sanitized;
 */
export function expressMajor(target: unknown): Major | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const obj = target as Probe;
  const marked = obj[MAJOR];
  if (marked === 4 || marked === 5) return marked;
  if (isApp(obj)) return typeof obj.lazyrouter === 'function' ? 4 : 5;
  if (isRouter(obj)) return Array.isArray(obj._params) ? 4 : 5;
  // requests and responses reach their app through the app's own prototype (`app.request.app`)
  const app = obj.app;
  return app && app !== obj && isApp(app) ? expressMajor(app) : undefined;
}

export function isApp(obj: any): boolean {
  return typeof obj === 'function' && typeof obj.handle === 'function' && typeof obj.set === 'function';
}

export function isRouter(obj: any): boolean {
  return (
    typeof obj === 'function' &&
    typeof obj.handle === 'function' &&
    typeof obj.route === 'function' &&
    Array.isArray(obj.stack) &&
    typeof obj.set !== 'function'
  );
}

/** Records the major on an object before it is patched; idempotent. */
export function markMajor(obj: object, major: Major): void {
  Object.defineProperty(obj, MAJOR, { value: major, configurable: true });
}
