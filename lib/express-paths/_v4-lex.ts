/**
 * @module lib/express-paths/_v4-lex
 * Splits an Express 4 path string into the pieces path-to-regexp 0.1.x recognises, using the very token pattern of
 * `path-to-regexp@0.1.13` (index.js, the `path.replace(...)` call). What a path *means* on 4 always comes from the
 * real library (see `_regexp.ts`); this lexer only tells which features a path uses, so that it can be classified
 * and rewritten piece by piece.
 */

/** A `:name` placeholder with the modifiers path-to-regexp 0.1.x accepts. */
export interface V4Param {
  type: 'param';
  /** `\w+`, as 0.1.x reads it (may start with a digit, unlike Express 5). */
  name: string;
  /** A `/` directly before `:` belongs to the param (it is inside the optional group). */
  slash: boolean;
  /** A `.` directly before `:` makes a "format" param: no `.` inside its value. */
  format: boolean;
  /** Inline regex, e.g. `(\d+)`, with its parentheses. */
  capture?: string;
  star: boolean;
  optional: boolean;
  /** Source text of the whole token. */
  raw: string;
}

export type V4Token =
  | { type: 'text'; value: string }
  | { type: 'escape'; char: string }
  | { type: 'star' }
  | { type: 'group-open' }
  | V4Param;

// Same alternatives, same order as path-to-regexp@0.1.13: escapes, params, `.`/`*`, then `/(`.
const V4_TOKEN = /\\.|(\/)?(\.)?:(\w+)(\(.*?\))?(\*)?(\?)?|[.*]|\/\(/g;

export function lexV4(path: string): V4Token[] {
  const tokens: V4Token[] = [];
  const pushText = (value: string) => {
    if (!value) return;
    const last = tokens.at(-1);
    if (last?.type === 'text') last.value += value;
    else tokens.push({ type: 'text', value });
  };
  let pos = 0;
  for (const m of path.matchAll(V4_TOKEN)) {
    pushText(path.slice(pos, m.index));
    pos = m.index + m[0].length;
    const [raw, slash, format, name, capture, star, optional] = m;
    if (raw[0] === '\\') tokens.push({ type: 'escape', char: raw[1] });
    else if (raw === '.') pushText('.');
    else if (raw === '*') tokens.push({ type: 'star' });
    else if (raw === '/(') {
      pushText('/');
      tokens.push({ type: 'group-open' });
    } else {
      tokens.push({
        type: 'param', name, slash: !!slash, format: !!format, capture,
        star: !!star, optional: !!optional, raw,
      });
    }
  }
  pushText(path.slice(pos));
  return tokens;
}

/** Writes tokens back as an Express 4 path (the inverse of `lexV4` for the tokens it produced). */
export function printV4(tokens: readonly V4Token[]): string {
  return tokens.map((t) => {
    switch (t.type) {
      case 'text': return t.value;
      case 'escape': return `\\${t.char}`;
      case 'star': return '*';
      case 'group-open': return '(';
      case 'param': return t.raw;
    }
  }).join('');
}
