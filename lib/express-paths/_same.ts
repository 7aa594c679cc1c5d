/**
 * @module lib/express-paths/_same
 * Whether a path string means the same on Express 4 (path-to-regexp 0.1.13) and Express 5 (path-to-regexp 8.4.2).
 *
 * The class accepted here is deliberately narrow: literal text plus at most one `:name` per segment. Inside that
 * class both libraries build the same matcher (a param spans its whole segment between fixed text, so lazy `+?` on
 * 4 and greedy `+` on 5 capture the same value), and the property test checks it against both real routers.
 * Everything else is translated, never assumed equal.
 */
import { parse } from 'path-to-regexp-v8';
import { lexV4, type V4Token } from './_v4-lex.ts';

// Characters that are regex syntax in 0.1.x text (passed through unescaped) or reserved/special in 8.x.
const UNSAFE_TEXT = /[\\^$|+?{}[\]()!*:]/;
// An escaped character is literal on both only when its regex escape is literal too (`\\d` is a digit class on 4).
export const LITERAL_ESCAPE = /^[!-/:-@[-`{-~]$/;
const JS_IDENTIFIER_ASCII = /^[A-Za-z_]\w*$/;

/** Parses with path-to-regexp 8; `undefined` when Express 5 rejects the path. */
export function parseV5(path: string) {
  try {
    return parse(path).tokens;
  } catch {
    return undefined;
  }
}

/** Answers by path: route paths repeat across a codebase, and a path 8.x rejects costs an Error with its stack each time. */
const answered = new Map<string, boolean>();
const ANSWERS_KEPT = 4096;

export function meansSame(path: string): boolean {
  let same = answered.get(path);
  if (same === undefined) {
    if (answered.size >= ANSWERS_KEPT) answered.clear();
    answered.set(path, (same = decideMeansSame(path)));
  }
  return same;
}

function decideMeansSame(path: string): boolean {
  // 8.x strips every trailing slash before matching (router 2 `loosen`), 0.1.x only makes one optional.
  if (/\/\/$/.test(path)) return false;
  const v5 = parseV5(path);
  if (!v5 || v5.some((t) => t.type !== 'text' && t.type !== 'param')) return false;
  const v4 = lexV4(path);
  if (!v4.every(isPlainV4Token)) return false;
  const v4Names = v4.flatMap((t) => (t.type === 'param' ? [t.name] : []));
  const v5Names = v5.flatMap((t) => (t.type === 'param' ? [t.name] : []));
  return v4Names.join('/') === v5Names.join('/') && atMostOneParamPerSegment(v4);
}

function isPlainV4Token(token: V4Token): boolean {
  switch (token.type) {
    case 'text': return !UNSAFE_TEXT.test(token.value);
    case 'escape': return LITERAL_ESCAPE.test(token.char);
    case 'param':
      return JS_IDENTIFIER_ASCII.test(token.name) && !token.format && !token.capture && !token.star && !token.optional;
    default: return false;
  }
}

function atMostOneParamPerSegment(tokens: readonly V4Token[]): boolean {
  let inSegment = 0;
  for (const token of tokens) {
    if (token.type === 'param') {
      inSegment = token.slash ? 1 : inSegment + 1;
      if (inSegment > 1) return false;
    } else if (token.type === 'text' && token.value.includes('/')) {
      inSegment = 0;
    } else if (token.type === 'escape' && token.char === '/') {
      inSegment = 0;
    }
  }
  return true;
}
