/**
 * @module route-path
 * Express 4 route paths on Express 5 (rows 27–36), translated at run time with the same translator the codemod
 * uses: for paths built at run time, which no rewrite of the source can reach.
 */
import { translatePath, type PathOptions } from '../../lib/express-paths/translate.ts';
import { compat, plan, type Shim } from './_shim.ts';
import type { MatchOptions } from './_register.ts';

export type { PathOptions };

/**
 * Translates an Express 4 route path into a form that matches, and fills `req.params`, the same on Express 4 and 5:
 * the path itself, an array of paths, or a RegExp with named groups. Throws when no such form exists.
 *
 * @param opts how the path is mounted: `end: false` for `use()`; `strict`/`sensitive` as the router's. Default: a
 * verb route on a default app.
 * @see docs/express/route-path.md
 * @example
 * app.get(routePath(`${prefix}/:id?`), handler);
 */
export function routePath(path: string, opts: Partial<PathOptions> = {}): string | string[] | RegExp {
  const translated = translateOne(path, { end: true, strict: false, sensitive: false, ...opts });
  if ('reason' in translated) {
    const what = `straddle routePath(${JSON.stringify(path)})`;
    throw new TypeError(`${what}: no form means the same on Express 4 and 5: ${translated.reason}.`);
  }
  return translated.value;
}

/** The registration hook: translates string paths on 5; in `warn` mode also reports them on 4. */
export function routePathHook(shim: Shim): ((path: unknown, opts: MatchOptions) => unknown) | undefined {
  if (plan(shim, 'route-path') === 'skip') return undefined;
  return (path, opts) => {
    if (typeof path !== 'string' && !Array.isArray(path)) return path;
    let changed = false;
    const out = [path].flat(Infinity).flatMap((p) => {
      if (typeof p !== 'string') return [p];
      const translated = translateOne(p, opts);
      if ('reason' in translated || translated.value !== p) changed = true;
      return 'reason' in translated ? [p] : [translated.value].flat();
    });
    if (!changed || !compat(shim, undefined, 'route-path')) return path;
    return Array.isArray(path) || out.length !== 1 ? out : out[0];
  };
}

/**
 * The error hook: when Express rejects a path the translator has no dual form for, the error says which path and
 * why (a report names the construct left, not only path-to-regexp's complaint).
 */
export function routePathErrorHook(shim: Shim): ((error: unknown, path: unknown, opts: MatchOptions) => unknown) | undefined {
  if (plan(shim, 'route-path') === 'skip') return undefined;
  return (error, path, opts) => {
    if (!(error instanceof Error)) return error;
    const reasons = [path].flat(Infinity).flatMap((p) => {
      const translated = typeof p === 'string' ? translateOne(p, opts) : undefined;
      return translated && 'reason' in translated ? [`${JSON.stringify(p)}: ${translated.reason}`] : [];
    });
    if (!reasons.length) return error;
    const what = `straddle express/route-path: no form means the same on Express 4 and 5 for ${reasons.join('; ')}`;
    return new TypeError(`${what}. Express ${shim.major} says: ${error.message}`, { cause: error });
  };
}

function translateOne(path: string, opts: PathOptions): { value: string | string[] | RegExp } | { reason: string } {
  const t = translatePath(path, opts);
  switch (t.kind) {
    case 'same':
      return { value: path };
    case 'paths':
      return { value: t.paths };
    case 'regexp':
      return { value: new RegExp(t.source, t.flags) };
    default:
      return { reason: t.reason };
  }
}
