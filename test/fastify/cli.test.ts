/**
 * The Fastify pack, built in, through the built CLI (`node bin.js`, which runs dist/: `npm run build` first), on a
 * small Fastify 4 app of our own (fixtures/apps-fastify/shortener) with its own node:test suite. The app's copy gets
 * `node_modules/fastify` as a link to the real fastify 4 or 5 (the `fastify4` / `fastify5` aliases), so its suite
 * runs on either major: green on 4 and red on 5 as written, green on both after `fix fastify`. The engine is the
 * one every pack runs through; nothing in src/ knows Fastify but the table of built-in packs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../../codemods/fastify/index.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin.js');
const APP = path.join(REPO, 'fixtures/apps-fastify/shortener');
const DOCS = `file://${REPO}/docs/fastify`;

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

/** `node_modules/fastify` of the app's copy, as a link to one real major. */
function useMajor(dir: string, major: 4 | 5): void {
  const link = path.join(dir, 'node_modules/fastify');
  mkdirSync(path.dirname(link), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(path.join(REPO, `node_modules/fastify${major}`), link, 'dir');
}

/** A git copy of the app, with fastify 4 installed as its own install would leave it (node_modules is ignored). */
function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-fastify-app-'));
  cpSync(APP, dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'shortener on fastify 4');
  useMajor(dir, 4);
  return dir;
}

/** The app's own suite (`npm test` is `node --test`) on one major: what passed and what failed. */
function suite(dir: string, major: 4 | 5): { pass: number; fail: number; failing: string[] } {
  useMajor(dir, major);
  try {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, ['--test'], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? NaN);
    return { pass: count('pass'), fail: count('fail'), failing: [...run.stdout.matchAll(/^not ok \d+ - (.+)$/gm)].map((m) => m[1]!) };
  } finally {
    useMajor(dir, 4);
  }
}

const straddle = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const json = (run: { stdout: string }) => JSON.parse(run.stdout);

/** Every site the app has, as `scan fastify --json` lists them: rule, file:line:column, rows, confidence. */
const SITES = [
  ['request-route-props', 'src/app.js:14:20', [15, 16, 17, 18], 'high'],
  ['request-route-props', 'src/app.js:14:44', [15, 16, 17, 18], 'high'],
  ['reply-get-response-time', 'src/app.js:19:46', [20], 'high'],
  ['request-connection', 'src/app.js:23:60', [5], 'high'],
  ['reply-redirect-code', 'src/routes/links.js:21:12', [21], 'low'],
  ['reply-sent-assign', 'src/routes/links.js:27:5', [10], 'low'],
  // `app` is built in ./app: the typed pass (fastify is installed) sees the instance fastify() returns
  ['listen-variadic', 'src/server.js:7:1', [11], 'high'],
];
const sites = (findings: any[]) => findings.map((f) => [f.ruleId, `${f.file}:${f.line}:${f.column}`, f.rows, f.confidence]);

describe('straddle rules fastify', () => {
  it('lists the pack\'s rules: id, rows, kind and their pages in docs/fastify', () => {
    expect(existsSync(path.join(REPO, 'dist/cli.js')), 'npm run build first').toBe(true);
    const run = straddle('rules', 'fastify', '--json');
    expect(run.status, run.stderr).toBe(0);
    const listed = json(run).map((r: any) => [r.id, r.rows, r.kind, r.scope, r.docs, r.rowDocs]);
    // every rule of the pack, once, in the order of the first row it cites
    expect(listed.map(([id]: [string]) => id).sort()).toEqual([...pack.rules, ...pack.projectRules!].map((rule) => rule.id).sort());
    const firstRows = listed.map(([, rows]: [string, number[]]) => rows[0]);
    expect(firstRows).toEqual([...firstRows].sort((a: number, b: number) => a - b));
    expect(listed).toEqual(expect.arrayContaining([
      ['request-connection', [5], 'both', 'source', `${DOCS}/request-connection.md`, [`${DOCS}/breaking-changes.md#row-5`]],
      ['reply-sent-assign', [10], 'both', 'source', `${DOCS}/reply-sent-assign.md`, [`${DOCS}/breaking-changes.md#row-10`]],
      ['listen-variadic', [11], 'both', 'source', `${DOCS}/listen-variadic.md`, [`${DOCS}/breaking-changes.md#row-11`]],
      ['request-route-props', [15, 16, 17, 18], 'both', 'source', `${DOCS}/request-route-props.md`, [15, 16, 17, 18].map((row) => `${DOCS}/breaking-changes.md#row-${row}`)],
      ['reply-get-response-time', [20], 'both', 'source', `${DOCS}/reply-get-response-time.md`, [`${DOCS}/breaking-changes.md#row-20`]],
      ['reply-redirect-code', [21], 'both', 'source', `${DOCS}/reply-redirect-code.md`, [`${DOCS}/breaking-changes.md#row-21`]],
      ['json-shorthand', [23, 24], 'both', 'source', `${DOCS}/json-shorthand.md`, [23, 24].map((row) => `${DOCS}/breaking-changes.md#row-${row}`)],
    ]));
    expect(straddle('rules', 'fastify').stdout).toMatch(/^listen-variadic +row 11 +both +Rewrite `app\.listen\(port, host, cb\)`/m);
  });
});

