/**
 * `--shard k/n` and `straddle merge`, as a CI job matrix uses them: a monorepo of our own scanned (and fixed) in
 * four shards, each shard's JSON report merged, must give the verdict, findings and SARIF of one whole run.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../../src/cli/run.ts';

const MONOREPO = path.resolve(import.meta.dirname, '../../../../fixtures/monorepo');

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

/** Runs the CLI; its exit code and what it printed. */
async function straddle(...argv: string[]): Promise<{ code: number; stdout: string }> {
  out = [];
  const code = await runCli(argv);
  return { code, stdout: out.join('\n') };
}

const work = () => mkdtempSync(path.join(tmpdir(), 'straddle-shard-'));

/** Each shard's `--json` report written to a file, as CI jobs upload them; the files. */
async function shardReports(argv: string[], count: number): Promise<string[]> {
  const dir = work();
  const files: string[] = [];
  for (let index = 1; index <= count; index++) {
    const { stdout } = await straddle(...argv, '--shard', `${index}/${count}`, '--json');
    files.push(path.join(dir, `shard-${index}.json`));
    writeFileSync(files.at(-1)!, stdout);
  }
  return files;
}

/** A report without what differs between any two runs (timings). */
const untimed = (json: string) => JSON.parse(json, (key, value) => (key === 'durationMs' ? undefined : value));

describe('scan --shard and merge', () => {
  it('four shards merged give the whole run: verdict, findings, skipped files, SARIF', { timeout: 120_000 }, async () => {
    const whole = await straddle('scan', 'express', MONOREPO, '--json');
    expect(whole.code).toBe(1);
    const files = await shardReports(['scan', 'express', MONOREPO], 4);
    const parts = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));
    // every shard did a part, each workspace package within one shard, the package.json checks in the first
    expect(parts.map((part) => part.files).reduce((a, b) => a + b)).toBe(JSON.parse(whole.stdout).files);
    for (const pkg of ['storefront', 'backoffice', 'session-guard']) {
      expect(parts.filter((part) => part.findings.some((f: { file: string }) => f.file.startsWith(`packages/${pkg}/`))), pkg).toHaveLength(1);
    }
    expect(parts.map((part) => part.findings.some((f: { file: string }) => f.file === 'package.json'))).toEqual([true, false, false, false]);

    const merged = await straddle('merge', ...files, '--json');
    expect(merged.code).toBe(whole.code);
    const { typed: _typedMerged, ...mergedReport } = untimed(merged.stdout);
    const { typed: _typedWhole, ...wholeReport } = untimed(whole.stdout);
    expect(mergedReport).toEqual(wholeReport);
    expect(wholeReport.errors).toEqual([expect.objectContaining({ file: 'packages/backoffice/src/routes/legacy-export.js', kind: 'parse' })]);

    const sarif = await straddle('merge', ...files, '--format', 'sarif');
    expect(JSON.parse(sarif.stdout)).toEqual(JSON.parse((await straddle('scan', 'express', MONOREPO, '--format', 'sarif')).stdout));
    // --fail-on judges the merged findings as it judges one run's
    for (const failOn of ['fixable', 'breaking', 'any']) {
      expect((await straddle('merge', ...files, '--fail-on', failOn)).code, failOn).toBe((await straddle('scan', 'express', MONOREPO, '--fail-on', failOn)).code);
    }
  });

  it('fix --dry-run shards merge into the whole run\'s changes and patches', { timeout: 120_000 }, async () => {
    const whole = await straddle('fix', 'express', MONOREPO, '--dry-run', '--json');
    const files = await shardReports(['fix', 'express', MONOREPO, '--dry-run'], 4);
    const merged = await straddle('merge', ...files, '--json');
    expect(merged.code).toBe(whole.code);
    const { typed: _a, ...mergedReport } = untimed(merged.stdout);
    const { typed: _b, ...wholeReport } = untimed(whole.stdout);
    expect(mergedReport.changed.length).toBeGreaterThan(5);
    expect(mergedReport).toEqual(wholeReport);
  });

  it('fix --shard writes only its own files', { timeout: 60_000 }, async () => {
    const dir = work();
    cpSync(MONOREPO, dir, { recursive: true });
    const report = JSON.parse((await straddle('fix', 'express', dir, '--force', '--shard', '2/4', '--json')).stdout);
    const before = (file: string) => readFileSync(path.join(MONOREPO, file), 'utf8');
    const after = (file: string) => readFileSync(path.join(dir, file), 'utf8');
    const rewritten = ['packages/storefront/src/app.js', 'packages/backoffice/src/index.js', 'scripts/healthcheck.js', 'package.json'].filter((file) => after(file) !== before(file));
    expect(rewritten.length).toBeGreaterThan(0);
    expect(rewritten).toEqual(rewritten.filter((file) => report.changed.includes(file)));
    expect(after('package.json')).toBe(before('package.json')); // the project's own checks are the first shard's
  });
});

describe('merge refuses what is not one run', () => {
  it('a missing shard, a shard given twice, an unsharded report, mixed commands, a file that is not a report', { timeout: 60_000 }, async () => {
    const scans = await shardReports(['scan', 'express', MONOREPO, '--no-types'], 3);
    const unsharded = path.join(work(), 'whole.json');
    writeFileSync(unsharded, (await straddle('scan', 'express', MONOREPO, '--json', '--no-types')).stdout);
    const notJson = path.join(work(), 'notes.txt');
    writeFileSync(notJson, 'hello');
    const matrix = path.join(work(), 'test-1.json');
    writeFileSync(matrix, JSON.stringify({ schemaVersion: 1, ok: true, results: [], failingOnAll: [], shard: { index: 1, count: 3 } }));
    const cases: Array<[string[], RegExp]> = [
      [[scans[0]!, scans[2]!], /Shard 2\/3 missing: the merged verdict would leave part of the run out\. \(E_SHARDS\)$/],
      [[...scans, scans[1]!], /Shard 2\/3 is given twice: its findings would count twice\. \(E_SHARDS\)$/],
      [[scans[0]!, unsharded], /one of them was not sharded\. \(E_SHARDS\)$/],
      [[notJson], /notes\.txt: not a JSON report/],
      [[path.join(work(), 'nowhere.json')], /nowhere\.json: no such file\. \(E_BAD_REPORT\)$/],
      [[scans[0]!, matrix], /These are reports of different commands \(scan or fix, and test\)/],
      [[], /Missing required positional argument: REPORTS/],
    ];
    for (const [files, message] of cases) {
      err = [];
      expect(await runCli(['merge', ...files]), files.join(' ')).toBe(2);
      expect(err.join('\n')).toMatch(message);
    }
  });
});
