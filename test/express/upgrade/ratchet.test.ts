import { describe, expect, it } from 'vitest';
import type { VersionResult } from '../../../src/matrix/index.ts';
import { hasTargets, improved, regressions, uncounted, varying, worstOf } from '../../../src/upgrade/ratchet.ts';

const result = (requested: string, passed: number, failedTests: string[] | null, over: Partial<VersionResult> = {}): VersionResult => ({
  requested, resolved: `${requested}.0.0`, source: 'project', loaded: null, loadedAll: [],
  ok: (failedTests?.length ?? 0) === 0, exitCode: (failedTests?.length ?? 0) === 0 ? 0 : 1,
  counts: { passed, failed: failedTests?.length ?? 0, skipped: 0 }, countedBy: 'output', failedTests, durationMs: 1, output: '', failure: null, note: null,
  ...over,
});

describe('regressions', () => {
  it('sees fewer passing tests on the old major, the case real projects hit', () => {
    const before = [result('4', 168, []), result('5', 20, ['a'])];
    const after = [result('4', 97, ['x', 'y']), result('5', 150, [])];
    expect(regressions(before, after)).toEqual([
      '4 (4.0.0): passed before, fails now',
      '4 (4.0.0): 71 fewer tests pass (168 → 97)',
      '4 (4.0.0): newly failing: x; y',
    ]);
  });

  it('sees a test swapped for another at equal counts', () => {
    expect(regressions([result('4', 5, ['a'])], [result('4', 5, ['b'])])).toEqual(['4 (4.0.0): newly failing: b']);
  });

  it('accepts a test file that now loads and shows failures of its own, since more tests pass', () => {
    const before = [result('5', 10, ['test/a.test.js › Test suite failed to run'])];
    const after = [result('5', 18, ['A › one', 'A › two'])];
    expect(regressions(before, after)).toEqual([]);
  });

  it('accepts a suite that crashed on load and now runs, failures and all', () => {
    const before = [result('5', 0, [], { ok: false, exitCode: 1, counts: null })];
    const after = [result('5', 5, ['admin › caps the page size', 'admin › refuses members'])];
    expect(regressions(before, after)).toEqual([]);
  });

  it('sees a suite that ran and now crashes before any test', () => {
    const after = [result('4', 0, [], { ok: false, exitCode: 1, counts: null })];
    expect(regressions([result('4', 9, [])], after)).toEqual(['4 (4.0.0): passed before, fails now', '4 (4.0.0): no test runs any more (9 passed before)']);
  });

  it('counts a run that cannot be trusted any more as worse', () => {
    const after = [result('4', 5, [], { failure: 'loaded the wrong copy', ok: false })];
    expect(regressions([result('4', 5, [])], after)).toEqual(['4 (4.0.0): the run could not be trusted: loaded the wrong copy']);
  });
});

describe("the suite's own variance", () => {
  // two runs of the same tree: 'timing' failed in one only
  const one = [result('4', 10, []), result('5', 8, ['a', 'b'])];
  const other = [result('4', 9, ['timing']), result('5', 8, ['b', 'a'])];

  it('names the tests that failed in one run of a tree and not the other, by version', () => {
    expect(varying(one, other)).toEqual(['4\0timing']);
    expect(varying(other, one)).toEqual(['4\0timing']);
    expect(varying(one, [result('4', 9, null), result('5', 8, ['c'])])).toEqual(['5\0c', '5\0a', '5\0b']);
  });

  it('holds a change to the worse of the two runs', () => {
    const worst = worstOf(one, other);
    expect(worst.map((r) => [r.ok, r.counts?.passed, r.failedTests])).toEqual([[false, 9, ['timing']], [false, 8, ['a', 'b']]]);
    expect(regressions(one, other)).not.toEqual([]);
    expect(regressions(worst, other)).toEqual([]);
    expect(regressions(worst, [result('4', 8, ['timing', 'x'])])).toEqual(['4 (4.0.0): 1 fewer tests pass (9 → 8)', '4 (4.0.0): newly failing: x']);
  });

  it('takes no flaky test for a reason, on its version only', () => {
    const flaky = new Set(varying(one, other));
    expect(regressions([one[0]!], [other[0]!], flaky)).toEqual(['4 (4.0.0): passed before, fails now', '4 (4.0.0): 1 fewer tests pass (10 → 9)']);
    expect(regressions([result('4', 9, ['a'])], [result('4', 9, ['timing'])], flaky)).toEqual([]);
    expect(regressions([result('5', 9, ['a'])], [result('5', 9, ['timing'])], flaky)).toEqual(['5 (5.0.0): newly failing: timing']);
  });
});

describe('hasTargets', () => {
  it('is false when the new major fails only what the old one fails too', () => {
    expect(hasTargets([result('4', 58, ['koa › a', 'koa › b']), result('5', 58, ['koa › a', 'koa › b'])])).toBe(false);
    expect(hasTargets([result('4', 5, []), result('5', 5, [])])).toBe(false);
  });

  it('is true when the new major breaks something, by name or by count', () => {
    expect(hasTargets([result('4', 58, ['koa › a']), result('5', 50, ['koa › a', 'express › b'])])).toBe(true);
    expect(hasTargets([result('4', 5, []), result('5', 5, null, { ok: false, exitCode: 2, counts: { passed: 5, failed: 0, skipped: 0 } })])).toBe(true);
    expect(hasTargets([result('4', 5, null, { ok: false, exitCode: 1 }), result('5', 3, null, { ok: false, exitCode: 1, counts: { passed: 3, failed: 2, skipped: 0 } })])).toBe(true);
  });
});

describe('improved', () => {
  it('sees a version that passes now, more passing or fewer failing tests', () => {
    expect(improved([result('5', 13, ['a', 'b', 'c'])], [result('5', 14, ['a', 'b'])])).toBe(true);
    expect(improved([result('5', 5, ['a'])], [result('5', 5, [])])).toBe(true);
  });

  it('sees a suite that crashed on load and now runs tests', () => {
    expect(improved([result('5', 0, [], { ok: false, exitCode: 1, counts: null })], [result('5', 5, ['a', 'b', 'c', 'd'])])).toBe(true);
  });

  it('sees nothing when every version stands where it stood', () => {
    expect(improved([result('4', 25, []), result('5', 25, [], { ok: false, exitCode: 2 })], [result('4', 25, []), result('5', 25, [], { ok: false, exitCode: 2 })])).toBe(false);
  });
});

describe('cannot count is not no progress', () => {
  const blind = (requested: string) => result(requested, 0, [], { ok: false, exitCode: 1, counts: null, countedBy: null });

  it('names the versions no run could count, where neither passes', () => {
    expect(uncounted([result('4', 3, []), blind('5')], [result('4', 3, []), blind('5')])).toEqual(['5 (5.0.0)']);
    expect(uncounted([blind('5')], [result('5', 2, ['a'])])).toEqual([]);
  });

  it('takes two failing runs it cannot count as a target: that they fail alike cannot be told', () => {
    expect(hasTargets([blind('4'), blind('5')])).toBe(true);
    expect(hasTargets([result('4', 3, ['x']), result('5', 3, ['x'])])).toBe(false);
  });
});
