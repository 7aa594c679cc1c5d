/**
 * @module reporters/fail-on
 * Which findings fail a `scan` in CI (`--fail-on`), and so which are errors in SARIF and GitHub annotations.
 *
 * The levels nest, each failing on more than the one before:
 * - `fixable`: sites `straddle fix` rewrites (a fix exists and the receiver is proven to be the framework's);
 * - `breaking`: every site proven to break on the new major: fixable, needing the runtime shim, or to change by hand;
 *   and a file that could not be scanned, as it may hide any of those;
 * - `any`: also the sites only names say are the framework's (low confidence: `--assume-handlers` would rewrite them).
 *
 * Notes never fail a level: they mark what is meant to stay while both majors are supported (code that works on
 * both and only behaves differently, a types package of the old major that `finish` moves). Without `--fail-on`,
 * `scan` keeps its first behaviour: every finding and every skipped file fail it.
 */
import type { RunReport } from '../engine/run.ts';
import type { Finding } from '../rule.ts';

export const FAIL_ON = ['fixable', 'breaking', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What a finding is to CI: an error fails the run, a warning does not, a note is meant to stay. */
export type Level = 'error' | 'warning' | 'note';

/** Whether `finding` fails a scan run with `--fail-on level` (no level: every finding does). */
export function failsOn(finding: Finding, level: FailOn | undefined): boolean {
  if (!level) return true;
  if (finding.note) return false;
  if (level === 'any') return true;
  if (finding.confidence === 'low') return false;
  return level === 'breaking' || (finding.fixable && !finding.fixed);
}

/** Whether files the run could not scan fail it under `level`: they may hide breaking code, never a fixed site. */
export const skippedFail = (level: FailOn | undefined): boolean => level !== 'fixable';

/** Whether a scan report fails CI under `level`: exit 1 when it does. */
export function reportFails(report: RunReport, level: FailOn | undefined): boolean {
  return (skippedFail(level) && report.errors.length > 0) || report.findings.some((finding) => failsOn(finding, level));
}

export function levelOf(finding: Finding, level: FailOn | undefined): Level {
  if (finding.note) return 'note';
  return failsOn(finding, level) ? 'error' : 'warning';
}

/** The findings a machine format publishes: a fix run leaves out the sites it has rewritten (a dry run keeps them). */
export function publishedFindings(report: RunReport): Finding[] {
  return report.findings.filter((finding) => report.dryRun || !finding.fixed);
}
