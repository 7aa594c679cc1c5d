/**
 * `straddle replay` on an app of our own whose tests pass on Express 4 and 5 while some answers change silently:
 * on real Express 4 (primary and secondary) and 5 (candidate), it finds each silent change and names its rule,
 * learns the timestamp and the random id as noise, and after `fix` finds only what no dual form covers.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import { runPack } from '../../../src/engine/run.ts';
import { discoverFiles } from '../../../src/engine/discover.ts';
import { checkout } from '../../../src/matrix/_test-support.ts';
import { runMatrix } from '../../../src/matrix/index.ts';
import { runReplay, type ReplayReport } from '../../../src/replay/replay.ts';
import { readRequests, type RecordedRequest } from '../../../src/replay/requests.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const APP = path.join(REPO, 'fixtures/replay/storefront');
const BIN = path.join(REPO, 'bin.js');

const found = (report: ReplayReport) => report.findings.map((f) => `${f.route} ${f.ruleId ?? `? ${f.places.join(', ')}`}`);
const SILENT = [
  'GET /.well-known/security.txt static-dotfiles',
  'GET /api/products query-parser-extended',
  'GET /api/tenant ? body $.tenant',
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
  });

  it('after fix, the dual forms answer alike: only what no rewrite covers is left', { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    await runPack(pack, { cwd: dir, fix: true, files: await discoverFiles(dir) });
    // started by its own start command this time, on the port replay gives it
    const report = await runReplay(pack, { cwd: dir, requests, app: { command: ['node', 'server.js'] } });
    expect(found(report)).toEqual(['GET /.well-known/security.txt static-dotfiles', 'GET /js/app.js mime-javascript']);
  });

  it('the CLI: exit 1 with findings, the JSON report, and a clear error without a way to start the app', { timeout: 300_000 }, async () => {
    const dir = await checkout(APP);
    const run = spawnSync(process.execPath, [BIN, 'replay', 'express', dir, '--requests', path.join(APP, 'requests.jsonl'), '--app', 'app.js', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(found(JSON.parse(run.stdout))).toEqual(SILENT);
    const none = spawnSync(process.execPath, [BIN, 'replay', 'express', dir, '--requests', path.join(APP, 'requests.jsonl')], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('Say how to start the app');
  });
});