describe('straddle scan / fix fastify on a Fastify 4 app', () => {
  it('the app as it is: its own suite is green on Fastify 4 and red on 5', () => {
    const dir = project();
    expect(suite(dir, 4)).toEqual({ pass: 7, fail: 0, failing: [] });
    const on5 = suite(dir, 5);
    expect(on5.pass + on5.fail).toBe(7);
    expect(on5.failing).toEqual(expect.arrayContaining(['a short link redirects, permanently, to its URL', 'the raw form answers plain text', 'server.js listens where PORT and HOST say']));
  });

  it('scan: every site with its rule, row, place and confidence; exit 1; the pretty report links the table', () => {
    const dir = project();
    const run = straddle('scan', 'fastify', dir, '--json');
    expect(run.status, run.stderr).toBe(1);
    const report = json(run);
    expect(report).toMatchObject({ pack: 'fastify', mode: 'scan', errors: [], changed: [] });
    expect(sites(report.findings)).toEqual(SITES);
    expect(report.findings.every((f: any) => f.fixable && !f.fixed && f.kind === 'both')).toBe(true);
    const pretty = straddle('scan', 'fastify', dir);
    expect(pretty.stdout).toContain('src/routes/links.js:21:12');
    expect(pretty.stdout).toContain('Use `reply.code(301).redirect(link.url)` instead');
    expect(pretty.stdout).toContain(`row N: ${DOCS}/breaking-changes.md#row-N`);
  });

  it('fix --dry-run: the diff of what fix would write, nothing written', () => {
    const dir = project();
    const run = straddle('fix', 'fastify', dir, '--dry-run');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain("-    const key = `${request.routerMethod} ${request.routerPath || '(not found)'}`;");
    expect(run.stdout).toContain("+    const key = `${request.routeOptions.method} ${request.routeOptions.url || '(not found)'}`;");
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('fix, then fix --assume-handlers: green on Fastify 4 and 5, and a scan finds nothing left', () => {
    const dir = project();
    // what the files prove: app.js, whose instance comes from fastify() and whose project has fastify 4.29 installed,
    // and server.js, whose `app` the type checker sees is the instance app.js builds
    const first = straddle('fix', 'fastify', dir, '--json');
    expect(first.status, first.stderr).toBe(0);
    const report = json(first);
    expect(report.changed).toEqual(['src/app.js', 'src/server.js']);
    expect(report.typed.files).toBe(2);
    expect(report.findings.filter((f: any) => f.fixed).map((f: any) => f.ruleId)).toEqual(['request-route-props', 'request-route-props', 'reply-get-response-time', 'request-connection', 'listen-variadic']);
    expect(sites(report.findings.filter((f: any) => !f.fixed))).toEqual(SITES.filter(([, , , confidence]) => confidence === 'low'));
    const app = readFileSync(path.join(dir, 'src/app.js'), 'utf8');
    expect(app).toContain("const key = `${request.routeOptions.method} ${request.routeOptions.url || '(not found)'}`;");
    expect(app).toContain('reply.header(\'server-timing\', `app;dur=${reply.elapsedTime.toFixed(1)}`);');
    expect(app).toContain('peer: request.socket.remoteAddress');
    git(dir, 'commit', '-qam', 'straddle fix fastify');

    // the route plugin shows only names (a plugin's `fastify`, untyped in JavaScript): --assume-handlers
    const second = straddle('fix', 'fastify', dir, '--assume-handlers', '--json');
    expect(second.status, second.stderr).toBe(0);
    expect(json(second).changed).toEqual(['src/routes/links.js']);
    const links = readFileSync(path.join(dir, 'src/routes/links.js'), 'utf8');
    expect(links).toContain('return reply.code(301).redirect(link.url);');
    expect(links).toContain('    reply.hijack();\n');
    expect(readFileSync(path.join(dir, 'src/server.js'), 'utf8')).toContain(
      "app.listen({ port: Number(process.env.PORT || 3000), host: process.env.HOST || 'localhost' }, (err) => {",
    );

    expect(suite(dir, 4)).toEqual({ pass: 7, fail: 0, failing: [] });
    expect(suite(dir, 5)).toEqual({ pass: 7, fail: 0, failing: [] });
    const rescan = straddle('scan', 'fastify', dir, '--json');
    expect(rescan.status, rescan.stderr).toBe(0);
    expect(json(rescan).findings).toEqual([]);
  });

  it('fix --jobs 2: worker threads load the built-in pack by name and rewrite what one thread does', () => {
    const dir = project();
    for (let i = 0; i < 120; i++) {
      writeFileSync(path.join(dir, `src/old-${i}.js`), `const app = require('fastify')();\napp.get('/old-${i}', (request, reply) => reply.redirect(301, '/new-${i}'));\nmodule.exports = app;\n`);
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'old routes');
    const run = straddle('fix', 'fastify', dir, '--jobs', '2', '--json');
    expect(run.status, run.stderr).toBe(0);
    const report = json(run);
    expect(report.errors).toEqual([]);
    // the 120, app.js, and server.js, whose instance the typed pass proves
    expect(report.changed).toHaveLength(122);
    expect(readFileSync(path.join(dir, 'src/old-7.js'), 'utf8')).toContain("reply.code(301).redirect('/new-7')");
  });
});
