/**
 * The package as users get it: @straddle/express as `npm run build` left it, `npm pack`, install the tarball into a
 * fresh project with express@4, then express@5, and use it from ESM and CJS over HTTP. Slow (npm, from the local
 * cache); keep it the last file of a run. (What it adds to an app and how resolvers find it: test/shim-package.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE = join(import.meta.dirname, '../../packages/express');
const work = mkdtempSync(join(tmpdir(), 'straddle-pack-'));
const app = join(work, 'app');

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

/** The same check from both module systems: major detection, a removed API brought back, a warning reported. */
const check = (load: string) => `${load}
const express = require('express');
const app = express();
const warnings = [];
straddle(app, { onWarning: (w) => warnings.push(w.id), report: false });
app.del('/s/:id', (req, res) => res.send(404));
app.get('/u/:id?', (req, res) => res.json({ id: req.params.id ?? null }));
const server = app.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  const res = await fetch(base + '/s/1', { method: 'DELETE' });
  const route = await (await fetch(base + '/u')).json();
  console.log(JSON.stringify({ major: expressMajor(app), status: res.status, body: await res.text(), route, warnings }));
  server.close();
});
`;

function run(file: string): unknown {
  return JSON.parse(execFileSync('node', [file], { cwd: app, encoding: 'utf8' }).trim().split('\n').pop()!);
}

describe('npm pack → install → import (runs last)', () => {
  let files: string[] = [];

  beforeAll(async () => {
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], PACKAGE));
    files = packed.files.map((f: { path: string }) => f.path);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true }));
    writeFileSync(join(app, 'esm.mjs'), check("import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nimport { straddle, expressMajor } from '@straddle/express';"));
    writeFileSync(join(app, 'cjs.cjs'), check("const { straddle, expressMajor } = require('@straddle/express');"));
    npm(['install', join(work, packed.filename), 'express@4'], app);
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs the ESM and CJS entries with their types, and every file its manifest points at', () => {
    expect(files.sort()).toEqual(['README.md', 'dist/index.d.mts', 'dist/index.d.ts', 'dist/index.js', 'dist/index.mjs', 'package.json']);
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));
    const exported = manifest.exports['.'];
    for (const target of [manifest.main, manifest.types, exported.import.default, exported.import.types, exported.require.default, exported.require.types]) {
      expect(files).toContain(target.replace(/^\.\//, ''));
    }
  });

  it('works from ESM and CJS with express@4, then with express@5', () => {
    const expected = (major: number) => ({
      major,
      status: 404,
      body: 'Not Found',
      route: { id: null },
      warnings: ['express/app-del', 'express/route-path', 'express/res-send-status'],
    });
    expect([run('esm.mjs'), run('cjs.cjs')]).toEqual([expected(4), expected(4)]);
    npm(['install', 'express@5'], app);
    expect([run('esm.mjs'), run('cjs.cjs')]).toEqual([expected(5), expected(5)]);
  }, 60_000);
});
