import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import { checkout, REPO_ROOT, SHARED_TEST_CACHE, tempDir } from '../../../src/matrix/_test-support.ts';
import { runMatrix } from '../../../src/matrix/index.ts';
import { isLibrary, runUpgrade } from '../../../src/upgrade/loop.ts';

/** The independent check: the project's own test command on each major, in a fresh private copy; ok per major. */
async function provenOn(dir: string): Promise<boolean[]> {
  const matrix = await runMatrix({ cwd: dir, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE });
  return matrix.results.map((r) => r.ok);
}

/** Upgrades a fixture library that passes on Express 4 and fails on 5: green on both after, its tests untouched. */
async function upgradeLibrary(fixture: string, testFile: string) {
  const dir = await checkout(path.join(REPO_ROOT, 'fixtures/upgrade', fixture));
  const tests = await readFile(path.join(dir, testFile), 'utf8');
  const report = await runUpgrade(pack, { cwd: dir, cacheDir: SHARED_TEST_CACHE });
  expect(report.iterations[0]!.versions.map((v) => v.ok)).toEqual([true, false]);
  expect(report).toMatchObject({ library: true, ok: true, stopReason: 'green', changedTestFiles: [] });
  expect(await readFile(path.join(dir, testFile), 'utf8')).toBe(tests);
  return { dir, report };
}

