/**
 * @module codemods/express/_paths/_redos
 * A cheap guard, run per path at run time, against emitting a regular expression that backtracks super-linearly
 * (the RegExp is Express 4's own for the path, so this is about not carrying its worst cases forward).
 * Params inside one segment (`[^/]+?`) are bounded by the next `/`; what can span segments is `.*` / `.+` (from
 * `*`, `:x*`, `(.*)`) and a repeated group (`:x+`). recheck finds 2nd-degree polynomial backtracking when two of
 * those meet, when one sits in an alternative that is not anchored (`a|b/*`), and when params or optional parts
 * follow one. So one is accepted only as the last variable part of a path (`/files/*`, `/ab*cd`, `/:a/:b+`); the
 * rest is reported. The test suite runs recheck on what this lets through.
 */

// `.*`, `.+` outside a class and unescaped, and `)+` / `)*` (a repeated group).
const SPANNING = /(?<!\\)\.[*+]|\)[*+]/g;
// 0.1.x's param after text in the same segment, `(?:(?!\/|text).)+?`: it never crosses a `/`.
const SEGMENT_BOUNDED = /\(\?:\(\?!\\\/\|(?:[^()\\]|\\.)*\)\.\)\+\?/g;
// What closes the spanning construct itself (`)`, `?)`…), then how 0.1.x ends every expression.
const CONSTRUCT_END = /^[)?]*/;
const EXPRESSION_END = /(?:\\\/\?)?(?:\$|\(\?=\\\/\|\$\))$/;
const VARIABLE = /(?<!\\)[([?*+{]/;

export function isSafeRegexp(source: string): boolean {
  const spans = [...source.replace(SEGMENT_BOUNDED, '[^/]+?').matchAll(SPANNING)];
  if (spans.length === 0) return true;
  if (spans.length > 1 || hasTopLevelAlternation(source)) return false;
  const after = spans[0].input.slice(spans[0].index + spans[0][0].length);
  return !VARIABLE.test(after.replace(CONSTRUCT_END, '').replace(EXPRESSION_END, ''));
}

export function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
