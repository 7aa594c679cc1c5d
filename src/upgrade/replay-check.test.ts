import { describe, expect, it } from 'vitest';
import type { MatrixReport, VersionResult } from '../matrix/index.ts';
import type { ReplayFinding, ReplayReport } from '../replay/replay.ts';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import { diagnose, planActions } from './diagnose.ts';
import { hasTargets, improved, regressions } from './ratchet.ts';
import { replayFailures, withReplay } from './replay-check.ts';

const result = (requested: string): VersionResult => ({
  requested, resolved: `${requested}.0.0`, source: 'project', loaded: null, loadedAll: [], ok: true, exitCode: 0,
  counts: { passed: 12, failed: 0, skipped: 0 }, countedBy: 'output', failedTests: [], durationMs: 1, output: '', failure: null, note: null,
});
const green: MatrixReport = { packageName: 'web', cwd: '/p', command: ['npm', 'test'], ok: true, durationMs: 1, results: [result('1'), result('2')], failingOnAll: [] };
const finding = (route: string, ruleId?: string): ReplayFinding => ({
  route, places: ['status'], ruleId, count: 1,
  example: { method: 'GET', url: route.split(' ')[1]!, where: 'status', old: '200', new: '404', answers: { old: { status: 200, headers: {}, body: '', truncated: false }, new: { status: 404, headers: {}, body: '', truncated: false } } },
});
const replay = (findings: ReplayFinding[], failed: ReplayReport['requests']['failed'] = []): ReplayReport => ({
  pack: 'web', versions: { old: '1.0.0', new: '2.0.0' }, requests: { sent: 3, skipped: 0, failed }, noise: [], findings, shimmed: [], ok: !findings.length && !failed.length,
});

describe('replay findings as failing tests of the new major', () => {
  it('fold into the last result only, which then fails: a test a route, the findings in its output', () => {
    const folded = withReplay(green, replay([finding('GET /health', 'status-body'), finding('GET /a', undefined), { ...finding('GET /a', 'charset-case'), places: ['header content-type'] }]));
    expect(folded.ok).toBe(false);
    expect(folded.results[0]).toEqual(green.results[0]);
    expect(folded.results[1]).toMatchObject({ ok: false, counts: { passed: 12, failed: 2 }, failedTests: ['replay › GET /a', 'replay › GET /health'] });
    expect(folded.results[1]!.output.trim().split('\n')).toEqual([
      'straddle replay: GET /health › status-body › status',
      'straddle replay: GET /a › ? › status',
      'straddle replay: GET /a › charset-case › header content-type',
    ]);
    expect(withReplay(green, replay([]))).toBe(green);
  });

  it('so the ratchet sees routes: one that starts to differ is a regression, one that answers alike is progress', () => {
    const one = withReplay(green, replay([finding('GET /health', 'status-body')])).results;
    const two = withReplay(green, replay([finding('GET /health', 'status-body'), finding('GET /b', 'other')])).results;
    expect(regressions(one, two)).toEqual(['2 (2.0.0): newly failing: replay › GET /b']);
    expect(improved(two, one)).toBe(true);
    expect(hasTargets(one)).toBe(true);
    expect(hasTargets(green.results)).toBe(false);
    // a fix that leaves a route differing otherwise (its 404 gone, a charset's case left) made nothing worse
    const otherwise = withReplay(green, replay([{ ...finding('GET /health', 'charset-case'), places: ['header content-type'] }])).results;
    expect(regressions(one, otherwise)).toEqual([]);
  });

  it('a request nobody answered and an app that did not start are findings too, never a pass', () => {
    const lost = withReplay(green, replay([], [{ method: 'GET', url: '/slow', error: 'no answer within 10 ms' }]));
    expect(lost.results[1]!.failedTests).toEqual(['replay › GET /slow']);
    const down = withReplay(green, new Error('app.js exports no app\n    at …'));
    expect(down.results[1]!.failedTests).toEqual(['replay › the app did not start']);
    expect(replayFailures(down.results[1]!).map((f) => f.message)).toEqual(['replay › the app did not start on 2.0.0: app.js exports no app']);
  });

  it('give the diagnosis their rule where one explains them, and nothing to guess where none does', () => {
    const folded = withReplay(green, replay([finding('GET /health', 'status-body'), finding('GET /a', undefined)])).results[1]!;
    expect(replayFailures(folded).map((f) => [f.ruleId, f.replay])).toEqual([['status-body', true], [undefined, true]]);
  });

  it("make the rule's low-confidence sites worth rewriting: a finding of that rule left for want of proof", () => {
    const pack = { rules: [], projectRules: [] } as unknown as Pack<unknown>;
    const site = (file: string, ruleId: string): Finding => ({ ruleId, messageId: 'm', message: 'm', file, line: 1, column: 1, rows: [], kind: 'both', confidence: 'low', fixed: false, fixable: true });
    const diagnosis = diagnose(pack, withReplay(green, replay([finding('GET /health', 'status-body')])), [], ['a.js', 'b.js']);
    expect([...planActions(pack, diagnosis, [site('a.js', 'status-body'), site('b.js', 'other')]).assumeHandlerFiles]).toEqual(['a.js']);
  });

  it('name their rule as evidence for the fixes that wait for it, and only theirs', () => {
    const pack = { rules: [], projectRules: [] } as unknown as Pack<unknown>;
    const diagnosis = diagnose(pack, withReplay(green, replay([finding('GET /app.js', 'static-type'), finding('GET /a', undefined)])), [], []);
    expect([...planActions(pack, diagnosis, []).evidenceRules]).toEqual(['static-type']);
    expect([...planActions(pack, diagnose(pack, green, [], []), []).evidenceRules]).toEqual([]);
  });
});
