/**
 * The RegExps the translator emits must not backtrack super-linearly: every one from the real-world table and every
 * one the equivalence property test emits (same seed, same cases) is checked with recheck. The guard itself is
 * checked the other way round: what it refuses, recheck really finds vulnerable.
 */
import fc from 'fast-check';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { EQUIVALENCE_RUN, pathCase } from './_arbitraries.ts';
import { v4Regexp } from './_regexp.ts';
import { isSafeRegexp } from './_redos.ts';
import { TABLE } from './_table.ts';
import { DEFAULT_ROUTE_OPTIONS, translatePath, type PathOptions } from './translate.ts';

// recheck's automaton checker proves linearity where it applies; it falls back to its fuzzer (seeded) elsewhere.
const check = (source: string, flags: string) => checkSync(source, flags, { randomSeed: 42, timeout: 10_000 });

/** Emitted RegExps by literal, with one path that emits it. Group names do not change matching: numbered. */
function emitted(): Map<string, { source: string; flags: string; path: string }> {
  const out = new Map<string, { source: string; flags: string; path: string }>();
  const cases: { path: string; options: PathOptions }[] = [
    ...TABLE.map((row) => ({ path: row.path, options: { ...DEFAULT_ROUTE_OPTIONS, ...row.options } })),
    ...fc.sample(pathCase, EQUIVALENCE_RUN),
  ];
  for (const { path, options } of cases) {
    const t = translatePath(path, options);
    if (t.kind !== 'regexp') continue;
    let n = 0;
    const source = t.source.replace(/\(\?<[\w$]+>/g, () => `(?<g${n++}>`);
    out.set(`/${source}/${t.flags}`, { source, flags: t.flags, path });
  }
  return out;
}

describe('ReDoS', () => {
  it('finds no emitted RegExp vulnerable (recheck)', { timeout: 300_000 }, () => {
    const regexps = emitted();
    const vulnerable: string[] = [];
    for (const [literal, { source, flags, path }] of regexps) {
      const result = check(source, flags);
      if (result.status !== 'safe') vulnerable.push(`${path} → ${literal}: ${result.status}`);
    }
    expect(regexps.size).toBeGreaterThan(500);
    expect(vulnerable).toEqual([]);
  });

  it.each([
    '/a/*/b/*',
    '/:x+/*',
    // nested and adjacent quantifiers: Express 5 refuses these at start-up, so emitting them would be a new ReDoS
    '/:a-:b+',
    '/:a:b+',
    '/:a:b',
    '/:a(\\d+):b',
    '/tags/:tags((?:\\w+,?)+)',
    '/files/:path((?:[\\w-]+/?)+)',
  ])('refuses %s, which recheck finds vulnerable as Express 4 writes it', (path) => {
    const { regexp } = v4Regexp(path, DEFAULT_ROUTE_OPTIONS);
    expect(isSafeRegexp(regexp.source)).toBe(false);
    expect(translatePath(path, DEFAULT_ROUTE_OPTIONS).kind).toBe('unsupported');
    expect(check(regexp.source, regexp.flags).status).toBe('vulnerable');
  });

  it.each(['/:a/:b+', '/:id(\\d+)+', '/:a-:b/:c+', '/:file.:ext?', '/:a(\\d+)-:b(\\d+)', '/files/*'])(
    'still emits %s, whose delimited form recheck proves safe',
    (path) => {
      const t = translatePath(path, DEFAULT_ROUTE_OPTIONS);
      expect(t.kind).toBe('regexp');
      if (t.kind === 'regexp') expect(check(t.source, t.flags).status).toBe('safe');
    },
  );
});
