/**
 * @module reporters/upgrade
 * The upgrade loop's story as a person reads it: per iteration what changed and how each major did, then what is
 * left for a human, said plainly.
 */
import type { FinishReport } from '../upgrade/finish.ts';
import type { Iteration, UpgradeEvent, UpgradeReport } from '../upgrade/loop.ts';
import { failureKey, type Failure, type VersionDiagnosis } from '../upgrade/diagnose.ts';
import { colors, type Colors as C } from './_color.ts';
import type { PrettyOptions } from './pretty.ts';

function versionLine(v: VersionDiagnosis, c: C): string {
  const verdict = v.ok ? c.green('pass') : c.red('FAIL');
  const counts = v.counts ? ` ${v.counts.passed} passed, ${v.counts.failed} failed` : '';
  const first = v.loadErrors?.[0];
  const why = first ? `: ${first}${v.loadErrors!.length > 1 ? ` (and ${v.loadErrors!.length - 1} more)` : ''}` : '';
  const load = v.loadFailures ? c.red(`, ${v.loadFailures} test files failed to load (every test in them is hidden)${why}`) : '';
  const problem = v.problem ? c.red(` — ${v.problem}`) : '';
  // what ran beside the framework is part of what the verdict says
  const beside = v.companions?.length ? `, with ${v.companions.map((x) => `${x.name} ${x.version}`).join(', ')}` : '';
  return `    ${v.requested.padEnd(3)} ${c.dim(`(${v.resolved}${beside})`)} ${verdict}${counts}${load}${problem}`;
}

export function formatIteration(iteration: Iteration, options: PrettyOptions = {}): string {
  const c = colors(options.color);
  const lines = iteration.changes.map((change) => `  ${c.cyan('changed')} ${change.what} (${change.files.length} files: ${change.files.slice(0, 4).join(', ')}${change.files.length > 4 ? ', …' : ''})`);
  if (iteration.reverted?.files.length) lines.push(`  ${c.yellow('put back')} ${iteration.reverted.files.join(', ')} ${c.dim(`(${iteration.reverted.because.join('; ')})`)}`);
  if (iteration.committed) lines.push(`  ${c.dim('committed')}`);
  lines.push(...iteration.versions.map((v) => versionLine(v, c)));
  return lines.join('\n');
}

export function formatUpgradeReport(report: UpgradeReport, options: PrettyOptions = {}): string {
  const c = colors(options.color);
  const first = report.iterations[0];
  // the result is the fresh run of the tree as left; the iterations above it are history
  const { final } = report;
  const lines: string[] = ['', c.bold(`straddle upgrade ${report.pack}: ${report.ok ? c.green('green on both majors') : c.red('not green on both majors')}`)];
  if (first && final.ranAgain) {
    lines.push('  before:', ...first.versions.map((v) => versionLine(v, c)), `  after ${c.dim('(a fresh run of the tree as left)')}:`, ...final.versions.map((v) => versionLine(v, c)));
  } else {
    lines.push(...final.versions.map((v) => versionLine(v, c)));
  }
  lines.push(`  ${report.changedFiles.length} files changed over ${Math.max(0, report.iterations.length - 1)} iterations${report.changedFiles.length ? `: ${report.changedFiles.join(', ')}` : ''}`);
  if (report.changedTestFiles.length) lines.push(`  ${report.changedTestFiles.length} test files changed (app code inside them; no assertion): ${report.changedTestFiles.join(', ')}`);
  if (report.putBack) lines.push(c.yellow(`  put everything back (${report.putBack.files.join(', ')}): ${report.putBack.because.join('; ')}`));
  for (const iteration of report.iterations) {
    if (!iteration.reverted?.files.length) continue;
    lines.push(c.yellow(`  iteration ${iteration.index} put back ${iteration.reverted.files.join(', ')}: with them, ${iteration.reverted.because.join('; ')}`));
  }
  for (const note of report.notes) lines.push(c.yellow(`  ${note}`));
  lines.push(`  stopped: ${stopSentence(report.stopReason, final.versions)}`);

  lines.push(...leftLines(final.versions, c));
  const manual = report.openFindings.filter((f) => !f.fixed && !f.note);
  if (manual.length) {
    lines.push('', c.bold('Open findings (see `straddle scan`):'));
    for (const f of manual.slice(0, 30)) lines.push(`  ${f.file}:${f.line} ${c.bold(f.ruleId)} ${f.message}`);
    if (manual.length > 30) lines.push(`  … and ${manual.length - 30} more`);
  }
  const { warnings } = final;
  if (warnings.length) {
    lines.push('', c.bold('The runtime shim is covering (rewrite these, then the shim can go):'));
    for (const w of warnings.slice(0, 30)) lines.push(`  [${w.major}] ${c.bold(w.ruleId)} ${w.site ? `${w.site.file}:${w.site.line}` : ''} ${w.message}`);
  }
  if (report.ciMatrix) {
    lines.push('', c.bold('Keep it green on both: a GitHub Actions job for .github/workflows/test.yml'), ...report.ciMatrix.split('\n').map((l) => `  ${l}`));
  }
  return lines.join('\n');
}

