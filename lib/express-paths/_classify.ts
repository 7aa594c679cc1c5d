/**
 * @module lib/express-paths/_classify
 * Which rows of the spec (`docs/express/breaking-changes.md`, rows 27–34) a path string falls under. An empty list means the path
 * means the same on both majors.
 */
import { meansSame, parseV5 } from './_same.ts';
import { lexV4 } from './_v4-lex.ts';

const ID_START = /^[$_\p{ID_Start}]$/u;
// Text that 8.x rejects, or that 0.1.x reads as regex syntax.
const RESERVED = /[()[\]?+!{}]/;

export function classifyPath(path: string): number[] {
  if (meansSame(path)) return [];
  const rows = new Set<number>();
  const tokens = lexV4(path);
  const v5 = parseV5(path);
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    switch (token.type) {
      case 'star': {
        const nextChar = next?.type === 'text' ? next.value[0] : undefined;
        // `/ab*cd`: 8.x reads `*cd` as a wildcard named `cd` and says nothing.
        rows.add(nextChar !== undefined && ID_START.test(nextChar) ? 33 : 27);
        rows.add(28);
        break;
      }
      case 'param':
        if (token.optional) rows.add(29);
        if (token.star || (next?.type === 'text' && next.value[0] === '+')) rows.add(30);
        if (token.capture) rows.add(31);
        if (!/^[A-Za-z_]/.test(token.name)) rows.add(34);
        if (token.star || token.capture?.includes('*')) rows.add(28);
        break;
      case 'group-open':
        rows.add(31);
        break;
      case 'text': {
        // A `+` right after a param is its modifier (row 30, above), not a reserved character.
        const text = tokens[i - 1]?.type === 'param' ? token.value.replace(/^\+/, '') : token.value;
        if (RESERVED.test(text)) rows.add(text.includes('(') ? 31 : 32);
        break;
      }
    }
  });
  // Accepted by 8.x but read differently (`$`, `|`, `:a.:b`, `.:ext`, names 8.x extends, trailing `//`).
  if (v5 && !rows.has(33)) {
    const v4Names = tokens.flatMap((t) => (t.type === 'param' ? [t.name] : []));
    const v5Names = v5.flatMap((t) => (t.type === 'param' || t.type === 'wildcard' ? [t.name] : []));
    rows.add(v4Names.join('/') === v5Names.join('/') ? 33 : 34);
  }
  if (rows.size === 0) rows.add(32);
  return [...rows].sort((a, b) => a - b);
}
