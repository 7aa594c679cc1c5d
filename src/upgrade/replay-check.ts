/**
 * @module upgrade/replay-check
 * `upgrade --requests`: replay findings count as failing tests of the new major, so that the ratchet, the stop
 * rule and the verdict treat them as they treat tests (green is green tests and no finding; an iteration that adds a
 * finding is put back, one that removes one is progress), and each finding's rule is evidence for the next iteration.
 */
import type { MatrixReport, VersionResult } from '../matrix/index.ts';
import type { ReplayFinding, ReplayReport } from '../replay/replay.ts';
import type { Failure } from './diagnose.ts';

const PREFIX = 'replay › ';
const SEPARATOR = ' › ';

/** What ends the name of a finding no rule explains, before what it says instead of a rule. */
const UNEXPLAINED = '? ';

/** A finding as a failed test's name: `replay › GET /health › res-send-status`, `replay › GET /a › ? body $.id` where no rule explains it. */
export function replayTestName(finding: Pick<ReplayFinding, 'route' | 'ruleId' | 'places'>): string {
  return `${PREFIX}${finding.route}${SEPARATOR}${finding.ruleId ?? UNEXPLAINED + finding.places.join(', ')}`;
}

/**
 * The matrix with the replay's findings as failed tests of its last (the new major's) result. A replay that could
 * not start the app, or a request no instance answered, is a finding of its own, never a silent pass: an iteration
 * that breaks the app's start is put back as one that breaks a test is.
 */
export function withReplay(matrix: MatrixReport, replay: ReplayReport | Error): MatrixReport {
  const last = matrix.results.at(-1);
  if (!last) return matrix;
  const names =
    replay instanceof Error
      ? [`${PREFIX}the app did not start${SEPARATOR}${UNEXPLAINED}${replay.message.split('\n')[0]!.slice(0, 200)}`]
      : [...replay.findings.map(replayTestName), ...replay.requests.failed.map((f) => `${PREFIX}${f.method} ${f.url}${SEPARATOR}${UNEXPLAINED}no answer`)];
  if (!names.length) return matrix;
  const folded: VersionResult = {
    ...last,
    ok: false,
    counts: last.counts && { ...last.counts, failed: last.counts.failed + names.length },
    failedTests: [...(last.failedTests ?? []), ...names].sort(),
  };
  return { ...matrix, ok: false, results: [...matrix.results.slice(0, -1), folded] };
}

/** The replay findings among a result's failed tests, with their rules, as the diagnosis lists failures. */
export function replayFailures(result: VersionResult): Failure[] {
  return (result.failedTests ?? [])
    .filter((name) => name.startsWith(PREFIX))
    .map((name) => {
      const tail = name.slice(name.lastIndexOf(SEPARATOR) + SEPARATOR.length);
      return { version: result.requested, message: `${name}: answered otherwise on ${result.resolved}`, replay: true, ...(!tail.startsWith(UNEXPLAINED) && { ruleId: tail }) };
    });
}
