import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED_TEST_CACHE, tempDir } from '../../../src/matrix/_test-support.ts';
import { runCapture } from '../../../src/matrix/run-command.ts';
import { runMatrix } from '../../../src/matrix/run-matrix.ts';

const APPS_DIR = path.join(REPO_ROOT, 'fixtures/apps');

/** What each app's suite shows first on Express 5 (the spec row it trips on). */
const FIRST_BREAK: Record<string, RegExp> = {
  'admin-mocha': /Missing parameter name/, // row 27: '/*'
  'blog-esm': /Unexpected \?/, // row 29: '/archive/:year?'
  'notes-ts': /Unexpected \(/, // row 31: '/:id(\\d+)'
  'shop-api': /app\.del is not a function/, // row 3
};

/** The test cases an app's own suite declares, counted from its source rather than written down here. */
async function declaredTests(appDir: string): Promise<number> {
  const testDir = path.join(appDir, 'test');
  const files = await readdir(testDir);
  const sources = await Promise.all(files.map((file) => readFile(path.join(testDir, file), 'utf8')));
  return sources.reduce((sum, text) => sum + (text.match(/^\s*(it|test)\(/gm) ?? []).length, 0);
}

describe('fixture apps', async () => {
  const apps = await readdir(APPS_DIR);

  it('has an expected first break for every app', () => {
    expect(apps.sort()).toEqual(Object.keys(FIRST_BREAK).sort());
  });

  for (const app of apps) {
    it(`${app} passes on express 4 and fails on express 5`, { timeout: 300_000 }, async () => {
      const dir = path.join(await tempDir('straddle-app-'), app);
      await cp(path.join(APPS_DIR, app), dir, { recursive: true });
      const install = await runCapture(['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });
      expect(install.exitCode, install.output).toBe(0);

      const report = await runMatrix({
        cwd: dir, packageName: 'express', versions: ['4', '5'], typesPackage: '@types/express', cacheDir: SHARED_TEST_CACHE,
      });
      const [v4, v5] = report.results;
      expect(v4.ok, v4.output).toBe(true);
      expect(v4.counts).toEqual({ passed: await declaredTests(dir), failed: 0, skipped: 0 });
      expect(v4.loaded?.version).toBe(v4.resolved);

      expect(v5.ok).toBe(false);
      expect(v5.exitCode).not.toBe(0);
      expect(v5.failure).toBeNull();
      expect(v5.loaded?.version).toBe(v5.resolved);
      expect(v5.output).toMatch(FIRST_BREAK[app]);

      // the old major is the app's own install; the new one comes from the cache
      expect([v4.source, v5.source]).toEqual(['project', 'swapped']);
    });
  }
});