async function withManifest(manifest: object): Promise<string> {
  const dir = await tempDir('straddle-library-');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

describe('isLibrary', () => {
  it('is a published package with express as a peer or dev dependency', async () => {
    expect(isLibrary(await withManifest({ name: 'mw', main: 'index.js', peerDependencies: { express: '^4' } }), 'express')).toBe(true);
    expect(isLibrary(await withManifest({ name: 'mw', files: ['lib'], devDependencies: { express: '^4' } }), 'express')).toBe(true);
  });

  it('is not an app: private, or publishing nothing, or depending on express to run', async () => {
    expect(isLibrary(await withManifest({ name: 'app', private: true, main: 'server.js', dependencies: { express: '^4' } }), 'express')).toBe(false);
    expect(isLibrary(await withManifest({ name: 'app', main: 'server.js', dependencies: { express: '^4' } }), 'express')).toBe(false);
    expect(isLibrary(await withManifest({ name: 'site', scripts: { start: 'node .' } }), 'express')).toBe(false);
    expect(isLibrary(path.join(await tempDir('straddle-library-'), 'missing'), 'express')).toBe(false);
  });
});

describe('straddle upgrade on a library', () => {
  // route-lister reads `app._router.stack` of the app its users pass in: only the parameter's name says it is an
  // Express app, no failure points at the line (the tests see an empty list), so the rewrite is a trial the ratchet
  // keeps because tests then pass; nothing is wired into its tests and they still test the library.
  it('rewrites its own code into a dual form, proven by its tests on both majors, and its tests still test it', { timeout: 900_000 }, async () => {
    const dir = await checkout(path.join(REPO_ROOT, 'fixtures/upgrade/route-lister'));
    const tests = await readFile(path.join(dir, 'test/list.test.js'), 'utf8');

    const report = await runUpgrade(pack, { cwd: dir, cacheDir: SHARED_TEST_CACHE });
    expect(report.iterations[0]!.versions.map((v) => v.ok)).toEqual([true, false]);
    expect(report).toMatchObject({ library: true, ok: true, stopReason: 'green', changedFiles: ['index.js', 'package-lock.json', 'package.json'], changedTestFiles: [] });
    expect(report.iterations.flatMap((i) => i.changes.map((c) => c.what)).join('\n')).toMatch(/^tried the low-confidence rewrites \(receivers only named like Express objects.*app-router-access/m);
    expect(await readFile(path.join(dir, 'index.js'), 'utf8')).toContain("app._router || (typeof app.lazyrouter === 'function' ? undefined : app.router)");
    expect(await readFile(path.join(dir, 'test/list.test.js'), 'utf8')).toBe(tests);
    // what the tests proved is declared, in npm's own lockfile too, and CI gets a job per major
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    const lock = JSON.parse(await readFile(path.join(dir, 'package-lock.json'), 'utf8'));
    expect(manifest.peerDependencies).toEqual({ express: '^4.17.0 || ^5.0.0' });
    expect(lock.packages[''].peerDependencies).toEqual({ express: '^4.17.0 || ^5.0.0' });
    expect(manifest.devDependencies).toEqual({ express: '^4.21.0' });
    expect(report.ciMatrix).toContain("express: ['4', '5']");
    expect(report.notes).toContainEqual(expect.stringMatching(/depends on @straddle\/express .*never on straddle/));
    expect(report.ciMatrix).toContain('npm install --no-save express@${{ matrix.express }}');

    // without the library's code the suite fails on both majors: it still tests the library, not a shim
    await writeFile(path.join(dir, 'index.js'), 'module.exports = { listRoutes: () => [], formatRoutes: () => [] };\n');
    expect(await provenOn(dir)).toEqual([false, false]);
  });

  // health-routes keeps no lockfile (.npmrc: package-lock=false): declaring the peer range installs from package.json,
  // and the verdict has no lockfile to install from, nor one to write
  it('upgrades a library that keeps no lockfile without writing one, and installs nothing it cannot', { timeout: 900_000 }, async () => {
    const { dir, report } = await upgradeLibrary('unlocked-lib', 'test/health.test.js');
    expect(report.changedFiles).toEqual(['index.js', 'package.json']);
    expect(report.notes.filter((note) => /could not install/.test(note))).toEqual([]);
    expect(existsSync(path.join(dir, 'package-lock.json'))).toBe(false);
    expect(JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).peerDependencies).toEqual({ express: '^4.18.0 || ^5.0.0' });
  });

  // route-table cuts each router's mount path out of `layer.regexp.source` and reads parameter names from
  // `layer.keys`, which Express 5's layers do not have. The reads become calls of the vendored list-routes helper
  // (Express 4's own value there, what Express 4 compiles on 5), written next to the code and added to `files`.
  it('makes a library that reads layer.regexp / layer.keys print the same route table on both majors, the helper published with it', { timeout: 900_000 }, async () => {
    const { dir, report } = await upgradeLibrary('route-table', 'test/routes.test.js');
    expect(report.changedFiles).toEqual(['lib/routes.js', 'lib/straddle-list-routes.cjs', 'package-lock.json', 'package.json']);
    const code = await readFile(path.join(dir, 'lib/routes.js'), 'utf8');
    expect(code).toContain("const { layerKeys, layerRegexp } = require('./straddle-list-routes.cjs');");
    expect(code).toContain('return layerRegexp(layer).source');
    expect(code).not.toMatch(/layer\.(regexp|keys)\b/);
    // no new dependency, and the helper is in what npm publishes
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.files).toEqual(['index.js', 'lib/*.js', 'lib/straddle-list-routes.cjs']);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' })) as { files: { path: string }[] }[];
    expect(packed!.files.map((f) => f.path)).toContain('lib/straddle-list-routes.cjs');

    // the independent check, in a fresh private copy
    expect(await provenOn(dir)).toEqual([true, true]);

    // without the library's code the suite fails on both majors: it still tests the library
    await writeFile(path.join(dir, 'lib/routes.js'), 'module.exports = { collectRoutes: () => [], routeTable: () => [] };\n');
    expect(await provenOn(dir)).toEqual([false, false]);
  });

  // async-forward patches `express/lib/router/layer`, which Express 5 does not ship (and does not need: it forwards
  // rejections itself). Rewritten to load it on 4 only, by detection; on 5 the patch lands on a stand-in.
  it('makes a prototype-patching library load on both majors, the patch a no-op on Express 5', { timeout: 900_000 }, async () => {
    const dir = await checkout(path.join(REPO_ROOT, 'fixtures/upgrade/async-forward'));
    const report = await runUpgrade(pack, { cwd: dir, cacheDir: SHARED_TEST_CACHE });
    expect(report.iterations[0]!.versions.map((v) => v.ok)).toEqual([true, false]);
    expect(report).toMatchObject({ library: true, ok: true, stopReason: 'green', changedTestFiles: [] });
    expect(report.changedFiles).toContain('index.js');
    expect(await readFile(path.join(dir, 'index.js'), 'utf8')).toContain(
      "(require('express/package.json').version.split('.')[0] === '4' ? require('express/lib/router/layer') : function Layer() {})",
    );

    // without the patch, Express 4 never answers a rejected handler: the suite fails there, so it tests the library
    await writeFile(path.join(dir, 'index.js'), 'module.exports = function asyncForward() {};\n');
    expect(await provenOn(dir)).toEqual([false, true]);
  });

  // tidy-stack tells the router's frames from the app's by name (`[as handle_request]`, `express/lib/router/`), which
  // Express 5's router package spells otherwise: its suite fails there. The checks become dual, nothing else.
  it('makes stack-frame checks that name Express 4 internals match both majors, with no new dependency', { timeout: 900_000 }, async () => {
    const { dir, report } = await upgradeLibrary('tidy-stack', 'test/tidy.test.js');
    expect(report.changedFiles).toContain('index.js');
    const code = await readFile(path.join(dir, 'index.js'), 'utf8');
    expect(code).toContain("(line.includes(DISPATCH) || line.includes('Layer.handleRequest'))");
    expect(code).toContain('(?:node_modules[\\\\/]express[\\\\/]lib[\\\\/]router|node_modules[\\\\/]router)');
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toBeUndefined();
    expect(await readdir(dir)).not.toContain('straddle-express');

    // the independent check, in a fresh private copy
    expect(await provenOn(dir)).toEqual([true, true]);

    // without the library's code the suite fails on both majors: it still tests the library
    await writeFile(path.join(dir, 'index.js'), 'module.exports = { tidyStack: (e) => e.stack, handlerName: () => undefined, errorReporter: () => (e, q, s, n) => n(e) };\n');
    expect(await provenOn(dir)).toEqual([false, false]);
  });

  // hop-client is an HTTP client: its own code never touches Express, its tests' server does, and a handler factory
  // there passes `(url, status)` through `res.redirect.apply`, which no rewrite can see. Every failure the shim
  // covers is thrown by the tests' own server code, so the shim goes into the tests (only there, only with what
  // their failures need), and the tests still test the client.
  it('wires the shim into the tests of a library whose own code never touches Express, when their own server throws', { timeout: 900_000 }, async () => {
    const dir = await checkout(path.join(REPO_ROOT, 'fixtures/upgrade/hop-client'));
    const client = await readFile(path.join(dir, 'index.js'), 'utf8');
    const report = await runUpgrade(pack, { cwd: dir, cacheDir: SHARED_TEST_CACHE });
    expect(report.iterations[0]!.versions.map((v) => v.ok)).toEqual([true, false]);
    expect(report).toMatchObject({ library: true, ok: true, stopReason: 'green' });
    expect(report.changedFiles).toEqual(['straddle-express/index.d.ts', 'straddle-express/index.js', 'straddle-express/package.json']);
    expect(report.changedTestFiles).toEqual(['test/get.test.js']);
    expect(report.iterations.flatMap((i) => i.changes.map((c) => c.what)).join('\n')).toMatch(/wired the runtime shim \(straddle-express\/.*\) with res-redirect-status in warn mode/);
    expect(await readFile(path.join(dir, 'index.js'), 'utf8')).toBe(client);

    expect(await provenOn(dir)).toEqual([true, true]);
    // without the client the suite fails on both majors: it still tests the library, not the shim
    await writeFile(path.join(dir, 'index.js'), 'module.exports = { get: async () => ({ status: 0, hops: [] }) };\n');
    expect(await provenOn(dir)).toEqual([false, false]);
  });
});
