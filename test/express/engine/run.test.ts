/**
 * What a run leaves byte for byte: files it cannot write as they are (another encoding, read-only, a link out of the
 * project, too large) are reported and untouched; files it writes keep their BOM, line endings and hard links.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import { definePack } from '../../../src/pack.ts';
import { loadPack } from '../../../src/packs.ts';
import { createRule } from '../../../src/rule.ts';
import { MAX_FILE_BYTES } from '../../../src/engine/discover.ts';
import { MAX_PASSES } from '../../../src/engine/run-file.ts';
import { runPack, type RunOptions } from '../../../src/engine/run.ts';

const APP = "const express = require('express');\nconst app = express();\napp.del('/x', (req, res) => res.send(req.query.a));\n";

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'straddle-run-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}
const fix = (cwd: string, options: Partial<RunOptions> = {}) => runPack(pack, { cwd, fix: true, jobs: 1, types: false, ...options });
const read = (dir: string, name: string) => readFileSync(path.join(dir, name));

describe('a run writes what the project parses', () => {
  it("writes no syntax newer than the version the project's ESLint config pins, in JavaScript only", async () => {
    const handler = "const express = require('express');\nconst app = express();\napp.get('/o/:id', (req, res) => res.send(String(req.param('id'))));\n";
    const dir = project({ '.eslintrc': '{ "parserOptions": { "ecmaVersion": 2017 } }', 'app.js': handler, 'app.ts': handler.replace("const express = require('express')", "import express from 'express'") });
    await fix(dir);
    expect(read(dir, 'app.js').toString('utf8')).toContain('req.params.id != null ? req.params.id : (req.body || {}).id != null ? (req.body || {}).id : req.query.id');
    expect(read(dir, 'app.ts').toString('utf8')).toContain('req.params.id ?? req.body?.id ?? req.query.id');
  });
});

describe('a run keeps bytes', () => {
  it('leaves a file that is not UTF-8 byte for byte as it was, and says so', async () => {
    // Latin-1 é in a response body: decoding it as UTF-8 would write U+FFFD back
    const latin1 = Buffer.concat([Buffer.from(APP.replace('req.query.a', "'caf")), Buffer.from([0xe9]), Buffer.from("'"), Buffer.from(');\n')]);
    const dir = project({ 'app.js': latin1 });
    const report = await fix(dir);
    expect(read(dir, 'app.js').equals(latin1)).toBe(true);
    expect(report.changed).toEqual([]);
    expect(report.errors).toEqual([{ file: 'app.js', kind: 'encoding', message: expect.stringMatching(/^not UTF-8 text.*left untouched/) }]);
  });

  it('keeps a UTF-8 BOM', async () => {
    const dir = project({ 'app.js': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(APP)]) });
    expect((await fix(dir)).changed).toEqual(['app.js']);
    const after = read(dir, 'app.js');
    expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(after.toString('utf8')).toContain("app.delete('/x'");
  });

  it('gives the lines a fix inserts the CRLF endings of a CRLF file', async () => {
    const dir = project({ 'app.js': APP.replace(/\n/g, '\r\n') });
    await fix(dir);
    const after = read(dir, 'app.js').toString('utf8');
    expect(after).toContain("const app = express();\r\napp.set('query parser', 'extended');\r\n");
    expect(after).not.toMatch(/[^\r]\n/);
  });

  it('keeps the CRLF endings of a package.json a project rule rewrites', async () => {
    const pkg = JSON.stringify({ name: 'shop', engines: { node: '>=14' }, dependencies: { express: '^4.18.2' } }, null, 2).replace(/\n/g, '\r\n') + '\r\n';
    const dir = project({ 'package.json': pkg });
    expect((await fix(dir, { target: 'new' })).changed).toEqual(['package.json']);
    const after = read(dir, 'package.json').toString('utf8');
    expect(after).toContain('"node": ">=18"');
    expect(after).not.toMatch(/[^\r]\n/);
  });

  it('writes through hard links, so every link sees the fix', async () => {
    const dir = project({ 'app.js': APP });
    linkSync(path.join(dir, 'app.js'), path.join(dir, 'app.js.orig'));
    expect((await fix(dir)).changed).toEqual(['app.js']);
    expect(read(dir, 'app.js.orig').toString('utf8')).toContain("app.delete('/x'");
    expect(statSync(path.join(dir, 'app.js')).nlink).toBe(2);
  });

  it('reports a read-only file and leaves it untouched, in a dry run too, never claiming a fix', async () => {
    const dir = project({ 'app.js': APP });
    chmodSync(path.join(dir, 'app.js'), 0o444);
    for (const dryRun of [false, true]) {
      const report = await fix(dir, { dryRun });
      expect(read(dir, 'app.js').toString('utf8')).toBe(APP);
      expect(report.errors).toEqual([{ file: 'app.js', kind: 'read-only', message: 'read-only: not written' }]);
      expect([report.changed, report.patches]).toEqual([[], []]);
      expect(report.findings.filter((f) => f.fixed)).toEqual([]);
      expect(report.findings.find((f) => f.ruleId === 'app-del')).toMatchObject({ fixable: true, fixed: false });
    }
  });

  it('never writes through a symlink out of the project (git lists the link as a path)', async () => {
    const outside = project({ 'app.js': APP });
    const dir = project({});
    symlinkSync(path.join(outside, 'app.js'), path.join(dir, 'linked.js'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const report = await fix(dir);
    expect(read(outside, 'app.js').toString('utf8')).toBe(APP);
    expect(report.changed).toEqual([]);
    expect(report.errors).toEqual([{ file: 'linked.js', kind: 'outside', message: expect.stringMatching(/outside the project: skipped$/) }]);
    // named explicitly, it is still refused where it would be written
    const explicit = await fix(dir, { files: [path.join(dir, 'linked.js')] });
    expect(explicit.errors).toMatchObject([{ file: 'linked.js', kind: 'outside' }]);
    expect(read(outside, 'app.js').toString('utf8')).toBe(APP);
  });

  it('fixes a file once when a symlink inside the project points to it, and keeps the link', async () => {
    const dir = project({ 'app.js': APP });
    symlinkSync('app.js', path.join(dir, 'alias.js'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const report = await fix(dir, { dryRun: true });
    expect([report.files, report.changed, report.patches.length]).toEqual([1, ['app.js'], 1]);
    expect((await fix(dir)).changed).toEqual(['app.js']);
    expect(lstatSync(path.join(dir, 'alias.js')).isSymbolicLink()).toBe(true);
    expect(read(dir, 'alias.js').toString('utf8')).toContain("app.delete('/x'");
  });

  it('lists a file too large to scan as skipped, with its size', async () => {
    const big = `// generated\n${'x'.repeat(MAX_FILE_BYTES)}\n${APP}`;
    const dir = project({ 'bundle.js': big });
    const report = await fix(dir);
    expect(report.errors).toEqual([{ file: 'bundle.js', kind: 'too-large', bytes: Buffer.byteLength(big), message: expect.stringMatching(/^1\.00 MiB, over the 1 MiB limit.*not scanned$/) }]);
    expect(read(dir, 'bundle.js').toString('utf8')).toBe(big);
  });

  it('stops before writing anything when package.json does not parse', async () => {
    const dir = project({ 'app.js': APP, 'package.json': '{ "name": "shop", }' });
    await expect(fix(dir)).rejects.toMatchObject({ code: 'E_PACKAGE_JSON', message: expect.stringMatching(/^package\.json: .*JSON/) });
    await expect(runPack(pack, { cwd: dir, fix: false, jobs: 1, types: false })).rejects.toMatchObject({ code: 'E_PACKAGE_JSON' });
    expect(read(dir, 'app.js').toString('utf8')).toBe(APP);
  });
});

describe('one fix run', () => {
  // `app` is only a parameter's name here: low confidence, rewritten only where asked
  const LIB = "module.exports = function mount(app) {\n  app.del('/x', (req, res) => res.sendStatus(204));\n};\n";
  const TEST = "const express = require('express');\nconst app = express();\napp.del('/y', (req, res) => res.end());\n";
  const sites = (findings: Awaited<ReturnType<typeof runPack>>['findings']) =>
    findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}/${f.messageId} ${f.confidence}${f.fixable ? ' fixable' : ''}`).sort();

  it('reports as open what a scan afterwards finds, so no second run is needed', async () => {
    const dir = project({ 'app.js': APP, 'lib.js': LIB });
    const fixed = await fix(dir);
    expect(fixed.changed).toEqual(['app.js']);
    const scanned = await runPack(pack, { cwd: dir, fix: false, jobs: 1, types: false });
    expect(sites(fixed.findings.filter((f) => !f.fixed))).toEqual(sites(scanned.findings));
    expect(scanned.findings.some((f) => f.file === 'lib.js')).toBe(true);
  });

  it('only scans the files named scan-only, and rewrites handler-named receivers only in the files named for it', async () => {
    const dir = project({ 'app.js': APP, 'lib.js': LIB, 'app.test.js': TEST });
    const at = (name: string) => path.join(dir, name);
    const report = await fix(dir, { scanOnly: [at('app.test.js')], assumeHandlersIn: [at('lib.js')] });
    expect(report.changed.sort()).toEqual(['app.js', 'lib.js']);
    expect(read(dir, 'app.test.js').toString('utf8')).toBe(TEST);
    expect(read(dir, 'lib.js').toString('utf8')).toContain("app.delete('/x'");
    expect(report.findings.find((f) => f.file === 'app.test.js' && f.ruleId === 'app-del')).toMatchObject({ fixable: true, fixed: false });
    expect(report.findings.find((f) => f.file === 'lib.js' && f.ruleId === 'app-del')).toMatchObject({ confidence: 'low', fixed: true });
  });

  it('keeps the rules named report-only in a file from fixing it, while the other rules fix it, on worker threads too', async () => {
    const both = "const express = require('express');\nconst app = express();\napp.del('/x', (req, res) => res.send(201));\n";
    const sendFixed = both.replace('res.send(201)', 'res.sendStatus(201)');
    // enough files for batches to go to a worker thread, each batch with its share of the per-file lists
    const names = Array.from({ length: 120 }, (_, i) => `${i % 2 ? 'held' : 'free'}-${i}.js`);
    for (const jobs of [1, 2]) {
      const dir = project(Object.fromEntries(names.map((name) => [name, both])));
      const held = names.filter((name) => name.startsWith('held'));
      // loaded by name, as the CLI does: a pack made in memory cannot be loaded again in a worker
      const report = await runPack(await loadPack('express'), { cwd: dir, fix: true, types: false, jobs, only: ['app-del', 'res-send-status'], reportOnlyIn: Object.fromEntries(held.map((name) => [path.join(dir, name), ['app-del']])) });
      expect(report.changed).toHaveLength(names.length);
      for (const name of names) expect(read(dir, name).toString('utf8')).toBe(name.startsWith('held') ? sendFixed : sendFixed.replace('app.del(', 'app.delete('));
      expect(report.findings.filter((f) => f.ruleId === 'app-del' && !f.fixed).map((f) => f.file).sort()).toEqual([...held].sort());
    }
  });

  it(`writes a file whose rules undo each other as the last of ${MAX_PASSES} passes left it, and says it did not settle`, async () => {
    const rename = (from: string, to: string) =>
      createRule({
        id: `${from}-to-${to}`,
        meta: { description: `Rename ${from}()`, rows: [1], kind: 'both', prefilter: [`${from}(`], messages: { rename: `Now \`${to}()\`.` } },
        create: (context) => ({
          CallExpression(node: ts.CallExpression) {
            if (ts.isIdentifier(node.expression) && node.expression.text === from) context.report({ node, messageId: 'rename', fix: (fixer) => fixer.replaceText(node.expression, to) });
          },
        }),
      });
    const toy = definePack({ id: 'toy', title: 'toy', packageName: 'toy', versions: { old: '1', new: '2' }, docsUrl: (id) => id, rules: [rename('ping', 'pong'), rename('pong', 'ping')], analyze: () => undefined });
    const dir = project({ 'a.js': 'ping(1);\n', 'b.js': 'other(1);\n' });
    const report = await runPack(toy, { cwd: dir, fix: true, jobs: 1, types: false });
    expect(report.unsettled).toEqual([{ file: 'a.js', passes: MAX_PASSES, rules: ['pong-to-ping'] }]);
    expect(read(dir, 'a.js').toString('utf8')).toBe('pong(1);\n');
    expect(report.findings.filter((f) => !f.fixed)).toMatchObject([{ file: 'a.js', ruleId: 'pong-to-ping', line: 1, fixable: true }]);
  });
});
