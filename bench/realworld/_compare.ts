/**
 * @module realworld/compare
 * Judging one project's results: does straddle's verdict equal the independent in-place run, is the project
 * at least as good as its baseline after `upgrade`, was a control left byte for byte. And the table printed.
 */
import type { Counts, Project } from './_table.ts';

/** One run of the project's own test command. */
export interface Outcome {
  exitCode: number;
  /** null when the runner's summary could not be read. */
  counts: Counts | null;
  seconds: number;
  /** Why the run cannot be compared (install failed, wrong version loaded, timed out). */
  problem?: string;
}

export interface UpgradeOutcome {
  exitCode: number;
  stopReason: string;
  iterations: number;
  seconds: number;
  /** straddle's own final verdict per major, as its report gives it. */
  verdict4: Outcome | null;
  verdict5: Outcome | null;
  sourceFiles: string[];
  testFiles: string[];
  /** Lines added + removed in the project's lockfile. */
  lockLines: number;
  /** What the report says beside its verdict (something it could not do, took back, or assumed). */
  notes?: string[];
}

export interface ProjectResult {
  project: Project;
  baseline4?: Outcome;
  baseline5?: Outcome;
  /** `straddle test` on the untouched project. */
  matrix4?: Outcome;
  matrix5?: Outcome;
  upgrade?: UpgradeOutcome;
  after4?: Outcome;
  after5?: Outcome;
  /** The project's own lint command, before and after `upgrade` (true = clean). */
  lint?: { before: boolean; after: boolean };
  /**
   * The independent runs made a second time where straddle's count disagreed with the first (see countsDiffer): when
   * the project's own two runs disagree too, its suite's counts vary by themselves and cannot judge straddle's.
   */
  again?: { baseline4?: Outcome; baseline5?: Outcome; after4?: Outcome; after5?: Outcome };
  error?: string;
}

/** A judgement of straddle against the project's own runs: `varies` where those runs disagree among themselves. */
export type Judgement = boolean | 'varies';

export const passed = (outcome: Outcome | undefined | null): boolean => !!outcome && !outcome.problem && outcome.exitCode === 0;

/** Two runs agree when both pass or both fail and, where both counted, the counts are equal. */
export function sameOutcome(a: Outcome | undefined | null, b: Outcome | undefined | null): boolean {
  if (!a || !b || a.problem || b.problem) return false;
  if (passed(a) !== passed(b)) return false;
  if (a.counts && b.counts) return a.counts.passed === b.counts.passed && a.counts.failed === b.counts.failed && a.counts.skipped === b.counts.skipped;
  return true;
}

/**
 * Both ran and gave the same verdict, counted differently: the case where the independent run is made again, to
 * tell a suite whose counts vary by themselves from straddle counting wrong.
 */
export function countsDiffer(ours: Outcome | undefined | null, independent: Outcome | undefined | null): boolean {
  return !!ours && !!independent && !ours.problem && !independent.problem && passed(ours) === passed(independent) && !!ours.counts && !!independent.counts && !sameOutcome(ours, independent);
}

/**
 * straddle's outcome against the project's own run: the same; else `varies` when the project's second run (`again`)
 * disagrees with its first with the same verdict as straddle's; else not the same.
 */
export function faithful(ours: Outcome | undefined | null, independent: Outcome | undefined, again?: Outcome): Judgement {
  if (sameOutcome(ours, independent)) return true;
  return countsDiffer(ours, independent) && countsDiffer(again, independent) ? 'varies' : false;
}

/** Both majors' judgements as one: any `false` is false, else any `varies` varies. */
const onBoth = (a: Judgement, b: Judgement): Judgement => (a === false || b === false ? false : a === 'varies' || b === 'varies' ? 'varies' : true);

/** `after` is no worse than `before`: no fewer passing, no more failing tests (exit status when uncounted). */
export function notWorse(before: Outcome | undefined, after: Outcome | undefined): boolean {
  if (!before || !after || after.problem) return false;
  if (passed(before) && !passed(after)) return false;
  if (before.counts && after.counts) return after.counts.passed >= before.counts.passed && after.counts.failed <= before.counts.failed;
  return true;
}

