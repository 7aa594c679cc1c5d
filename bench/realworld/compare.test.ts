import { describe, expect, it } from 'vitest';
import { countsDiffer, faithful, formatTable, judge, notWorse, sameOutcome, summarize, type Outcome, type ProjectResult } from './_compare.ts';
import type { Project } from './_table.ts';

const run = (passed: number, failed: number, skipped = 0, exitCode = failed ? 1 : 0): Outcome => ({ exitCode, counts: { passed, failed, skipped }, seconds: 1 });
const project = (kind: Project['kind']): Project => ({ name: 'p', repo: 'o/p', commit: 'a'.repeat(40), pm: 'npm', test: 'npm test', kind, traits: [] });

describe('sameOutcome', () => {
  it('needs equal status and equal counts', () => {
    expect(sameOutcome(run(5, 0), run(5, 0))).toBe(true);
    expect(sameOutcome(run(5, 1), run(4, 2))).toBe(false);
    expect(sameOutcome(run(5, 0, 1), run(5, 0, 0))).toBe(false);
    expect(sameOutcome(run(5, 0), run(5, 0, 0, 1))).toBe(false);
  });
  it('compares status alone when a side was not counted, and never a run with a problem', () => {
    expect(sameOutcome({ exitCode: 0, counts: null, seconds: 1 }, run(3, 0))).toBe(true);
    expect(sameOutcome({ ...run(3, 0), problem: 'wrong version loaded' }, run(3, 0))).toBe(false);
    expect(sameOutcome(undefined, run(3, 0))).toBe(false);
  });
});

describe('faithful', () => {
  it("says `varies` only where the project's own two runs disagree, with straddle's verdict", () => {
    // straddle counted 10/157 where the baseline had counted 10/172: its second run, 10/163, disagrees with its first
    expect(faithful(run(10, 157), run(10, 172), run(10, 163))).toBe('varies');
    // the project's second run repeats its first: straddle's count stands out
    expect(faithful(run(10, 157), run(10, 172), run(10, 172))).toBe(false);
    // no second run, or straddle's verdict differs: a plain mismatch
    expect(faithful(run(10, 157), run(10, 172))).toBe(false);
    expect(faithful(run(10, 0), run(10, 2), run(10, 3))).toBe(false);
    expect(faithful(run(10, 0), run(10, 0), run(9, 1))).toBe(true);
  });
  it('asks for the second run only where both counted, with the same verdict and different counts', () => {
    expect(countsDiffer(run(10, 157), run(10, 172))).toBe(true);
    expect(countsDiffer(run(10, 157), run(10, 157))).toBe(false);
    expect(countsDiffer(run(10, 0), run(9, 1))).toBe(false);
    expect(countsDiffer({ exitCode: 1, counts: null, seconds: 1 }, run(9, 1))).toBe(false);
    expect(countsDiffer({ ...run(9, 1), problem: 'timed out' }, run(8, 1))).toBe(false);
  });
});

describe('notWorse', () => {
  it('allows more passing and fewer failing, nothing else', () => {
    expect(notWorse(run(5, 2), run(7, 0))).toBe(true);
    expect(notWorse(run(5, 2), run(4, 2))).toBe(false);
    expect(notWorse(run(5, 2), run(5, 3))).toBe(false);
    expect(notWorse(run(5, 0), run(5, 0, 0, 1))).toBe(false);
  });
});

describe('judge and the table', () => {
  const result: ProjectResult = {
    project: project('control'),
    baseline4: run(10, 0), baseline5: run(10, 0),
    matrix4: run(10, 0), matrix5: run(9, 1),
    upgrade: { exitCode: 0, stopReason: 'green', iterations: 1, seconds: 30, verdict4: run(10, 0), verdict5: run(10, 0), sourceFiles: ['app.js'], testFiles: [], lockLines: 0 },
    after4: run(10, 0), after5: run(10, 0),
  };

  it('catches an unfaithful matrix and an edited control', () => {
    expect(judge(result)).toMatchObject({ matrixFaithful: false, verdictFaithful: true, notWorse: true, green: true, controlUntouched: false });
  });

  it('prints one row per project and tallies each bar', () => {
    const table = formatTable([result]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('✓ 10/0/0');
    expect(table).toContain('✗ 9/1/0');
    expect(table).toContain('**edited a control**');
    expect(summarize([result])).toContain('controls left byte for byte: 0/1');
  });

  it("tallies a row whose own runs disagree apart, by name, and prints it as such", () => {
    const varying: ProjectResult = {
      project: { ...project('target'), name: 'flaky' },
      baseline4: run(10, 0), baseline5: run(10, 172),
      matrix4: run(10, 0), matrix5: run(10, 157),
      again: { baseline5: run(10, 163) },
    };
    expect(judge(varying).matrixFaithful).toBe('varies');
    expect(formatTable([varying])).toContain('| varies |');
    expect(summarize([result, varying])).toContain("`straddle test` = independent baseline on both majors: 0/1, and 1 where the project's own runs disagree among themselves (flaky)");
  });

  it('lists what the upgrade reports note beside their verdicts, by project', () => {
    const upgrade = { exitCode: 0, stopReason: 'green', iterations: 1, seconds: 1, verdict4: run(3, 0), verdict5: run(3, 0), sourceFiles: [], testFiles: [], lockLines: 0 };
    const noted: ProjectResult = { project: { ...project('target'), name: 'lib' }, upgrade: { ...upgrade, notes: ['could not install node_modules as package-lock.json says', 'x'.repeat(300)] } };
    const quiet: ProjectResult = { project: { ...project('target'), name: 'app' }, upgrade: { ...upgrade, notes: [] } };
    const lines = summarize([noted, quiet]).split('\n');
    expect(lines.slice(-3)).toEqual(['notes in the upgrade reports:', '- lib: could not install node_modules as package-lock.json says', `- lib: ${'x'.repeat(200)}…`]);
    expect(summarize([quiet])).not.toContain('notes');
  });
});
