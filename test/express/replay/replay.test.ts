/**
 * `straddle replay` on an app of our own whose tests pass on Express 4 and 5 while some answers change silently:
 * on real Express 4 (primary and secondary) and 5 (candidate), it finds each silent change and names its rule,
 * learns the timestamp and the random id as noise, and after `fix` finds only what no dual form covers.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import { runPack } from '../../../src/engine/run.ts';
import { discoverFiles } from '../../../src/engine/discover.ts';
import { checkout, tempDir } from '../../../src/matrix/_test-support.ts';
import { CopyPool, runMatrix } from '../../../src/matrix/index.ts';
import { runReplay, type ReplayReport } from '../../../src/replay/replay.ts';
import { runUpgrade } from '../../../src/upgrade/loop.ts';
import { readRequests, type RecordedRequest } from '../../../src/replay/requests.ts';
import { replayJson } from '../../../src/reporters/machine.ts';
import { formatReplay } from '../../../src/reporters/replay.ts';
import { wireShim } from '../../../src/upgrade/shim.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const APP = path.join(REPO, 'fixtures/replay/storefront');
const BIN = path.join(REPO, 'bin.js');
const validReplay = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.join(REPO, 'docs/schemas/replay-report.v1.schema.json'), 'utf8')));

const where = (report: ReplayReport) => Object.fromEntries(report.findings.map((f) => [f.route, (f.sites ?? []).map((s) => `${s.file}:${s.line}:${s.column}${s.fixable ? ' fixable' : ''}`)]));
const found = (report: ReplayReport) => report.findings.map((f) => `${f.route} ${f.ruleId ?? `? ${f.places.join(', ')}`}`);
const SILENT = [
  'GET /.well-known/security.txt static-dotfiles',
  'GET /api/products query-parser-extended',
  'GET /api/tenant req-host',
  'GET /cart/continue redirect-back',
  'GET /health res-send-status',
  'GET /js/app.js mime-javascript',
];

let requests: RecordedRequest[];
beforeAll(async () => {
  requests = await readRequests(path.join(APP, 'requests.jsonl'));
});

describe('replay on the storefront', () => {
  it("its own tests pass on both majors: they ask nothing replay finds", { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    const matrix = await runMatrix({ cwd: dir, packageName: 'express', versions: ['4', '5'] });
    expect(matrix.results.map((r) => [r.requested, r.ok, r.counts?.passed])).toEqual([['4', true, 3], ['5', true, 3]]);
  });

  it('finds every silent change, names its rule, and takes the timestamp and the random id for noise', { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    const report = await runReplay(pack, { cwd: dir, requests, app: { app: 'app.js' } });
    expect(report.versions.old).toMatch(/^4\./);
    expect(report.versions.new).toMatch(/^5\./);
    expect(report.requests).toEqual({ sent: 11, skipped: 1, failed: [] });
    expect(found(report)).toEqual(SILENT);
    expect(report.noise).toEqual([{ route: 'GET /api/status', places: ['body $.requestId', 'body $.time'] }]);
    expect(report.findings.find((f) => f.ruleId === 'redirect-back')!.example).toMatchObject({ where: 'header location', old: '/api/products/2', new: 'back' });
    expect(report.ok).toBe(false);
    // where each rule sits, and whether `fix` rewrites it (the content type waits for replay's evidence: by hand here)
    expect(where(report)).toEqual({
      'GET /.well-known/security.txt': ['app.js:14:9 fixable'],
      'GET /api/products': ['app.js:13:13 fixable'],
      'GET /api/tenant': ['app.js:34:65 fixable'],
      'GET /cart/continue': ['app.js:36:41 fixable'],
      'GET /health': ['app.js:28:34 fixable'],
      'GET /js/app.js': ['app.js:14:9'],
    });
    expect(report.shimmed).toEqual([]);
    // no answer shows req.host's change (the tenant is looked up with it): the route's handler has its one site
    const tenant = report.findings.find((f) => f.route === 'GET /api/tenant')!;
    expect(tenant).toMatchObject({ ruleId: 'req-host', by: 'route', places: ['body $.tenant'] });
    expect(tenant.why).toContain('the handler of GET /api/tenant (app.js:34)');
    expect(report.findings.filter((f) => f.by === 'route')).toHaveLength(1);

    // the example's two answers, as the HTML shows them side by side
    const health = report.findings.find((f) => f.ruleId === 'res-send-status')!.example.answers;
    expect([health.old.status, health.old.body, health.new.status, health.new.body]).toEqual([200, 'OK', 200, '200']);
    // the JSON as printed matches its published schema, which can fail
    const printed = JSON.parse(JSON.stringify(replayJson(report)));
    expect(validReplay(printed), JSON.stringify(validReplay.errors)).toBe(true);
    expect(validReplay({ ...printed, findings: [{ ...printed.findings[0], count: '1' }] })).toBe(false);
  });

  it("an app that wires the shim: its warnings name the sites its requests ran, and what it keeps working on 5 is said", { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    expect((await wireShim(pack, dir, ['res-send-status', 'redirect-back'])).map((edit) => edit.file)).toEqual(['app.js']);
    const report = await runReplay(pack, { cwd: dir, requests, app: { app: 'app.js' } });
    // on 5 the shim answers as 4 did: those two differences are gone from the findings…
    expect(found(report)).toEqual(SILENT.filter((line) => !/res-send-status|redirect-back/.test(line)));
    // …and said as hidden by the shim, at the lines that ran (on both majors), each one `fix` rewrites
    const lines = (await readFile(path.join(dir, 'app.js'), 'utf8')).split('\n');
    const lineOf = (text: string) => lines.findIndex((line) => line.includes(text)) + 1;
    expect(report.shimmed).toEqual([
      { ruleId: 'redirect-back', sites: [{ file: 'app.js', line: lineOf("res.redirect('back')"), column: expect.any(Number), fixable: true, ran: [report.versions.old, report.versions.new] }] },
      { ruleId: 'res-send-status', sites: [{ file: 'app.js', line: lineOf('res.send(200)'), column: expect.any(Number), fixable: true, ran: [report.versions.old, report.versions.new] }] },
    ]);
    const printed = JSON.parse(JSON.stringify(replayJson(report)));
    expect(validReplay(printed), JSON.stringify(validReplay.errors)).toBe(true);
    expect(formatReplay(report)).toContain(`res-send-status at app.js:${lineOf('res.send(200)')}:`);
  });

  it('after fix, the dual forms answer alike: only what no rewrite covers is left', { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    await runPack(pack, { cwd: dir, fix: true, files: await discoverFiles(dir) });
    // started by its own start command this time, on the port replay gives it
    const report = await runReplay(pack, { cwd: dir, requests, app: { command: ['node', 'server.js'] } });
    // the 404 gone, what is left of /.well-known is the charset's case, which no dual form sets
    expect(found(report)).toEqual(['GET /.well-known/security.txt mime-javascript', 'GET /js/app.js mime-javascript']);
  });

  it("in the upgrade loop's pool: its copies kept from one replay to the next, refreshed with the project's changes", { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    // the pool's copies in a temp folder of this test's own, to be counted
    const tmp = await tempDir('straddle-replay-pool-');
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    onTestFinished(() => void (before === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = before)));
    const copies = new CopyPool();
    onTestFinished(() => copies.dispose());
    const copiesMade = () => readdirSync(tmp).filter((name) => name.startsWith('straddle-run-')).sort();
    const replay = () => runReplay(pack, { cwd: dir, requests, app: { app: 'app.js' }, copies });
    expect(found(await replay())).toEqual(SILENT);
    // Express 4 twice (primary, secondary) and 5: three copies, kept
    const kept = copiesMade();
    expect(kept).toHaveLength(3);
    await runPack(pack, { cwd: dir, fix: true, files: await discoverFiles(dir) });
    // what a fresh replay of the fixed tree finds (the test above), in the same three copies
    expect(found(await replay())).toEqual(['GET /.well-known/security.txt mime-javascript', 'GET /js/app.js mime-javascript']);
    expect(copiesMade()).toEqual(kept);
    copies.dispose();
    expect(copiesMade()).toEqual([]);
  });

  it('the CLI: exit 1 with findings, the JSON report, and a clear error without a way to start the app', { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    const run = spawnSync(process.execPath, [BIN, 'replay', 'express', dir, '--requests', path.join(APP, 'requests.jsonl'), '--app', 'app.js', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ schemaVersion: 1, ok: false });
    expect(found(JSON.parse(run.stdout))).toEqual(SILENT);
    const html = spawnSync(process.execPath, [BIN, 'replay', 'express', dir, '--requests', path.join(APP, 'requests.jsonl'), '--app', 'app.js', '--format', 'html'], { encoding: 'utf8' });
    expect(html.status).toBe(1);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    // each finding once, its rule named, both answers of its example side by side (what differs marked)
    expect(html.stdout.match(/<section>/g)).toHaveLength(SILENT.length);
    expect(html.stdout).toContain('<b>res-send-status</b>');
    expect(html.stdout).toMatch(/<h3>express 4\.[^<]+<\/h3>.*?<pre class="differs">OK<\/pre>.*?<h3>express 5\.[^<]+<\/h3>.*?<pre class="differs">200<\/pre>/s);
    const none = spawnSync(process.execPath, [BIN, 'replay', 'express', dir, '--requests', path.join(APP, 'requests.jsonl')], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('Say how to start the app');
  });

  it('upgrade --requests: findings fail the new major until fixed; the tree as left replays with none', { timeout: 600_000 }, async () => {
    const dir = await checkout(APP);
    const report = await runUpgrade(pack, { cwd: dir, replay: { requests, app: { app: 'app.js' } } });
    const replayed = (versions: { failures: { message: string; ruleId?: string; replay?: boolean }[] }[]) =>
      versions.at(-1)!.failures.filter((f) => f.replay).map((f) => `${f.message.replace(/ on 5\.\S+: .*$/, '')} › ${f.ruleId ?? '?'}`).sort();
    // the tests pass on both from the start: only replay says the new major answers otherwise
    expect(replayed(report.iterations[0]!.versions)).toEqual([
      'replay › GET /.well-known/security.txt › static-dotfiles',
      'replay › GET /api/products › query-parser-extended',
      'replay › GET /api/tenant › ?',
      'replay › GET /cart/continue › redirect-back',
      'replay › GET /health › res-send-status',
      'replay › GET /js/app.js › mime-javascript',
    ]);
    expect(report.changedFiles).toEqual(expect.arrayContaining(['app.js', 'straddle-static-type.cjs']));
    // the static content type came from replay's evidence alone: no test asks for it
    expect(await readFile(path.join(dir, 'app.js'), 'utf8')).toContain("express.static(path.join(__dirname, 'public'), { setHeaders: staticContentType() })");
    expect(replayed(report.final.versions)).toEqual([]);
    expect(report).toMatchObject({ ok: true, stopReason: 'green' });
    // and the tree as left replays as the verdict says
    const again = await runReplay(pack, { cwd: dir, requests, app: { app: 'app.js' } });
    expect(found(again)).toEqual([]);
  });
});
