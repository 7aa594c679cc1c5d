/**
 * @module lib/express-paths/_regexp
 * The dual-native RegExp for a path: exactly the regular expression Express 4 builds for it (from the real
 * path-to-regexp 0.1.13, with the router's options baked in), its named params turned into named groups.
 *
 * Why it behaves the same on both majors: a RegExp route is used as-is by both routers, both number its unnamed
 * groups 0, 1, … and take names from `(?<name>…)` groups, and both decode every captured value with
 * `decodeURIComponent` (400 on malformed `%`, row 36). Express 4 keeps unmatched groups as `undefined` keys while
 * Express 5 omits them, which reads the same.
 */
import pathToRegexpV0 from 'path-to-regexp-v0';
import { hasTopLevelAlternation } from './_redos.ts';
import type { PathOptions } from './translate.ts';

export type RegexpResult =
  | { ok: true; source: string; flags: string; caveat?: string }
  | { ok: false; reason: string };

/** Where the exact Express 4 RegExp of a `use()` path with a top-level `|` still differs on Express 5. */
export const MOUNT_BEFORE_DOT = 'Express 4 also mounts it where the match is followed by a ".", e.g. /favicon.ico.bak; Express 5 never does';

interface V0Key {
  name: string | number;
}

const GROUP_NAME = /^[A-Za-z_$][\w$]*$/;

export function v4Regexp(path: string, opts: PathOptions): { regexp: RegExp; keys: V0Key[] } {
  const keys: V0Key[] & Parameters<typeof pathToRegexpV0>[1] = [];
  // Express 4 `router.use` always passes `strict: false`; so does router 2.
  const strict = opts.end ? opts.strict : false;
  const regexp: RegExp = pathToRegexpV0(path, keys, { end: opts.end, strict, sensitive: opts.sensitive });
  return { regexp, keys };
}

export function toDualRegexp(path: string, opts: PathOptions): RegexpResult {
  let v4: ReturnType<typeof v4Regexp>;
  try {
    v4 = v4Regexp(path, opts);
  } catch {
    return { ok: false, reason: 'Express 4 rejects it as well (invalid regular expression)' };
  }
  const { regexp, keys } = v4;
  const names = keys.filter((k) => typeof k.name === 'string').map((k) => String(k.name));
  const invalid = names.find((n) => !GROUP_NAME.test(n));
  if (invalid !== undefined) {
    return { ok: false, reason: `param name ":${invalid}" is not a valid group name` };
  }
  if (new Set(names).size !== names.length) {
    return { ok: false, reason: 'the same param name is used twice' };
  }
  const named = nameGroups(regexp.source, keys);
  if (!named.ok) return named;
  const source = new RegExp(unwrapGroups(named.source), regexp.flags).source;
  // Only the last alternative gets `(?=\/|$)`, so a match may end before a `.`: Express 4 mounts there, 5 never does.
  const caveat = !opts.end && hasTopLevelAlternation(regexp.source) ? MOUNT_BEFORE_DOT : undefined;
  return { ok: true, source, flags: regexp.flags, ...(caveat && { caveat }) };
}

/**
 * Replaces each capturing `(` that path-to-regexp 0.1.x counted as a key (its own scan: `\\.|\((?:\?<…>)?(?!\?)`)
 * by `(?<name>` for named keys. Escaped parentheses are rewritten as `\x28`/`\x29`, because router 2's scan does
 * not skip escapes and would count `\(` as a group.
 */
function nameGroups(source: string, keys: readonly V0Key[]): { ok: true; source: string } | { ok: false; reason: string } {
  let out = '';
  let keyIndex = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      out += next === '(' ? '\\x28' : next === ')' ? '\\x29' : c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '(') return { ok: false, reason: 'a "(" inside a character class is counted as a param by Express' };
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') inClass = true;
    if (c === '(' && source[i + 1] !== '?') {
      const key = keys[keyIndex++];
      out += typeof key?.name === 'string' ? `(?<${key.name}>` : c;
      continue;
    }
    if (c === '(' && source.startsWith('(?<', i)) {
      // A named group of the inline regex is a capture too; lookbehinds confuse both routers' group scan.
      const name = /^\(\?<([^=!>][^>]*)>/.exec(source.slice(i))?.[1];
      if (name === undefined || keys[keyIndex++]?.name !== name) {
        return { ok: false, reason: 'the inline regex uses a lookbehind or a named group Express 4 misreads' };
      }
    }
    out += c;
  }
  if (keyIndex !== keys.length) {
    return { ok: false, reason: 'Express 4 counts the groups of this path differently from the regex engine' };
  }
  return { ok: true, source: out };
}

/**
 * `(?:X)` → `X` when nothing quantifies the group and X has no top-level `|`: same language, same captures, and
 * `^\/(?<file>[^/]+?)\.(?<ext>[^/.]+?)` reads better than 0.1.x's `^(?:\/(?:([^/]+?)))(?:\.([^/.]+?))`.
 */
function unwrapGroups(source: string): string {
  let out = source;
  for (let i = out.indexOf('(?:'); i !== -1; i = out.indexOf('(?:', i + 1)) {
    if (out[i - 1] === '\\') continue;
    const close = closingParen(out, i);
    const next = out[close + 1] ?? '';
    if (close === -1 || /[?*+{]/.test(next) || hasTopLevelAlternation(out.slice(i + 3, close))) continue;
    // `(?:\1)0` must not become the back-reference `\10`.
    if (/\d/.test(next) && /\\\d$/.test(out.slice(i + 3, close))) continue;
    out = out.slice(0, i) + out.slice(i + 3, close) + out.slice(close + 1);
    i--;
  }
  return out;
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
