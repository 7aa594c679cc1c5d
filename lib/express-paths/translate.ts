/**
 * @module lib/express-paths/translate
 * Translates an Express 4 route path into the simplest form that matches, and fills `req.params`, identically on
 * Express 4 (path-to-regexp 0.1.13) and Express 5 (router 2.3.0, path-to-regexp 8.4.2). Imported at run time by the
 * shim, so it stays small and depends on the two path-to-regexp versions only.
 *
 * Order of preference: keep the path (`same`) → an array of plain paths for optional params (`paths`) → the exact
 * Express 4 regular expression with named groups (`regexp`) → `unsupported` with the reason.
 */
import { meansSame } from './_same.ts';
import { toDualRegexp } from './_regexp.ts';
import { expandOptionals } from './_optional.ts';
import { isSafeRegexp } from './_redos.ts';

export interface PathOptions { end: boolean; strict: boolean; sensitive: boolean }
export type Translation =
  | { kind: 'same' }
  | { kind: 'paths'; paths: string[] }
  /** `caveat`: the one case where it still differs between the majors (the rewrite then needs a test's proof). */
  | { kind: 'regexp'; source: string; flags: string; caveat?: string }
  | { kind: 'unsupported'; reason: string };

/** Options of a verb route (`app.get`) on a default app; `use` has `end: false`. */
export const DEFAULT_ROUTE_OPTIONS: PathOptions = { end: true, strict: false, sensitive: false };

/**
 * Translates one Express 4 path. `opts` are the router's: `end` is false for `use`, `strict` and `sensitive` come
 * from `strict routing` / `case sensitive routing` or `Router({ strict, caseSensitive })`.
 */
export function translatePath(path: string, opts: PathOptions): Translation {
  if (meansSame(path)) return { kind: 'same' };
  // Router 2 never loosens `'/'`: in an array it also matches `//` (non-strict routes and every `use`) on 5 only.
  const paths = expandOptionals(path)?.map((p) => (p === '/' && !(opts.end && opts.strict) ? '' : p));
  if (paths?.every(meansSame)) return { kind: 'paths', paths };
  const regexp = toDualRegexp(path, opts);
  if (!regexp.ok) return { kind: 'unsupported', reason: regexp.reason };
  if (!isSafeRegexp(regexp.source)) {
    return { kind: 'unsupported', reason: 'its exact Express 4 regular expression backtracks super-linearly (ReDoS)' };
  }
  return { kind: 'regexp', source: regexp.source, flags: regexp.flags, ...(regexp.caveat && { caveat: regexp.caveat }) };
}

export { classifyPath } from './_classify.ts';
export { looksExpress5, toExpress5Path, type Express5Path } from './_express5.ts';
