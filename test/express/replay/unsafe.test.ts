/**
 * Requests that change state, replayed: each instance gets one alone, from the same state: reset by the user's
 * command (the order desk's orders live in one file all instances share, as a database would) or, without one,
 * restarted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import { checkout } from '../../../src/matrix/_test-support.ts';
import { runReplay } from '../../../src/replay/replay.ts';
import { readRequests } from '../../../src/replay/requests.ts';

const APP = path.resolve(import.meta.dirname, '../../../fixtures/replay/order-desk');
const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

async function desk() {
  const dir = await checkout(APP);
  const state = await mkdtemp(path.join(os.tmpdir(), 'straddle-order-desk-'));
  const env = { ORDERS_FILE: path.join(state, 'orders.jsonl'), STARTS_FILE: path.join(state, 'starts'), RESETS_FILE: path.join(state, 'resets') };
  return { dir, env, requests: await readRequests(path.join(APP, 'requests.jsonl')) };
}

describe('replay --unsafe-methods', () => {
  it('runs the reset command before each instance gets a request that changes state: the shared orders answer alike', { timeout: 300_000 }, async () => {
    const { dir, env, requests } = await desk();
    const report = await runReplay(pack, { cwd: dir, requests, app: { app: 'app.js', env }, unsafeMethods: true, reset: ['node', 'reset.js'] });
    expect(report.requests).toEqual({ sent: 4, skipped: 0, failed: [] });
    // sent at once to instances sharing the file, the orders got ids 1, 2, 3: noise at best, a finding at worst
    expect(report.noise).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(await lines(env.RESETS_FILE)).toHaveLength(2 * 3);
    expect(await lines(env.STARTS_FILE)).toHaveLength(3);
  });

  it('restarts each instance before such a request when no reset command is named', { timeout: 300_000 }, async () => {
    const { dir, env, requests } = await desk();
    const report = await runReplay(pack, { cwd: dir, requests, app: { app: 'app.js', env }, unsafeMethods: true });
    expect(report.requests.failed).toEqual([]);
    // three instances, then each restarted before each of the two orders
    expect(await lines(env.STARTS_FILE)).toHaveLength(3 + 2 * 3);
    expect(await lines(env.RESETS_FILE)).toEqual([]);
  });

  it('leaves such requests out without --unsafe-methods', { timeout: 300_000 }, async () => {
    const { dir, env, requests } = await desk();
    const report = await runReplay(pack, { cwd: dir, requests, app: { app: 'app.js', env } });
    expect(report.requests).toEqual({ sent: 2, skipped: 2, failed: [] });
    expect(await lines(env.STARTS_FILE)).toHaveLength(3);
  });
});

describe('replay --reset on the command line', () => {
  it('is refused without --unsafe-methods, with what to pass', () => {
    const run = spawnSync(process.execPath, [path.resolve(APP, '../../../bin.js'), 'replay', 'express', APP, '--requests', path.join(APP, 'requests.jsonl'), '--app', 'app.js', '--reset', 'node reset.js'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--reset readies an instance for a request that changes state: pass --unsafe-methods with it.');
  });
});
