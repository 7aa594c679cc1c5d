/**
 * `straddle test` as a function: it returns the matrix report (the CLI prints it and picks the exit code) and stops
 * with a coded error when there is no project.
 */
import { describe, expect, it } from 'vitest';
import { SHARED_TEST_CACHE } from '../../../../src/matrix/_test-support.ts';
import { makeProject, PASS_ON_4 } from '../../matrix/_test-support.ts';
import { test as testCommand } from '../../../../src/cli/commands/test.ts';

/** What the CLI passes from the Express pack. */
const EXPRESS = { packageName: 'express', versions: ['4', '5'], typesPackage: '@types/express', cacheDir: SHARED_TEST_CACHE };

describe('straddle test (command)', () => {
  it('returns the report: passing on 4, failing on 5, each run on the version it asked for', async () => {
    const project = await makeProject({ 'test.js': PASS_ON_4 });
    const report = await testCommand({ ...EXPRESS, cwd: project });
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => [r.requested, r.ok, r.loaded?.version === r.resolved])).toEqual([['4', true, true], ['5', false, true]]);
  });

  it('passes when every version does, and stops with E_NO_PACKAGE_JSON (exit 2) without a project', async () => {
    const project = await makeProject({ 'test.js': "require('express'); console.log('1 passing');" });
    expect((await testCommand({ ...EXPRESS, cwd: project })).ok).toBe(true);
    await expect(testCommand({ ...EXPRESS, cwd: `${project}/missing` })).rejects.toMatchObject({ code: 'E_NO_PACKAGE_JSON', exitCode: 2 });
  });
});
