/**
 * `npm run bench:replay`, in one run:
 * 1. Replay's throughput: the storefront fixture's requests, repeated to REPLAYED, through `runReplay` (three
 *    instances, every answer compared) against the same requests sent straight to one instance of the same app with
 *    the same concurrency. Replay's start (copies, installs from the cache, three processes) is timed apart, as a
 *    replay of one request.
 * 2. The recorder's cost on a running app: requests/s and server CPU per request of a JSON API with
 *    `recordTraffic` as apps run it (the shim package's build: every request recorded to a file, and a tenth of
 *    them as the docs suggest for production) against the same app without it, on Express 4 and 5, with autocannon,
 *    every variant in the same server process (see compareInProcess), with the plain app served twice as the
 *    control that shows the measurement's own noise. Goal: at most 5%.
 *
 *   tsx bench/replay.ts                       both
 *   tsx bench/replay.ts recorder              the recorder's cost only
 *   tsx bench/replay.ts serve <4|5> <file>   (internal) one server, every variant on a port of its own
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pack from '../codemods/express/index.ts';
import { checkout } from '../src/matrix/_test-support.ts';
import { prepareCopies, type VersionCopy } from '../src/matrix/index.ts';
import { runReplay } from '../src/replay/replay.ts';
import { startInstance } from '../src/replay/instance.ts';
import { readRequests, type RecordedRequest } from '../src/replay/requests.ts';
import { send } from '../src/replay/send.ts';
import { compareInProcess, loadWith, pinnedNote, serveForParent, startServer } from './_load.ts';

const REPLAYED = 2_000;
const CONCURRENCY = 4;
const ROUND_SECONDS = 1;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CYCLES = 8;
const CONNECTIONS = 16;
/** 'plain again' is the control: the same app as 'plain', whose cost is the measurement's own noise. */
const VARIANTS = ['plain', 'plain again', 'recorded', 'sampled'] as const;
/** The share of requests the sampled variant records. */
const SAMPLED = 0.1;
type Variant = (typeof VARIANTS)[number];
const STOREFRONT = path.resolve(import.meta.dirname, '../fixtures/replay/storefront');
const require = createRequire(import.meta.url);
/** The recorder as apps run it: the shim package's build (`npm run build`), not the source through tsx, whose
 * transform wraps every function the recorder makes per request in a naming helper the build does not have. */
const { recordTraffic } = require('../packages/express/dist/index.js') as typeof import('../shims/express/index.ts');

function buildApp(major: 4 | 5, variant: Variant, file: string) {
  const express = require(major === 4 ? 'express4' : 'express5');
  const app = express();
  if (variant === 'recorded' || variant === 'sampled') app.use(recordTraffic({ file: `${file}.${variant}`, sample: variant === 'sampled' ? SAMPLED : 1 }));
  app.disable('x-powered-by');
  app.use(express.json());
  const orders = new Map(Array.from({ length: 100 }, (_, i) => [String(i), { id: i, items: [{ sku: `sku-${i}`, qty: 1 }], total: i * 3 }]));
  app.get('/api/orders/:id', (req: any, res: any) => {
    const order = orders.get(req.params.id);
    if (!order) return res.status(404).json({ error: 'not found' });
    res.json({ ...order, currency: req.query.currency ?? 'EUR' });
  });
  app.post('/api/orders', (req: any, res: any) => res.status(201).json({ created: req.body }));
  app.get('/health', (_req: any, res: any) => res.send('ok'));
  return app;
}

function load(port: number, seconds: number) {
  const headers = { authorization: 'Bearer t', 'content-type': 'application/json', cookie: 'session=abc' };
  return loadWith(port, seconds, CONNECTIONS, [
    { method: 'GET', path: '/api/orders/42?currency=USD', headers },
    { method: 'POST', path: '/api/orders', headers, body: JSON.stringify({ sku: 'sku-7', qty: 2, token: 'secret' }) },
    { method: 'GET', path: '/health' },
  ]);
}

