/**
 * End to end, on copies of the bundled apps: before, each app's own suite fails on Express 5; after `upgrade` it
 * passes on 4 and 5 with no hand edit; after `finish` it passes on 5 with no shim left. And a project the loop
 * cannot fix stops with a report instead of looping or claiming success.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../../codemods/express/index.ts';
import { discoverFiles } from '../engine/discover.ts';
import { REPO_ROOT, SHARED_TEST_CACHE } from '../matrix/_test-support.ts';
import { runFinish } from './finish.ts';
import { runUpgrade } from './loop.ts';

/** A committed copy of an app with its dependencies installed, as a user's checkout would be. */
async function checkout(from: string): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'straddle-upgrade-')), path.basename(from));
  await cp(from, dir, { recursive: true });
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: 'pipe' });
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
  run('git', ['init', '-q']);
  run('git', ['add', '-A']);
  run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=test', 'commit', '-qm', 'app as it was']);
  return dir;
}

const options = { cacheDir: SHARED_TEST_CACHE, shimSpec: `file:${REPO_ROOT}` };
const APPS = ['blog-esm', 'shop-api', 'admin-mocha', 'notes-ts'];

describe('straddle upgrade, then finish', () => {
  for (const app of APPS) {
    it(`${app}: red on 5 → green on both → green on 5 without the shim`, { timeout: 900_000 }, async () => {
      const dir = await checkout(path.join(REPO_ROOT, 'fixtures/apps', app));

      const report = await runUpgrade(pack, { cwd: dir, ...options });
      const [before] = report.iterations;
      expect(before!.versions.map((v) => v.ok)).toEqual([true, false]);
      const last = report.iterations[report.iterations.length - 1]!;
      expect(last.versions.map((v) => [v.requested, v.ok, v.problem]), JSON.stringify(last.versions, null, 2)).toEqual([
        ['4', true, null],
        ['5', true, null],
      ]);
      expect(report).toMatchObject({ ok: true, stopReason: 'green' });
      expect(report.changedFiles.length).toBeGreaterThan(0);

      const finished = await runFinish(pack, { cwd: dir, cacheDir: SHARED_TEST_CACHE });
      expect(finished.test.results.map((r) => [r.requested, r.ok]), finished.test.results[0]?.output).toEqual([['5', true]]);
      const sources = await Promise.all((await discoverFiles(dir)).map((f) => readFile(f, 'utf8')));
      expect(sources.filter((s) => s.includes('straddle/express'))).toEqual([]);
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg.dependencies.express).toMatch(/^\^5/);
      expect(pkg.dependencies.straddle).toBeUndefined();
    });
  }

  it('stops on a project it cannot fix, and says what is left and where', { timeout: 600_000 }, async () => {
    const dir = await checkout(path.join(REPO_ROOT, 'fixtures/upgrade/unfixable'));
    const report = await runUpgrade(pack, { cwd: dir, ...options });
    expect(report).toMatchObject({ ok: false, stopReason: 'stuck' });
    expect(report.iterations.length).toBeLessThanOrEqual(3);
    const failures = report.iterations[report.iterations.length - 1]!.versions.find((v) => v.requested === '5')!.failures;
    // the wildcard built at run time is handled by the shim the loop wired in; the test pinning Express 4's header
    // bytes is not something to rewrite, and the report says which rule explains it
    expect(report.changedFiles).toContain('src/app.js');
    expect(failures).toContainEqual(expect.objectContaining({ ruleId: 'header-format', site: { file: 'test/app.test.js', line: 25 } }));
    expect(failures.find((f) => f.ruleId === 'header-format')?.hint).toMatch(/filename=/);
  });
});
