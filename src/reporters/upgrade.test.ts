import { describe, expect, it } from 'vitest';
import type { VersionDiagnosis } from '../upgrade/diagnose.ts';
import type { UpgradeReport } from '../upgrade/loop.ts';
import { formatUpgradeReport, stopSentence } from './upgrade.ts';

const version = (requested: string, failures: VersionDiagnosis['failures']): VersionDiagnosis => ({
  requested,
  resolved: `${requested}.0.0`,
  ok: !failures.length,
  counts: { passed: 10, failed: failures.length, skipped: 0 },
  loadFailures: 0,
  failures,
  problem: null,
});

const offline = (v: string) => ({ version: v, message: 'Error: connect ECONNREFUSED 127.0.0.1:6379', site: { file: 'test/cache.test.js', line: 12 } });
const slowInstall = (v: string, ms: number) => ({ version: v, message: `Error: Cannot find module 'added 1 package in ${ms}ms'`, site: { file: 'lib/plugins.js', line: 94 } });

function report(versions: VersionDiagnosis[]): UpgradeReport {
  return {
    pack: 'widgetkit', cwd: '/p', ok: false, stopReason: 'stuck', library: false, putBack: null,
    iterations: [{ index: 0, changes: [], reverted: null, versions, warnings: [], committed: false }],
    final: { ok: false, versions, warnings: [], ranAgain: false },
    changedFiles: [], changedTestFiles: [], openFindings: [], notes: [], ciMatrix: null,
  };
}

describe('the upgrade report', () => {
  it('leaves for a human what fails on the new major only, with the rule that explains it, and lists shared failures apart', () => {
    const text = formatUpgradeReport(report([
      version('1', [offline('1'), slowInstall('1', 268)]),
      version('2', [
        offline('2'),
        slowInstall('2', 298),
        { version: '2', ruleId: 'mount-path', message: "TypeError: no dual form for '/a/*/b/*'", site: { file: 'src/routes.js', line: 9 }, hint: 'This mount path is built at run time.' },
        { version: '2', message: 'AssertionError: expected 200, got 500', site: { file: 'test/api.test.js', line: 40 } },
      ]),
    ]));
    const [left, shared] = text.split("Failing alike on every major (the project's own, not the upgrade's):");
    expect(left).toContain("[2] mount-path src/routes.js:9: TypeError: no dual form for '/a/*/b/*'\n        This mount path is built at run time.");
    expect(left).toContain('[2] test/api.test.js:40: AssertionError: expected 200, got 500\n        no rule explains it');
    expect(left).not.toContain('ECONNREFUSED');
    // a timing in the message does not make the same failure two
    expect(shared!.trim().split('\n').map((line) => line.trim())).toEqual([
      'test/cache.test.js:12: Error: connect ECONNREFUSED 127.0.0.1:6379',
      "lib/plugins.js:94: Error: Cannot find module 'added 1 package in 268ms'",
    ]);
  });

  it('names why test files failed to load, the first of them and how many more', () => {
    const hidden = { ...version('2', []), ok: false, loadFailures: 2, loadErrors: ["test/a.test.js: Error: Cannot find module 'widgetkit/lib/router'", 'PathError [TypeError]: Unexpected ?'] };
    expect(formatUpgradeReport(report([version('1', []), hidden]), { color: false })).toContain(
      "2 test files failed to load (every test in them is hidden): test/a.test.js: Error: Cannot find module 'widgetkit/lib/router' (and 1 more)",
    );
  });

  it('has no "left" section when nothing fails', () => {
    expect(formatUpgradeReport(report([version('1', []), version('2', [])]))).not.toMatch(/Left for a human|Failing alike/);
  });

  it('prints as "after" the fresh run of the tree as left, not the last iteration it may not reproduce', () => {
    const base = report([version('1', []), version('2', [offline('2')])]);
    const iteration = { index: 1, changes: [], reverted: null, versions: [version('1', []), version('2', [])], warnings: [], committed: true };
    const fresh = [version('1', []), { ...version('2', [offline('2')]), counts: { passed: 3, failed: 1, skipped: 0 } }];
    const text = formatUpgradeReport({ ...base, iterations: [...base.iterations, iteration], final: { ok: false, versions: fresh, warnings: [], ranAgain: true } }, { color: false });
    const after = text.slice(text.indexOf('after (a fresh run of the tree as left):'));
    expect(after).toMatch(/2 +\(2\.0\.0\) FAIL 3 passed, 1 failed/);
    expect(after).not.toMatch(/2 +\(2\.0\.0\) pass/);
  });
});

describe('the stop reason', () => {
  it('is said of the table it sits under: a major that passes is never said to fail', () => {
    const table = [version('4', [offline('4')]), version('5', [])];
    const text = formatUpgradeReport({ ...report(table), stopReason: 'baseline' }, { color: false });
    expect(text).toContain('    4   (4.0.0) FAIL 10 passed, 1 failed\n    5   (5.0.0) pass 10 passed, 0 failed');
    expect(text).toContain("stopped: the new major is no worse than the old (4 fails, 5 passes): what fails is the project's own, not the upgrade's");
    expect(text).not.toMatch(/stopped: .*both majors/);
  });

  it('names every failing and every passing major of the table, whatever the loop stopped for', () => {
    const reasons = ['green', 'baseline', 'stuck', 'max-iterations'] as const;
    for (const reason of reasons) {
      for (const [old, next] of [[true, true], [true, false], [false, true], [false, false]]) {
        const sentence = stopSentence(reason, [{ requested: '4', ok: old! }, { requested: '5', ok: next! }]);
        if (old && next) expect(sentence).toBe('both majors pass');
        else if (!old && !next) expect(sentence).toMatch(reason === 'stuck' || reason === 'max-iterations' ? /\(4, 5 fail\)/ : /fails on both majors/);
        else expect(sentence).toContain(old ? '4 passes' : '4 fails');
        if (old !== next) expect(sentence).toContain(next ? '5 passes' : '5 fails');
      }
    }
  });
});
