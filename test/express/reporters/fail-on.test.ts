/**
 * `--fail-on`: the levels nest, notes never fail one, and files that could not be scanned fail `breaking` and `any`.
 * Checked on a real scan and on a real project rule, not on findings made up to fit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProjectRules } from '../../../src/engine/project-rules.ts';
import type { RunReport } from '../../../src/engine/run.ts';
import type { Pack, ProjectRule } from '../../../src/pack.ts';
import type { Finding } from '../../../src/rule.ts';
import { FAIL_ON, failsOn, levelOf, publishedFindings, reportFails } from '../../../src/reporters/fail-on.ts';
import { scanProject } from './_test-support.ts';

let report: RunReport;
beforeAll(async () => void ({ report } = await scanProject()));

const failing = (level: (typeof FAIL_ON)[number] | undefined) => report.findings.filter((f) => failsOn(f, level));
const ids = (findings: Finding[]) => [...new Set(findings.map((f) => f.ruleId))].sort();

describe('--fail-on', () => {
  it('fixable: the sites `straddle fix` rewrites, proven to be the framework’s', () => {
    expect(ids(failing('fixable'))).toEqual(['app-del']);
    expect(failing('fixable').every((f) => f.fixable && f.confidence === 'high')).toBe(true);
  });

  it('breaking: also what needs the shim or a hand, never a site only names tie to the framework', () => {
    expect(ids(failing('breaking'))).toEqual(['app-del', 'async-handler', 'express-query-middleware']);
    expect(report.findings.find((f) => f.confidence === 'low')).toMatchObject({ ruleId: 'res-send-status', fixable: true });
  });

  it('any: also the low-confidence sites; the levels nest', () => {
    expect(ids(failing('any'))).toEqual(['app-del', 'async-handler', 'express-query-middleware', 'res-send-status']);
    for (const [smaller, larger] of [['fixable', 'breaking'], ['breaking', 'any']] as const) {
      expect(failing(larger)).toEqual(expect.arrayContaining(failing(smaller)));
    }
  });

  it('never fails on a note, at any level; without --fail-on every finding fails, as before', () => {
    const note = report.findings.find((f) => f.note)!;
    expect(note.ruleId).toBe('urlencoded-extended');
    expect(FAIL_ON.map((level) => failsOn(note, level))).toEqual([false, false, false]);
    expect(levelOf(note, 'any')).toBe('note');
    expect(failing(undefined)).toEqual(report.findings);
  });

  it('fails breaking and any (not fixable) on a file that could not be scanned', () => {
    expect(report.errors.map((e) => e.file)).toEqual(['broken.js']);
    const skippedOnly = { ...report, findings: [] };
    expect([undefined, ...FAIL_ON].map((level) => reportFails(skippedOnly, level))).toEqual([true, false, true, true]);
    const clean = { ...report, findings: [], errors: [] };
    expect([undefined, ...FAIL_ON].map((level) => reportFails(clean, level))).toEqual([false, false, false, false]);
  });

  it("never fails on a project rule's note, e.g. a types package of the old major kept while both majors run", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'straddle-note-'));
    writeFileSync(path.join(cwd, 'package.json'), '{\n  "devDependencies": { "@types/lib": "^4.0.0" }\n}\n');
    const rule: ProjectRule = {
      id: 'types-major',
      meta: { description: 'Old types', rows: [1], kind: 'report', messages: { keep: 'Keep it while both majors run.' } },
      check: (context) => context.report({ messageId: 'keep', at: 'devDependencies.@types/lib', note: true }),
    };
    const pack = { projectRules: [rule] } as unknown as Pack;
    const options = { cwd, fix: false, dryRun: false, target: 'both', assumeHandlers: false } as const;
    const [finding] = runProjectRules(pack, cwd, options).findings;
    expect(finding).toMatchObject({ ruleId: 'types-major', note: true, line: 2 });
    expect(FAIL_ON.map((level) => failsOn(finding!, level))).toEqual([false, false, false]);
  });
});

describe('publishedFindings', () => {
  it('leaves out what a fix run rewrote, and keeps what a dry run would rewrite', () => {
    const fixed = report.findings.map((f) => ({ ...f, fixed: f.fixable && f.confidence === 'high' }));
    const left = publishedFindings({ ...report, mode: 'fix', dryRun: false, findings: fixed });
    expect(left).toEqual(fixed.filter((f) => !f.fixed));
    expect(left.length).toBeLessThan(fixed.length);
    expect(publishedFindings({ ...report, mode: 'fix', dryRun: true, findings: fixed })).toEqual(fixed);
  });
});
