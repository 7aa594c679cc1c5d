/**
 * A Fastify plugin library of our own (fixtures/upgrade/fastify-greeting-form) whose tests register another plugin,
 * @fastify/formbody 7, that serves Fastify 4 only (its 8 serves 5 only): no lockfile holds a version of it that runs
 * on both majors. The matrix runs 5 with the pack's companion for it, the loop widens the library's own declared
 * range once its tests pass on both, and the CI job it prints installs the companion in the 5 job only. Real
 * Fastify 4 and 5 and the real plugin, from the registry.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import pack from '../../codemods/fastify/index.ts';
import { checkout, REPO_ROOT, SHARED_TEST_CACHE } from '../../src/matrix/_test-support.ts';
import { runMatrix } from '../../src/matrix/index.ts';
import { runUpgrade } from '../../src/upgrade/loop.ts';

describe('a Fastify plugin library whose tests need a plugin that serves one major', () => {
  it('5 runs with the companion the pack names, the loop widens the declared range, CI installs the companion on 5', { timeout: 900_000 }, async () => {
    const dir = await checkout(path.join(REPO_ROOT, 'fixtures/upgrade/fastify-greeting-form'));
    const options = { cwd: dir, packageName: 'fastify', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE };
    // without the companion, 5 fails in @fastify/formbody 7 itself, which no change to the library can fix
    const alone = await runMatrix(options);
    expect(alone.results.map((r) => r.ok)).toEqual([true, false]);
    expect(alone.results[1]!.output).toMatch(/@fastify\/formbody - expected '4\.x' fastify version/);

    const report = await runUpgrade(pack, { cwd: dir, cacheDir: SHARED_TEST_CACHE });
    const [start] = report.iterations;
    expect(start!.versions.map((v) => v.ok)).toEqual([true, false]);
    const [companion] = start!.versions[1]!.companions!;
    expect(companion!.name).toBe('@fastify/formbody');
    expect([semver.major(companion!.version), semver.major(companion!.replaced)]).toEqual([8, 7]);
    expect(report).toMatchObject({ library: true, ok: true, stopReason: 'green', changedTestFiles: [] });
    expect(await readFile(path.join(dir, 'index.js'), 'utf8')).toContain("fastify: '4.x || 5.x'");
    // the lockfile keeps @fastify/formbody 7: the companion is the 5 job's, in CI as in the matrix
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    expect(manifest.devDependencies['@fastify/formbody']).toBe('^7.4.0');
    expect(['4.x', '5.x'].map((major) => semver.intersects(manifest.peerDependencies.fastify, major))).toEqual([true, true]);
    const job = parse(report.ciMatrix!) as { jobs: { test: { strategy: { matrix: Record<string, unknown> } } } };
    expect(job.jobs.test.strategy.matrix).toEqual({ fastify: ['4', '5'], include: [{ fastify: '5', with: '@fastify/formbody@^8.0.0' }] });
    expect((await runMatrix({ ...options, companions: pack.companions })).results.map((r) => r.ok)).toEqual([true, true]);
  });
});
