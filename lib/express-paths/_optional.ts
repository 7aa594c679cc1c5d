/**
 * @module lib/express-paths/_optional
 * `:name?` (row 29) as an array of paths: every combination of present/absent optional params, "present" first.
 * Express 4 joins an array into one alternation and Express 5 tries the paths in order; both take the first that
 * matches, which is the order in which 0.1.x's greedy `(?:…)?` tries them.
 */
import { lexV4, printV4, type V4Token } from './_v4-lex.ts';

/** Beyond this many optional params the array would be longer than the regular expression it replaces. */
const MAX_OPTIONALS = 3;

/** `undefined` when the path has no optional param, too many, or optional params with other modifiers. */
export function expandOptionals(path: string): string[] | undefined {
  const tokens = lexV4(path);
  const optionals = tokens.filter((t) => t.type === 'param' && t.optional);
  if (optionals.length === 0 || optionals.length > MAX_OPTIONALS) return undefined;
  if (optionals.some((t) => t.type === 'param' && (t.capture || t.star))) return undefined;

  let variants: V4Token[][] = [[]];
  for (const token of tokens) {
    if (token.type !== 'param' || !token.optional) {
      variants = variants.map((v) => [...v, token]);
      continue;
    }
    const present: V4Token = { ...token, optional: false, raw: token.raw.slice(0, -1) };
    variants = variants.flatMap((v) => [[...v, present], v]);
  }
  return [...new Set(variants.map(printV4))];
}
