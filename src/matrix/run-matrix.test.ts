import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint, makeProject, REPO_ROOT, SHARED_TEST_CACHE, tempDir } from './_test-support.ts';
import { runMatrix } from './run-matrix.ts';
import type { MatrixEvent } from './types.ts';

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
  const savedRegistry = process.env.npm_config_registry;
  afterEach(() => {
    if (savedRegistry === undefined) delete process.env.npm_config_registry;
    else process.env.npm_config_registry = savedRegistry;
  });

  it('runs each version against its cached copy, proves it, and leaves the project byte-identical', async () => {
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const before = await fingerprint(project);
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE });

    const [v4, v5] = report.results;
    expect(v4).toMatchObject({ requested: '4', ok: true, exitCode: 0, failure: null, counts: { passed: 1, failed: 0, skipped: 0 } });
    expect(v4.resolved).toMatch(/^4\./);
    expect(v4.loaded).toEqual({ version: v4.resolved, path: path.join(SHARED_TEST_CACHE, 'packages/express', v4.resolved, 'node_modules/express') });
    expect(v4.output).toContain(`loaded express ${v4.resolved}`);
    expect(v5).toMatchObject({ requested: '5', ok: false, exitCode: 1, failure: null, counts: { passed: 0, failed: 1, skipped: 0 } });
    expect(v5.loaded?.version).toBe(v5.resolved);
    expect(v5.output).toContain(`loaded express ${v5.resolved}`);
    expect(report.ok).toBe(false);
    expect(await fingerprint(project)).toEqual(before);
  });

  it('redirects ESM imports too', async () => {
    const project = await makeProject({ 'test.mjs': ESM_TEST });
    const report = await runMatrix({
      cwd: project, packageName: 'express', versions: ['5'], cacheDir: SHARED_TEST_CACHE, command: ['node', 'test.mjs'],
    });
    expect(report.results[0].ok).toBe(true);
    expect(report.results[0].output).toContain(`esm loaded ${report.results[0].resolved} function`);
  });

  it('fails a run that loaded another copy, even when its tests pass', async () => {
    // The broken redirect: the suite reaches for the project's own express by absolute path.
    const project = await makeProject({
      'test.js': "require(require('path').join(process.env.PROJECT_DIR, 'node_modules/express')); console.log('1 passing');",
    });
    const report = await runMatrix({
      cwd: project, packageName: 'express', versions: ['5'], cacheDir: SHARED_TEST_CACHE, env: { PROJECT_DIR: project },
    });
    const [result] = report.results;
    expect(result.exitCode).toBe(0);
    expect(result.ok).toBe(false);
    const foreign = path.join(REPO_ROOT, 'node_modules/express4');
    expect(result.loaded).toEqual({ version: '4.22.3', path: foreign });
    expect(result.failure).toContain(`express@4.22.3 from ${foreign}`);
    expect(result.failure).toContain(`expected express@${result.resolved}`);
  });

  it('fails a run that never loaded the package', async () => {
    const project = await makeProject({ 'test.js': "console.log('1 passing');" });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4'], cacheDir: SHARED_TEST_CACHE });
    expect(report.results[0]).toMatchObject({ exitCode: 0, ok: false, loaded: null });
    expect(report.results[0].failure).toMatch(/never loaded express/);
  });

  it('reports a range that matches nothing without running anything', async () => {
    const project = await makeProject({ 'test.js': VERSION_TEST });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['^4.21', '99'], cacheDir: SHARED_TEST_CACHE });
    expect(report.results[0].resolved).toMatch(/^4\.(2[1-9]|[3-9]\d)\./);
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
    expect(firstEvents.filter((e) => e.type === 'install').map((e) => e.type === 'install' && e.fromCache)).toEqual([false, false]);

    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    const secondEvents: MatrixEvent[] = [];
    const second = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir, onProgress: (e) => secondEvents.push(e) });
    expect(secondEvents).toContainEqual({ type: 'metadata', packageName: 'express', source: 'cache' });
    expect(secondEvents.filter((e) => e.type === 'install').map((e) => e.type === 'install' && e.fromCache)).toEqual([true, true]);
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