async function recorderCost(): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'straddle-bench-record-'));
  const rows: string[] = [];
  try {
    for (const major of [4, 5] as const) {
      const file = path.join(dir, `requests-${major}.jsonl`);
      const start = () => startServer(import.meta.filename, [String(major), file]);
      const compared = await compareInProcess(start, VARIANTS, load, { rounds: ROUNDS, cycles: CYCLES, seconds: ROUND_SECONDS });
      const { plain } = compared;
      for (const [variant, share] of [['plain again', 'none (control)'], ['recorded', 'every one'], ['sampled', `${SAMPLED * 100}%`]] as const) {
        const { rps, cpu, rpsCost, cpuCost } = compared[variant];
        rows.push(`| express@${major} | ${share} | ${plain.rps.toFixed(0)} | ${rps.toFixed(0)} | ${rpsCost.toFixed(1)}% | ${plain.cpu.toFixed(1)} | ${cpu.toFixed(1)} | ${cpuCost.toFixed(1)}% | ${variant === 'plain again' ? '–' : rpsCost <= 5 ? 'yes' : 'no'} |`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The same requests, one instance, the same concurrency: what replay's three answers and comparisons cost beyond. */
async function straight(project: string, requests: readonly RecordedRequest[]): Promise<number> {
  const [copy] = await prepareCopies({ cwd: project, packageName: 'express', versions: ['4'] });
  if (!copy || !('dir' in copy)) throw new Error(`no copy of the storefront: ${copy && 'failure' in copy ? copy.failure : ''}`);
  const instance = await startInstance((copy as VersionCopy).dir, { app: 'app.js' });
  try {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) await send(instance.port, requests[next++]!, 10_000);
      }),
    );
    return performance.now() - started;
  } finally {
    await instance.stop();
    await (copy as VersionCopy).dispose();
  }
}

async function replayThroughput(): Promise<string[]> {
  // the fixture installed, as a user's checkout is
  const project = await checkout(STOREFRONT);
  const recorded = (await readRequests(path.join(STOREFRONT, 'requests.jsonl'))).filter((r) => r.method === 'GET');
  const requests = Array.from({ length: REPLAYED }, (_, i) => recorded[i % recorded.length]!);
  const timed = async (list: readonly RecordedRequest[]) => {
    const started = performance.now();
    const report = await runReplay(pack, { cwd: project, requests: list, app: { app: 'app.js' }, concurrency: CONCURRENCY });
    if (report.requests.sent !== list.length || report.requests.failed.length) throw new Error(`replay lost requests: ${JSON.stringify(report.requests)}`);
    return performance.now() - started;
  };
  const setup = await timed(requests.slice(0, 1));
  const whole = await timed(requests);
  const direct = await straight(project, requests);
  await rm(path.dirname(project), { recursive: true, force: true });
  const replayRps = (REPLAYED / (whole - setup)) * 1000;
  const directRps = (REPLAYED / direct) * 1000;
  return [
    `| straight to one instance | ${directRps.toFixed(0)} | 1.00× | – |`,
    `| through replay (3 instances, compared) | ${replayRps.toFixed(0)} | ${(replayRps / directRps).toFixed(2)}× | ${(setup / 1000).toFixed(1)} s |`,
  ];
}

if (process.argv[2] === 'serve') {
  const major = Number(process.argv[3]) as 4 | 5;
  await serveForParent(Object.fromEntries(VARIANTS.map((variant) => [variant, buildApp(major, variant, process.argv[4]!)])));
} else {
  if (process.argv[2] !== 'recorder') {
    const throughput = await replayThroughput();
    console.log(`\nreplay throughput (${REPLAYED} GET requests of fixtures/replay/storefront, ${CONCURRENCY} in flight, 127.0.0.1)\n`);
    console.log('| path | req/s | ratio | start (copies, instances) |');
    console.log('|---|---|---|---|');
    console.log(throughput.join('\n'));
  }
  const cost = await recorderCost();
  console.log(`\nrecordTraffic cost (${CONNECTIONS} connections; ${ROUNDS} server processes, in each every variant measured ${CYCLES}×${ROUND_SECONDS}s in rotating order; costs the median of the paired samples' ratios; ${pinnedNote()})\n`);
  console.log('| major | requests recorded | plain req/s | recorded req/s | req/s cost | plain CPU µs/req | recorded CPU µs/req | CPU cost | ≤ 5% |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(cost.join('\n'));
}