/**
 * Why the loop stopped, said of the table printed above it (the final run's versions), never of an iteration's: once
 * "fails on both majors alike" stood under a table where one major passed.
 */
export function stopSentence(reason: UpgradeReport['stopReason'], versions: readonly Pick<VersionDiagnosis, 'requested' | 'ok'>[]): string {
  const failing = versions.filter((v) => !v.ok).map((v) => v.requested);
  const passing = versions.filter((v) => v.ok).map((v) => v.requested);
  const all = versions.length === 2 ? 'both majors' : 'every major';
  if (!failing.length) return `${all} pass`;
  const where = [[failing, 'fails', 'fail'], [passing, 'passes', 'pass']].filter(([list]) => list.length)
    .map(([list, one, many]) => `${(list as string[]).join(', ')} ${list.length > 1 ? many : one}`).join(', ');
  if (reason === 'stuck') return `nothing more can be fixed automatically (${where})`;
  if (reason === 'max-iterations') return `the iteration limit was reached (${where})`;
  // settled with a failure left: nothing fails on the new major alone, so there was nothing for the upgrade to fix
  if (!passing.length) return `what still fails, fails on ${all} (nothing on the new one alone): the project's own failures, not the upgrade's`;
  return `the new major is no worse than the old (${where}): what fails is the project's own, not the upgrade's`;
}

/**
 * What still fails after the last iteration, said plainly: failures on some majors only are left for a human, each
 * with its rule and hint when one explains it; the same failure on every major is the project's own, listed apart.
 */
function leftLines(versions: readonly VersionDiagnosis[], c: C): string[] {
  const groups = new Map<string, { failure: Failure; versions: string[] }>();
  for (const version of versions) {
    for (const failure of version.failures) {
      const key = failureKey(failure);
      const group = groups.get(key);
      if (group) group.versions.push(version.requested);
      else groups.set(key, { failure, versions: [version.requested] });
    }
  }
  const everywhere = [...groups.values()].filter((g) => g.versions.length === versions.length && versions.length > 1);
  const some = [...groups.values()].filter((g) => !everywhere.includes(g));
  const where = (f: Failure) => (f.site ? `${f.site.file}:${f.site.line}` : f.replay ? 'replayed request' : 'no project frame');
  const lines: string[] = [];
  if (some.length) {
    lines.push('', c.bold('Left for a human:'));
    for (const { failure: f, versions } of some.slice(0, 30)) {
      lines.push(`  [${versions.join(', ')}] ${f.ruleId ? `${c.bold(f.ruleId)} ` : ''}${where(f)}: ${f.message}`);
      if (f.hint) lines.push(`        ${c.dim(f.hint)}`);
      else if (!f.ruleId) lines.push(`        ${c.dim('no rule explains it: read the test output around it')}`);
    }
    if (some.length > 30) lines.push(`  … and ${some.length - 30} more (--format json has them all)`);
  }
  if (everywhere.length) {
    lines.push('', c.bold("Failing alike on every major (the project's own, not the upgrade's):"));
    for (const { failure: f } of everywhere.slice(0, 10)) lines.push(`  ${where(f)}: ${f.message}`);
    if (everywhere.length > 10) lines.push(`  … and ${everywhere.length - 10} more`);
  }
  return lines;
}

export function formatFinishReport(report: FinishReport, options: PrettyOptions = {}): string {
  const c = colors(options.color);
  const lines = [c.bold(`straddle finish ${report.pack}: ${report.ok ? c.green('tests pass on the new major') : c.red('tests fail on the new major')}`)];
  for (const change of report.changes) lines.push(`  ${c.cyan('changed')} ${change.what} (${change.files.join(', ')})`);
  for (const result of report.test.results) {
    lines.push(`    ${result.requested} ${c.dim(`(${result.resolved})`)} ${result.ok ? c.green('pass') : c.red('FAIL')}${result.counts ? ` ${result.counts.passed} passed, ${result.counts.failed} failed` : ''}${result.failure ? c.red(` — ${result.failure}`) : ''}`);
  }
  if (report.shimKept) {
    lines.push(c.yellow('  The shim stays: without it the tests fail on the new major. Rewrite what it stands in for, then run finish again:'));
    for (const f of report.shimKept.findings) lines.push(`    ${f.file}:${f.line} ${c.bold(f.ruleId)} ${f.message}`);
  }
  return lines.join('\n');
}

/** What the loop says as it goes (pretty format only): the start of each iteration, then how it did. */
export function formatUpgradeEvent(event: UpgradeEvent, cwd: string, options: PrettyOptions = {}): string | null {
  if (event.type === 'tested') return formatIteration(event.iteration, options);
  if (event.type === 'iteration-start') return event.index === 0 ? `Testing ${cwd} as it is, on both majors…` : `\nIteration ${event.index}: fixing…`;
  return null;
}
