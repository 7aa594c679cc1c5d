import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fingerprint, REPO_ROOT, SHARED_TEST_CACHE, tempDir, withDeadRegistry } from '../../../src/matrix/_test-support.ts';
import { makeProject } from './_test-support.ts';
import { CopyPool } from '../../../src/matrix/copy-pool.ts';
import { runMatrix } from '../../../src/matrix/run-matrix.ts';
import type { MatrixEvent } from '../../../src/matrix/types.ts';

// Prints the version it loaded, then passes only on express 4: the shape of a suite that breaks on 5.
const VERSION_TEST = `
const version = require('express/package.json').version;
require('express');
console.log('loaded express ' + version);
console.log(version.startsWith('4.') ? '1 passing' : '1 failing');
process.exit(version.startsWith('4.') ? 0 : 1);
`;

const ESM_TEST = `
import express from 'express';
import { createRequire } from 'node:module';
const app = express();
console.log('esm loaded ' + createRequire(import.meta.url)('express/package.json').version + ' ' + typeof app.listen);
`;

describe('runMatrix', () => {
  it("runs the project's own version as installed, swaps the other in, proves both, and leaves the project byte-identical", async () => {
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const before = await fingerprint(project);
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE });

    const [v4, v5] = report.results;
    // the project's own 4.22.3 (what its lockfile installed), not the newest 4.x from the cache
    expect(v4).toMatchObject({ requested: '4', resolved: '4.22.3', source: 'project', ok: true, exitCode: 0, failure: null, counts: { passed: 1, failed: 0, skipped: 0 } });
    expect(v4.loaded).toEqual({ version: '4.22.3', path: path.join(REPO_ROOT, 'node_modules/express4') });
    expect(v4.output).toContain('loaded express 4.22.3');
    expect(v5).toMatchObject({ requested: '5', source: 'swapped', ok: false, exitCode: 1, failure: null, counts: { passed: 0, failed: 1, skipped: 0 } });
    expect(v5.loaded?.version).toBe(v5.resolved);
    // the swapped copy lived inside the run's private copy, not in the cache
    expect(v5.loaded?.path).toBe('node_modules/express');
    expect(v5.output).toContain(`loaded express ${v5.resolved}`);
    expect(report.ok).toBe(false);
    expect(await fingerprint(project)).toEqual(before);
  });

  it('answers a yes/no run (decideEarly) from the last version first, and runs no other once one decides it', async () => {
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const started: string[] = [];
    const onProgress = (event: MatrixEvent) => event.type === 'start' && started.push(event.requested);
    const decided = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, onProgress, decideEarly: (result) => !result.ok });
    expect(started).toEqual(['5']);
    expect(decided.results.map((r) => [r.requested, r.ok, r.notRun ?? false])).toEqual([['4', false, true], ['5', false, false]]);
    expect(decided.results[0]!.failure).toBe('not run: the result on 5 already decided this run');
    expect(decided.ok).toBe(false);

    started.length = 0;
    const undecided = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, onProgress, decideEarly: (result) => result.exitCode === 99 });
    expect(started).toEqual(['5', '4']);
    expect(undecided.results.map((r) => [r.requested, r.ok, r.notRun ?? false])).toEqual([['4', true, false], ['5', false, false]]);

    // the version named first runs first, and decides alone
    started.length = 0;
    const oldFirst = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, onProgress, decideEarly: (result) => result.ok, decideFirst: ['4'] });
    expect(started).toEqual(['4']);
    expect(oldFirst.results.map((r) => [r.requested, r.notRun ?? false])).toEqual([['4', false], ['5', true]]);
  });

  it('runs only the versions asked for, and says so of the others', async () => {
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const started: string[] = [];
    const onProgress = (event: MatrixEvent) => event.type === 'start' && started.push(event.requested);
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, onProgress, only: ['4'] });
    expect(started).toEqual(['4']);
    expect(report.results.map((r) => [r.requested, r.ok, r.notRun ?? false, r.failure])).toEqual([['4', true, false, null], ['5', false, true, 'not run: not asked for']]);
  });

  it('keeps writes into node_modules/.bin, a package folder and the swapped package inside the run', async () => {
    const writer = `
const fs = require('fs');
const path = require('path');
fs.writeFileSync('node_modules/.bin/tool', 'overwritten by the suite');
fs.writeFileSync('node_modules/helper/index.js', 'overwritten by the suite');
fs.writeFileSync(path.join(path.dirname(require.resolve('express/package.json')), 'index.js'), 'overwritten by the suite');
console.log('1 passing');
`;
    const project = await makeProject({
      'test.js': writer,
      'node_modules/.bin/tool': '#!/bin/sh\n',
      'node_modules/helper/index.js': 'module.exports = 1;\n',
      'node_modules/helper/package.json': '{"name":"helper","version":"1.0.0"}',
    });
    const before = await fingerprint(project);
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['5'], cacheDir: SHARED_TEST_CACHE });
    expect(report.results[0]).toMatchObject({ source: 'swapped', exitCode: 0 });
    const cached = path.join(SHARED_TEST_CACHE, 'packages/express', report.results[0].resolved, 'node_modules/express/index.js');
    expect(await readFile(cached, 'utf8')).not.toContain('overwritten');
    expect(await fingerprint(project)).toEqual(before);
  });

  it("reuses a version's copy across runs (copies): the project's changes in, the last run's writes out, node_modules kept", async () => {
    const suite = `
const fs = require('fs');
require('express');
if (fs.existsSync('out.txt')) { console.log('0 passing\\n  1 failing: the last run left out.txt'); process.exit(1); }
fs.writeFileSync('out.txt', 'written by the run');
console.log((fs.existsSync('node_modules/helper/seen') ? 'reused' : 'new') + ' copy, value ' + require('./value.js'));
fs.writeFileSync('node_modules/helper/seen', '');
console.log('1 passing');
`;
    const project = await makeProject({ 'test.js': suite, 'value.js': 'module.exports = 1;\n', 'node_modules/helper/package.json': '{"name":"helper","version":"1.0.0"}' });
    const before = await fingerprint(project);
    const copies = new CopyPool();
    onTestFinished(() => copies.dispose());
    const run = () => runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, copies });

    const first = await run();
    expect(first.results.map((r) => r.output.match(/\w+ copy, value \d/)?.[0])).toEqual(['new copy, value 1', 'new copy, value 1']);
    await writeFile(path.join(project, 'value.js'), 'module.exports = 2;\n');
    const second = await run();
    expect(second.results.map((r) => r.output.match(/\w+ copy, value \d/)?.[0])).toEqual(['reused copy, value 2', 'reused copy, value 2']);
    expect(second.results.map((r) => [r.ok, r.source, r.loaded?.version])).toEqual([[true, 'project', '4.22.3'], [true, 'swapped', first.results[1]!.resolved]]);
    // nothing of the runs reached the project
    await writeFile(path.join(project, 'value.js'), 'module.exports = 1;\n');
    expect(await fingerprint(project)).toEqual(before);
  });

  it('reruns alone a version whose suite collided on a fixed port with the other', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    // The suite that binds first holds the port until the other has tried (or 30 s): the two runs surely overlap.
    const listener = `
require('express');
const fs = require('fs');
const tried = require('path').join(process.env.SIGNAL_DIR, 'tried');
const server = require('http').createServer();
server.on('error', (error) => { fs.writeFileSync(tried, ''); console.log(error.code + '\\n  1 failing'); process.exit(1); });
server.listen(${port}, '127.0.0.1', () => {
  const started = Date.now();
  const wait = setInterval(() => {
    if (!fs.existsSync(tried) && Date.now() - started < 30000) return;
    clearInterval(wait);
    server.close();
    console.log('1 passing');
  }, 50);
});
`;
    const project = await makeProject({ 'test.js': listener });
    const signalDir = await tempDir('straddle-signal-');
    const report = await runMatrix({
      cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, concurrency: 2, env: { SIGNAL_DIR: signalDir },
    });
    expect(report.results.map((r) => r.ok)).toEqual([true, true]);
    expect(report.results.filter((r) => r.rerunAlone)).toHaveLength(1);
  });

  it('names the tests that fail on every version apart from those the version breaks', async () => {
    const mochaLike = `
const v = require('express/package.json').version;
const failing = ['needs the network'].concat(v.startsWith('5.') ? ['redirects back'] : []);
console.log('  1 passing\\n  ' + failing.length + ' failing\\n');
failing.forEach((name, i) => console.log('  ' + (i + 1) + ') ' + name + ':\\n     Error: no'));
process.exit(1);
`;
    const project = await makeProject({ 'test.js': mochaLike });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE });
    expect(report.results.map((r) => [r.countedBy, r.failedTests])).toEqual([['output', ['needs the network']], ['output', ['needs the network', 'redirects back']]]);
    expect(report.failingOnAll).toEqual(['needs the network']);
  });

  it('counts from inside the test processes when the command prints no summary: a script of the project a test, by its exit code', async () => {
    // a runner of plain assert scripts, one process each, that prints a word a script: nothing a summary parser knows
    const each = `
const { spawnSync } = require('child_process');
let bad = 0;
for (const name of ['test/a.js', 'test/b.js']) {
  const run = spawnSync(process.execPath, [name], { stdio: 'inherit' });
  if (run.status !== 0) bad += 1;
  console.log(name + (run.status === 0 ? ': fine' : ': broken'));
}
process.exit(bad ? 1 : 0);
`;
    const project = await makeProject({
      'test.js': each,
      'test/a.js': "require('express');\n",
      'test/b.js': "require('assert').ok(require('express/package.json').version.startsWith('4.'));\n",
    });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE });
    expect(report.results.map((r) => [r.countedBy, r.counts, r.failedTests])).toEqual([
      ['exit codes', { passed: 2, failed: 0, skipped: 0 }, []],
      ['exit codes', { passed: 1, failed: 1, skipped: 0 }, ['test/b.js › exited with 1']],
    ]);
  });

  it('redirects ESM imports too', async () => {
    const project = await makeProject({ 'test.mjs': ESM_TEST });
    const report = await runMatrix({
      cwd: project, packageName: 'express', versions: ['5'], cacheDir: SHARED_TEST_CACHE, command: ['node', 'test.mjs'],
    });
    expect(report.results[0].ok).toBe(true);
    expect(report.results[0].output).toContain(`esm loaded ${report.results[0].resolved} function`);
  });

  it('fails a run whose require reached another copy installed as express, even when its tests pass', async () => {
    // The broken isolation: the suite reaches for an express outside its copy by absolute path.
    const elsewhere = path.join(await tempDir('straddle-elsewhere-'), 'node_modules/express');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(elsewhere, 'package.json'), '{ "name": "express", "version": "4.0.0" }');
    await writeFile(path.join(elsewhere, 'index.js'), 'module.exports = () => {};');
    const project = await makeProject({ 'test.js': "require(process.env.ELSEWHERE); console.log('1 passing');" });
    const report = await runMatrix({
      cwd: project, packageName: 'express', versions: ['5'], cacheDir: SHARED_TEST_CACHE, env: { ELSEWHERE: elsewhere },
    });
    const [result] = report.results;
    expect(result.exitCode).toBe(0);
    expect(result.ok).toBe(false);
    expect(result.loaded).toEqual({ version: '4.0.0', path: elsewhere });
    expect(result.failure).toContain(`express@4.0.0 from ${elsewhere}`);
    expect(result.failure).toContain(`not the project's own express@${result.resolved}`);
  });

  it('swaps the aliases of a project that tests the package only through them', async () => {
    const project = await makeProject({
      'test.js': "const v = require('express4/package.json').version; require('express4'); console.log(v.startsWith('4.') ? '1 passing' : '1 failing'); process.exit(v.startsWith('4.') ? 0 : 1);",
    });
    await rename(path.join(project, 'node_modules/express'), path.join(project, 'node_modules/express4'));
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'lib', scripts: { test: 'node test.js' }, devDependencies: { express4: 'npm:express@^4.17.0' } }));
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE });
    expect(report.results.map((r) => [r.source, r.ok, r.failure, r.loaded?.version === r.resolved])).toEqual([
      ['project', true, null, true],
      ['swapped', false, null, true],
    ]);
  });

  it('lists other copies the suite loads on purpose (an alias) as information', async () => {
    const project = await makeProject({
      'test.js': "require('express'); require(require('path').join(process.env.REPO, 'node_modules/express5')); console.log('1 passing');",
    });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4'], cacheDir: SHARED_TEST_CACHE, env: { REPO: REPO_ROOT } });
    expect(report.results[0]).toMatchObject({ ok: true, failure: null, loaded: { version: '4.22.3' } });
    expect(report.results[0].note).toMatch(/^Also loaded, as information: express@5\./);
  });

  it('judges a suite that never loads the package (it mocks it) by its tests, and says so', async () => {
    const project = await makeProject({ 'test.js': "console.log('1 passing');" });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4'], cacheDir: SHARED_TEST_CACHE });
    expect(report.results[0]).toMatchObject({ exitCode: 0, ok: true, loaded: null, failure: null });
    expect(report.results[0].note).toMatch(/never loaded the project's own express/);
  });

  it('reports a range that matches nothing without running anything', async () => {
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['~4.21.0', '99'], cacheDir: SHARED_TEST_CACHE });
    // the project has 4.22.3, which ~4.21 excludes: the newest 4.21.x comes from the cache
    expect(report.results[0]).toMatchObject({ source: 'swapped', resolved: expect.stringMatching(/^4\.21\./) });
    expect(report.results[0].ok).toBe(true);
    expect(report.results[1]).toMatchObject({ requested: '99', ok: false, failure: "No published version of express matches '99'." });
  });

  it('reports a command that cannot start as a failed version', async () => {
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const report = await runMatrix({
      cwd: project, packageName: 'express', versions: ['4'], cacheDir: SHARED_TEST_CACHE, command: ['./no-such-runner'],
    });
    expect(report.results[0]).toMatchObject({ ok: false, loaded: null });
    expect(report.results[0].failure).toMatch(/^Could not run `\.\/no-such-runner`: .*ENOENT/);
  });

  it('reuses the cache on a second run, with the registry unreachable', async () => {
    const cacheDir = await tempDir('straddle-fresh-cache-');
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const firstEvents: MatrixEvent[] = [];
    await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir, onProgress: (e) => firstEvents.push(e) });
    // 4 is the project's own: only 5 is installed into the cache
    expect(firstEvents.filter((e) => e.type === 'install').map((e) => e.type === 'install' && e.fromCache)).toEqual([false]);
    // each version's copy and swap timed apart from its suite (what bench:upgrade adds up)
    expect(firstEvents.flatMap((e) => (e.type === 'done' ? [typeof e.setupMs === 'number' && e.setupMs >= 0] : []))).toEqual([true, true]);

    withDeadRegistry();
    const secondEvents: MatrixEvent[] = [];
    const second = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir, onProgress: (e) => secondEvents.push(e) });
    expect(secondEvents).toContainEqual({ type: 'metadata', packageName: 'express', source: 'cache' });
    expect(secondEvents.filter((e) => e.type === 'install').map((e) => e.type === 'install' && e.fromCache)).toEqual([true]);
    expect(second.results.map((r) => [r.requested, r.ok, r.failure])).toEqual([['4', true, null], ['5', false, null]]);
  });

  it('keeps the output of parallel runs apart', async () => {
    const chatty = `
const version = require('express/package.json').version;
require('express');
let i = 0;
const timer = setInterval(() => {
  (i % 2 ? process.stderr : process.stdout).write('line ' + version + ' ' + i + '\\n');
  if (++i === 40) clearInterval(timer);
}, 2);
`;
    const project = await makeProject({ 'test.js': chatty });
    const report = await runMatrix({
      cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, concurrency: 2, command: ['node', 'test.js'],
    });
    for (const result of report.results) {
      // stdout and stderr are two pipes: their relative order is not kept, their content must be.
      const lines = result.output.split('\n').filter((line) => line.startsWith('line '));
      lines.sort((a, b) => Number(a.split(' ')[2]) - Number(b.split(' ')[2]));
      expect(lines).toEqual(Array.from({ length: 40 }, (_, i) => `line ${result.resolved} ${i}`));
    }
  });

  it('cleans its temporary copies and stops its processes when aborted', async () => {
    const tmp = await tempDir('straddle-abort-');
    const project = await makeProject({ 'test.js': "require('express'); setInterval(() => {}, 1000); console.log('started');" });
    const controller = new AbortController();
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const run = runMatrix({
        cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, signal: controller.signal,
        onProgress: (event) => {
          if (event.type === 'start') setTimeout(() => controller.abort(), 500);
        },
      });
      await expect(run).rejects.toThrow(/aborted/);
    } finally {
      process.env.TMPDIR = savedTmp;
    }
    expect(await readdir(tmp)).toEqual([]);
  });
});
