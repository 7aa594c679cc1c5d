/**
 * The package as users get it: build the shim with the repo's own tsup block, `npm pack`, install the tarball into
 * a fresh project with express@4, then express@5, and use it from ESM and CJS over HTTP. Slow (npm, from the
 * local cache); keep it the last file of a run.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import configs from '../../tsup.config.ts';

const ROOT = join(import.meta.dirname, '../..');
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
    const stage = join(work, 'package');
    mkdirSync(stage);
    copyFileSync(join(ROOT, 'package.json'), join(stage, 'package.json'));
    const block = (configs as Options[]).find((c) => JSON.stringify(c.entry).includes('shims/express'));
    await build({ ...block, config: false, silent: true, outDir: join(stage, 'dist'), tsconfig: join(ROOT, 'tsconfig.json') });
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], stage));
    files = packed.files.map((f: { path: string }) => f.path);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true }));
    writeFileSync(join(app, 'esm.mjs'), check("import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nimport { straddle, expressMajor } from 'straddle/express';"));
    writeFileSync(join(app, 'cjs.cjs'), check("const { straddle, expressMajor } = require('straddle/express');"));
    npm(['install', join(work, packed.filename), 'express@4'], app);
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs ESM, CJS and both type files of the ./express export', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/shims/express.js', 'dist/shims/express.cjs', 'dist/shims/express.d.ts', 'dist/shims/express.d.cts']));
    const exported = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports['./express'];
    for (const target of [exported.import.default, exported.import.types, exported.require.default, exported.require.types]) {
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
