/**
 * @module codemods/express/_paths/_redos
 * A cheap guard, run per path at run time, against emitting a regular expression that backtracks super-linearly
 * (the regexp is Express 4's own for the path, so this is about not carrying its worst cases forward).
 * Params inside one segment (`[^/]+?`) are bounded by the next `/`; what can span segments is `.*` / `.+` (from
 * `*`, `:x*`, `(.*)`) and a repeated group (`:x+`). recheck reports 2nd-degree polynomial backtracking for two of
 * those in one expression, for one in an alternative that is not anchored (`a|b/*`), and for one followed by many
 * params; such paths are reported instead. The test suite runs recheck on what this lets through.
 */

// `.*`, `.+` (lazy or not) outside a class and unescaped, and `)+` / `)*` (a repeated group).
const SPANNING = /(?<!\\)\.[*+]|\)[*+]/g;
// A capturing group: `(` not followed by `?`, or a named group `(?<name>`.
const CAPTURE = /(?<!\\)\((?!\?)|\(\?<[A-Za-z_$]/g;
const MAX_CAPTURES_AFTER_SPAN = 2;

// 0.1.x's param after text in the same segment, `(?:(?!\/|text).)+?`: it never crosses a `/`.
const SEGMENT_BOUNDED = /\(\?:\(\?!\\\/\|(?:[^()\\]|\\.)*\)\.\)\+\?/g;

export function isSafeRegexp(source: string): boolean {
  const spans = [...source.replace(SEGMENT_BOUNDED, '[^/]+?').matchAll(SPANNING)];
  if (spans.length === 0) return true;
  if (spans.length > 1 || hasTopLevelAlternation(source)) return false;
  const after = spans[0].input.slice(spans[0].index + spans[0][0].length);
  return (after.match(CAPTURE) ?? []).length <= MAX_CAPTURES_AFTER_SPAN;
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
