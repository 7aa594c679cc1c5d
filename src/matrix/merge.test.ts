import { describe, expect, it } from 'vitest';
import type { MatrixJson } from '../reporters/machine.ts';
import { mergeMatrixReports } from './merge.ts';
import type { VersionResult } from './types.ts';

function result(requested: string, failed: string[], passed: number, extra: Partial<VersionResult> = {}): VersionResult {
  return {
    requested,
    resolved: requested === '4' ? '4.21.2' : '5.1.0',
    source: requested === '4' ? 'project' : 'swapped',
    loaded: { version: requested === '4' ? '4.21.2' : '5.1.0', path: 'node_modules/webframe' },
    loadedAll: [],
    ok: failed.length === 0,
    exitCode: failed.length ? 1 : 0,
    counts: { passed, failed: failed.length, skipped: 0 },
    countedBy: 'runner',
    failedTests: failed,
    durationMs: 1000,
    output: `ran ${requested}`,
    failure: null,
    note: null,
    ...extra,
  };
}

function shard(index: number, count: number, results: VersionResult[]): MatrixJson {
  return { schemaVersion: 1, packageName: 'webframe', command: ['npm', 'test'], ok: results.every((r) => r.ok), durationMs: 1000 * index, results, failingOnAll: [], shard: { index, count } };
}

describe('mergeMatrixReports', () => {
  it('one version a shard: the whole run, judged again', () => {
    const merged = mergeMatrixReports([shard(2, 2, [result('5', ['api › sends 201'], 9)]), shard(1, 2, [result('4', [], 10)])]);
    expect(merged.results.map((r) => [r.requested, r.ok])).toEqual([['4', true], ['5', false]]);
    expect(merged).toMatchObject({ ok: false, failingOnAll: [], durationMs: 2000 });
    expect(merged).not.toHaveProperty('shard');
  });

  it("a version's suite in parts (sharded by its runner too): counts added, failures joined, each part must pass", () => {
    const merged = mergeMatrixReports([
      shard(1, 2, [result('4', ['db › times out'], 4)]),
      shard(1, 2, [result('4', [], 6)]),
      shard(2, 2, [result('5', ['db › times out'], 3)]),
      shard(2, 2, [result('5', ['routes › optional param'], 5)]),
    ]);
    const [four, five] = merged.results;
    expect(four).toMatchObject({ ok: false, exitCode: 1, counts: { passed: 10, failed: 1, skipped: 0 }, failedTests: ['db › times out'] });
    expect(five).toMatchObject({ ok: false, counts: { passed: 8, failed: 2, skipped: 0 }, failedTests: ['db › times out', 'routes › optional param'] });
    expect(four!.output).toBe('── part 1 of 2 ──\nran 4\n── part 2 of 2 ──\nran 4');
    // the test that fails on both is not the version's doing
    expect(merged.failingOnAll).toEqual(['db › times out']);
  });

  it('a part that could not be counted leaves the version uncounted rather than undercounted', () => {
    const merged = mergeMatrixReports([shard(1, 1, [result('4', [], 6), result('4', [], 0, { counts: null, failedTests: null, countedBy: null })])]);
    expect(merged.results[0]).toMatchObject({ counts: null, failedTests: null, ok: true });
  });

  it('refuses parts of one version that ran different releases, and a missing shard', () => {
    expect(() => mergeMatrixReports([shard(1, 1, [result('5', [], 1), result('5', [], 1, { resolved: '5.2.0' })])])).toThrow(/ran different releases \(5\.1\.0, 5\.2\.0\)/);
    expect(() => mergeMatrixReports([shard(1, 2, [result('4', [], 1)])])).toThrow(/Shard 2\/2 missing/);
  });
});
