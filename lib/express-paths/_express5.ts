/**
 * @module lib/express-paths/_express5
 * The idiomatic Express 5 spelling of an Express 4 path, for `--target 5` (rule option `target: 'new'`):
 * `:id?` → `{/:id}`, `*` → `*splat`, a trailing `/*` → `/{*splat}`. This form is for code that no longer runs on
 * Express 4; splats become arrays of segments (row 28), so positional reads need `.join('/')`. Paths with inline
 * regex, regex syntax in text or `:id+` / `:id*` (whose `req.params.id` would turn from the last segment into an
 * array) have no string form here: the RegExp serves.
 */
import { stringify, TokenData, type Token } from 'path-to-regexp-v8';
import { LITERAL_ESCAPE, meansSame, parseV5 } from './_same.ts';
import { lexV4 } from './_v4-lex.ts';

export interface Express5Path {
  path: string;
  /** The Express 5 name of each positional param of Express 4 (`req.params[0]` → `req.params.splat`). */
  positional: string[];
}

const REGEX_TEXT = /[\\^$|+?{}[\]()]/;

export function toExpress5Path(path: string): Express5Path | undefined {
  if (meansSame(path)) return { path, positional: [] };
  const v4 = lexV4(path);
  const out: Token[] = [];
  const positional: string[] = [];
  const taken = new Set(v4.flatMap((t) => (t.type === 'param' ? [t.name] : [])));
  const splatName = () => {
    let name = 'splat';
    for (let n = 2; taken.has(name); n++) name = `splat${n}`;
    taken.add(name);
    positional.push(name);
    return name;
  };

  for (let i = 0; i < v4.length; i++) {
    const token = v4[i];
    const next = v4[i + 1];
    if (token.type === 'escape') {
      if (!LITERAL_ESCAPE.test(token.char)) return undefined;
      out.push({ type: 'text', value: token.char });
    } else if (token.type === 'text') {
      if (REGEX_TEXT.test(token.value)) return undefined;
      out.push({ type: 'text', value: token.value });
    } else if (token.type === 'star') {
      if (!isWholeSegment(v4[i - 1], next)) return undefined;
      if (i === 0) out.push({ type: 'text', value: '/' });
      const wildcard: Token = { type: 'wildcard', name: splatName() };
      // Express 4 lets a trailing `*` match nothing (`/files/*` matches `/files/`).
      out.push(next === undefined ? { type: 'group', tokens: [wildcard] } : wildcard);
    } else if (token.type === 'param') {
      if (token.capture || token.star || !/^[A-Za-z_]/.test(token.name)) return undefined;
      const prefix: Token[] = token.slash ? [{ type: 'text', value: '/' }] : token.format ? [{ type: 'text', value: '.' }] : [];
      const param: Token = { type: 'param', name: token.name };
      if (token.optional) out.push({ type: 'group', tokens: [...prefix, param] });
      else out.push(...prefix, param);
    } else {
      return undefined;
    }
  }
  return { path: stringify(new TokenData(out, path)), positional };
}

/**
 * Whether a path is already written in Express 5 syntax: an optional group `{…}` or a named wildcard spanning whole
 * segments (`/*splat`). Neither is something an Express 4 path would plausibly say, so `--target 5` leaves it.
 */
export function looksExpress5(path: string): boolean {
  const tokens = parseV5(path);
  return !!tokens?.some((token, i) => token.type === 'group' || (token.type === 'wildcard' && isWholeSegment(tokens[i - 1], tokens[i + 1])));
}

type Neighbour = { type: string; value?: string } | undefined;

/** Between the start or a `/` and the end or a `/`, for the tokens of either major. */
function isWholeSegment(before: Neighbour, after: Neighbour): boolean {
  const startsSegment = !before || (before.type === 'text' && !!before.value?.endsWith('/'));
  const endsSegment = !after || (after.type === 'text' && !!after.value?.startsWith('/'));
  return startsSegment && endsSegment;
}
