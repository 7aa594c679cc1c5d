/**
 * @module upgrade/ratchet
 * The judgements that make the upgrade loop a ratchet: did an iteration make any version worse, and is there still
 * something the new version breaks that the old one does not. Per test where the runner names its failures,
 * counts otherwise. Runners name failed tests, not passed ones, so "a test that passed now fails" is read as: fewer
 * tests pass, or the run stopped passing, or a newly failing test appears while no more tests pass than before (a
 * file that failed to load and now runs, with a few failures, has more passing tests: that is progress).
 */
import type { VersionResult } from '../matrix/index.ts';

/**
 * Why `after` is worse than `before` on some version, one line each; empty when it is not. A test in `flaky` (see
 * `varying`) failing now is no reason.
 */
export function regressions(before: readonly VersionResult[], after: readonly VersionResult[], flaky: ReadonlySet<string> = new Set()): string[] {
  const reasons: string[] = [];
  after.forEach((now, index) => {
    const was = before[index];
    if (!was) return;
    const label = labelOf(now);
    if (now.failure && !was.failure) reasons.push(`${label}: the run could not be trusted: ${now.failure}`);
    if (was.ok && !now.ok && !now.failure) reasons.push(`${label}: passed before, fails now`);
    if (was.counts && now.counts && now.counts.passed < was.counts.passed) {
      reasons.push(`${label}: ${was.counts.passed - now.counts.passed} fewer tests pass (${was.counts.passed} → ${now.counts.passed})`);
    }
    if (was.counts && !now.counts && was.counts.passed > 0 && !now.ok) reasons.push(`${label}: no test runs any more (${was.counts.passed} passed before)`);
    // a run that ran nothing before (the suite crashed on load) cannot have had these tests passing
    const fresh = newlyFailing(was, now).filter((name) => !flaky.has(testKey(now, name)));
    const noMorePassing = !!was.counts && !!now.counts && now.counts.passed <= was.counts.passed;
    if (fresh.length && noMorePassing) reasons.push(`${label}: newly failing: ${fresh.slice(0, 5).join('; ')}${fresh.length > 5 ? ` (+${fresh.length - 5})` : ''}`);
  });
  return [...new Set(reasons)];
}

/**
 * True while the new version (the last result) fails something the old one (the first) does not: a failure on
 * both, identical (no network, an unbuilt asset), is the project's own, not a target.
 */
export function hasTargets(results: readonly VersionResult[]): boolean {
  const old = results[0];
  const next = results.at(-1);
  if (!old || !next || next === old) return false;
  if (next.ok) return false;
  if (next.failure || old.ok) return true;
  if (newlyFailing(old, next).length) return true;
  if (old.counts && next.counts) return next.counts.failed > old.counts.failed || next.counts.passed < old.counts.passed;
  // neither run could be counted: "they fail alike" cannot be told, so what the new major breaks is worth a try
  if (!old.counts && !next.counts) return true;
  return old.failedTests === null || next.failedTests === null ? next.exitCode !== old.exitCode : false;
}

/** The versions (as requested) on which `after` is worse than `before`. */
export function worseOn(before: readonly VersionResult[], after: readonly VersionResult[], flaky?: ReadonlySet<string>): string[] {
  return after.filter((now, at) => before[at] && regressions([before[at]], [now], flaky).length).map((now) => now.requested);
}

const labelOf = (result: VersionResult) => `${result.requested} (${result.resolved})`;
const testKey = (result: VersionResult, name: string) => `${result.requested}\0${name}`;

/**
 * The tests (by version and name) that failed in one of two runs of the same tree and not in the other: the suite's
 * own variance (timing, ports, order), which says nothing about a change.
 */
export function varying(one: readonly VersionResult[], other: readonly VersionResult[]): string[] {
  return one.flatMap((a, index) => {
    const b = other[index];
    if (!b?.failedTests || !a.failedTests) return [];
    return [...newlyFailing(a, b), ...newlyFailing(b, a)].map((name) => testKey(a, name));
  });
}

/** Per version, the worse of two runs of the same tree: the bar a change must not fall below, its variance allowed for. */
export function worstOf(one: readonly VersionResult[], other: readonly VersionResult[]): VersionResult[] {
  return one.map((a, index) => {
    const b = other[index];
    if (!b || b.notRun) return a;
    const fewer = !a.counts || (b.counts && b.counts.passed < a.counts.passed) ? b : a;
    const failedTests = a.failedTests && b.failedTests ? [...new Set([...a.failedTests, ...b.failedTests])] : (a.failedTests ?? b.failedTests);
    return { ...fewer, ok: a.ok && b.ok, failure: a.failure ?? b.failure, failedTests };
  });
}

function newlyFailing(was: VersionResult, now: VersionResult): string[] {
  if (!was.failedTests || !now.failedTests) return [];
  const before = new Set(was.failedTests);
  return now.failedTests.filter((name) => !before.has(name));
}

/** Is `after` better than `before` anywhere: a version that passes now, more tests passing, or fewer failing? */
export function improved(before: readonly VersionResult[], after: readonly VersionResult[]): boolean {
  return after.some((now, index) => {
    const was = before[index];
    if (!was) return false;
    if (now.ok && !was.ok) return true;
    // a suite that crashed before any test (no counts) and now runs some
    if (!was.counts && !was.ok && now.counts && now.counts.passed > 0) return true;
    if (was.counts && now.counts && (now.counts.passed > was.counts.passed || now.counts.failed < was.counts.failed)) return true;
    return !!was.failedTests && !!now.failedTests && now.failedTests.length < was.failedTests.length;
  });
}

/**
 * The versions (as labels) that no run could count, before or after, and that pass on neither: there, "nothing got
 * better" cannot be told from "we cannot see", so it is no reason to put changes back.
 */
export function uncounted(before: readonly VersionResult[], after: readonly VersionResult[]): string[] {
  return after
    .filter((now, index) => {
      const was = before[index];
      return !!was && !was.counts && !now.counts && !was.ok && !now.ok;
    })
    .map(labelOf);
}
