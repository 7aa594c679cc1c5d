/**
 * The RegExps the translator emits must not backtrack super-linearly: each one from the real-world table and a
 * fixed-seed sample of generated ones is checked with recheck (fuzz checker, fixed seed). The guard itself is
 * checked the other way round: what it refuses, recheck really finds vulnerable.
 */
import fc from 'fast-check';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { pathCase } from './_arbitraries.ts';
import { v4Regexp } from './_regexp.ts';
import { isSafeRegexp } from './_redos.ts';
import { TABLE } from './_table.ts';
import { DEFAULT_ROUTE_OPTIONS, translatePath } from './translate.ts';

const SAMPLE = 16;
const check = (source: string, flags: string) => checkSync(source, flags, { checker: 'fuzz', randomSeed: 42, timeout: 10_000 });

function emitted(): Map<string, string> {
  const out = new Map<string, string>();
  const cases = [
    ...TABLE.map((row) => ({ path: row.path, options: { ...DEFAULT_ROUTE_OPTIONS, ...row.options } })),
    ...fc.sample(pathCase, { seed: 4242, numRuns: 400 }),
  ];
  let generated = 0;
  for (const { path, options } of cases) {
    const t = translatePath(path, options);
    const fromTable = out.size < TABLE.length;
    if (t.kind !== 'regexp' || out.has(`/${t.source}/${t.flags}`) || (!fromTable && generated++ >= SAMPLE)) continue;
    out.set(`/${t.source}/${t.flags}`, path);
  }
  return out;
}

describe('ReDoS', () => {
  it('finds no emitted RegExp vulnerable (recheck)', { timeout: 120_000 }, () => {
    const vulnerable: string[] = [];
    for (const [literal, path] of emitted()) {
      const cut = literal.lastIndexOf('/');
      const result = check(literal.slice(1, cut), literal.slice(cut + 1));
      if (result.status === 'vulnerable') vulnerable.push(`${path} → ${literal}: ${result.complexity.summary}`);
    }
    expect(vulnerable).toEqual([]);
  });

  it.each(['/a/*/b/*', '/:x+/*'])('refuses %s, which recheck finds vulnerable as Express 4 writes it', (path) => {
    const { regexp } = v4Regexp(path, DEFAULT_ROUTE_OPTIONS);
    expect(isSafeRegexp(regexp.source)).toBe(false);
    expect(check(regexp.source, regexp.flags).status).toBe('vulnerable');
  });
});