/** Every judgement for one project, each true when good (the faithfulness ones `varies` where the project's own runs disagree); undefined where the data is missing. */
export function judge(result: ProjectResult) {
  const { upgrade, again = {} } = result;
  return {
    matrixFaithful: result.matrix4 && result.matrix5
      ? onBoth(faithful(result.matrix4, result.baseline4, again.baseline4), faithful(result.matrix5, result.baseline5, again.baseline5)) : undefined,
    verdictFaithful: upgrade
      ? onBoth(faithful(upgrade.verdict4, result.after4, again.after4), faithful(upgrade.verdict5, result.after5, again.after5)) : undefined,
    notWorse: result.after4 && result.after5
      ? notWorse(result.baseline4, result.after4) && notWorse(result.baseline5, result.after5) : undefined,
    green: result.after4 && result.after5 ? passed(result.after4) && passed(result.after5) : undefined,
    controlUntouched: result.project.kind === 'control' && upgrade
      ? upgrade.sourceFiles.length + upgrade.testFiles.length === 0 && upgrade.lockLines === 0 : undefined,
    lintClean: result.lint ? !result.lint.before || result.lint.after : undefined,
  };
}

export function formatCounts(outcome: Outcome | undefined | null): string {
  if (!outcome) return '–';
  if (outcome.problem) return `!${outcome.problem.split(/[.:\n]/)[0]!.slice(0, 24)}`;
  const mark = outcome.exitCode === 0 ? '✓' : '✗';
  return outcome.counts ? `${mark} ${outcome.counts.passed}/${outcome.counts.failed}/${outcome.counts.skipped}` : `${mark} exit ${outcome.exitCode}`;
}

const yesNo = (value: Judgement | undefined) => (value === undefined ? '–' : value === 'varies' ? 'varies' : value ? 'yes' : '**no**');

/** The proving-ground table, as markdown: counts are passed/failed/skipped. */
export function formatTable(results: ProjectResult[]): string {
  const header = ['project', 'kind', 'base 4', 'base 5', '`test` 4', '`test` 5', '= base', 'upgrade says 4', 'says 5',
    'after 4', 'after 5', '= indep.', 'not worse', 'iter', 'wall s', 'files (tests)', 'lock ±', 'lint'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const result of results) {
    const { upgrade } = result;
    const verdict = judge(result);
    const files = upgrade ? `${upgrade.sourceFiles.length} (${upgrade.testFiles.length})` : '–';
    const untouched = verdict.controlUntouched === false ? ' **edited a control**' : '';
    lines.push(`| ${[
      result.error ? `${result.project.name} (error: ${result.error.split('\n')[0]!.slice(0, 60)})` : result.project.name,
      result.project.kind,
      formatCounts(result.baseline4), formatCounts(result.baseline5),
      formatCounts(result.matrix4), formatCounts(result.matrix5), yesNo(verdict.matrixFaithful),
      formatCounts(upgrade?.verdict4), formatCounts(upgrade?.verdict5),
      formatCounts(result.after4), formatCounts(result.after5), yesNo(verdict.verdictFaithful), yesNo(verdict.notWorse),
      upgrade ? String(upgrade.iterations) : '–', upgrade ? String(Math.round(upgrade.seconds)) : '–',
      files + untouched, upgrade ? String(upgrade.lockLines) : '–',
      result.lint ? `${result.lint.before ? 'clean' : 'dirty'} → ${result.lint.after ? 'clean' : 'dirty'}` : '–',
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The closing lines: how many projects meet each bar. */
export function summarize(results: ProjectResult[]): string {
  const verdicts = results.map(judge);
  const tally = (key: keyof ReturnType<typeof judge>) => {
    const known = verdicts.filter((v) => v[key] !== undefined);
    const varies = results.filter((_, i) => verdicts[i]![key] === 'varies').map((r) => r.project.name);
    const counted = `${known.filter((v) => v[key] === true).length}/${known.length - varies.length}`;
    return varies.length ? `${counted}, and ${varies.length} where the project's own runs disagree among themselves (${varies.join(', ')})` : counted;
  };
  return [
    `\`straddle test\` = independent baseline on both majors: ${tally('matrixFaithful')}`,
    `upgrade's verdict = independent check after it: ${tally('verdictFaithful')}`,
    `not worse than baseline on either major: ${tally('notWorse')}`,
    `green on both after upgrade: ${tally('green')}`,
    `controls left byte for byte: ${tally('controlUntouched')}`,
    ...notesOf(results),
  ].join('\n');
}

/** The upgrade reports' notes, a line each by project: a green row can still say something went wrong on the way. */
function notesOf(results: ProjectResult[]): string[] {
  const lines = results.flatMap((r) => (r.upgrade?.notes ?? []).map((note) => `- ${r.project.name}: ${note.length > 200 ? `${note.slice(0, 200)}…` : note}`));
  return lines.length ? ['notes in the upgrade reports:', ...lines] : [];
}
