/**
 * @module upgrade/replay-check
 * `upgrade --requests`: each route whose answers differ between the majors counts as a failing test of the new
 * major, so that the ratchet, the stop rule and the verdict treat replay as they treat tests (green is green tests
 * and no route that differs; an iteration that makes a route differ is put back, one that makes a route answer alike
 * is progress). A test a route, not a finding: a fix that turns a route's 404 into a charset's case has made
 * nothing worse. What differs and which rule explains it go in the result's output, as a runner prints a failure,
 * where the diagnosis reads each rule as evidence for the next iteration.
 */
import type { MatrixReport, VersionResult } from '../matrix/index.ts';
import type { ReplayFinding, ReplayReport } from '../replay/replay.ts';
import type { Failure } from './diagnose.ts';

const PREFIX = 'replay › ';
/** The line the output gets a finding: `straddle replay: GET /health › res-send-status › header content-type, body line`. */
const LINE = 'straddle replay: ';
const SEPARATOR = ' › ';
/** In place of a rule, where none explains it. */
const UNEXPLAINED = '?';

/** The failed test a route that differs stands for. */
const testName = (route: string) => `${PREFIX}${route}`;

/**
 * The matrix with the replay's findings folded into its last (the new major's) result: its routes as failed tests,
 * each finding as a line of output. A replay that could not start the app, or a request no instance answered, is a
 * finding of its own, never a silent pass: an iteration that breaks the app's start is put back as one that breaks a
 * test is.
 */
export function withReplay(matrix: MatrixReport, replay: ReplayReport | Error): MatrixReport {
  const last = matrix.results.at(-1);
  if (!last) return matrix;
  const findings: Array<Pick<ReplayFinding, 'route' | 'ruleId' | 'places'>> =
    replay instanceof Error
      ? [{ route: 'the app did not start', places: [replay.message.split('\n')[0]!.slice(0, 200)] }]
      : [...replay.findings, ...replay.requests.failed.map((f) => ({ route: `${f.method} ${f.url}`, places: [`no answer: ${f.error}`] }))];
  if (!findings.length) return matrix;
  const routes = [...new Set(findings.map((f) => testName(f.route)))];
  const lines = findings.map((f) => `${LINE}${f.route}${SEPARATOR}${f.ruleId ?? UNEXPLAINED}${SEPARATOR}${f.places.join(', ')}`);
  const folded: VersionResult = {
    ...last,
    ok: false,
    counts: last.counts && { ...last.counts, failed: last.counts.failed + routes.length },
    failedTests: [...(last.failedTests ?? []), ...routes].sort(),
    output: `${last.output}${last.output.endsWith('\n') || !last.output ? '' : '\n'}${lines.join('\n')}\n`,
  };
  return { ...matrix, ok: false, results: [...matrix.results.slice(0, -1), folded] };
}

/** The replay findings in a result's output, with their rules, as the diagnosis lists failures. */
export function replayFailures(result: VersionResult): Failure[] {
  return result.output
    .split('\n')
    .filter((line) => line.startsWith(LINE))
    .map((line) => {
      const [route, ruleId, places] = line.slice(LINE.length).split(SEPARATOR);
      const message = `${testName(route!)} on ${result.resolved}: ${places}`;
      return { version: result.requested, message, replay: true, ...(ruleId !== UNEXPLAINED && { ruleId }) };
    });
}
