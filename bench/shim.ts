/**
 * `npm run bench:shim`: requests/s of a realistic app with the shim (every feature on, warnings off) against the
 * same app without it, on Express 4 and 5, in the same run. Each server runs in its own child process on
 * 127.0.0.1:0, autocannon drives it from this one, and plain/shimmed rounds alternate so drift hits both alike.
 * Besides requests/s it reports the server's CPU time per request, which other load on a shared machine disturbs
 * less than throughput. "All on" includes the opt-in request semantics: on Express 5 that means parsing the query
 * with qs, as Express 4 does, instead of node:querystring. Whole run: about 45 s. Goal: at most 2%.
 *
 *   tsx bench/shim.ts                 the comparison
 *   tsx bench/shim.ts serve <4|5> <plain|shim>   (internal) one server; prints its port
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { FEATURE_IDS, type FeatureId } from '../shims/express/flags.ts';
import { straddle } from '../shims/express/index.ts';
import type { Mode } from '../shims/express/index.ts';

const ROUND_SECONDS = 2;
const ROUNDS = 4;
const CONNECTIONS = 16;
const MAJORS = [4, 5] as const;
const VARIANTS = ['plain', 'shim'] as const;
type Variant = (typeof VARIANTS)[number];

const require = createRequire(import.meta.url);

/** The part of autocannon's result used here (the package ships no types). */
interface LoadResult {
  errors: number;
  non2xx: number;
  requests: { average: number; total: number };
}
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

/** What a small JSON API does per request: parse a body, check a header, read params and the query, answer JSON. */
function buildApp(major: 4 | 5, variant: Variant) {
  const express = require(major === 4 ? 'express4' : 'express5');
  const app = express();
  if (variant === 'shim') {
    const features = Object.fromEntries(FEATURE_IDS.map((id) => [id, 'on'])) as Record<FeatureId, Mode>;
    straddle(app, { features, report: false });
  }
  const users = new Map(Array.from({ length: 100 }, (_, i) => [String(i), { id: i, name: `user ${i}`, roles: ['reader'] }]));
  app.disable('x-powered-by');
  app.use(express.json());
  app.use((req: any, res: any, next: any) => {
    res.set('x-request-id', String(req.headers['x-request-id'] ?? 'none'));
    next();
  });
  const api = express.Router();
  api.use((req: any, res: any, next: any) => (req.get('authorization') ? next() : res.status(401).json({ error: 'unauthorized' })));
  api.get('/users/:id', async (req: any, res: any) => {
    const user = users.get(req.params.id);
    if (!user) return res.status(404).json({ error: 'not found' });
    res.json({ ...user, fields: req.query.fields ?? 'all' });
  });
  api.post('/items', (req: any, res: any) => res.status(201).json({ created: req.body }));
  app.use('/api', api);
  app.get('/health', (_req: any, res: any) => res.send('ok'));
  app.use((err: any, _req: any, res: any, _next: any) => res.status(500).json({ error: err.message }));
  return app;
}

async function serve(major: 4 | 5, variant: Variant): Promise<void> {
  const server = createServer(buildApp(major, variant));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ port: (server.address() as AddressInfo).port });
  // the parent asks for CPU time around each round
  process.on('message', () => process.send?.({ cpu: process.cpuUsage() }));
}

interface Sample {
  rps: number;
  /** server CPU microseconds (user + system) per request */
  cpu: number;
}

async function measure(server: Server, seconds: number): Promise<Sample> {
  const before = await server.cpu();
  const result = await load(server.port, seconds);
  const after = await server.cpu();
  const used = after.user - before.user + after.system - before.system;
  return { rps: result.requests.average, cpu: used / result.requests.total };
}

async function load(port: number, seconds: number): Promise<LoadResult> {
  const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      { method: 'GET', path: '/api/users/42?fields=name', headers },
      { method: 'POST', path: '/api/items', headers, body: JSON.stringify({ name: 'chair', qty: 2 }) },
      { method: 'GET', path: '/health' },
      { method: 'GET', path: '/api/users/1000', headers },
    ],
  });
  if (result.errors || result.non2xx > result.requests.total / 4 + 1) {
    throw new Error(`bench app answered badly: ${result.errors} errors, ${result.non2xx} non-2xx`);
  }
  return result;
}

interface Server {
  port: number;
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): void;
}

async function startServer(major: 4 | 5, variant: Variant): Promise<Server> {
  const child = fork(import.meta.filename, ['serve', String(major), variant], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: any) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const cpu = () =>
    new Promise<NodeJS.CpuUsage>((resolve) => {
      child.once('message', (m: any) => resolve(m.cpu));
      child.send('cpu');
    });
  return { port, cpu, stop: () => child.kill() };
}

async function compare(): Promise<void> {
  const rows: string[] = [];
  for (const major of MAJORS) {
    const servers = { plain: await startServer(major, 'plain'), shim: await startServer(major, 'shim') };
    const samples: Record<Variant, Sample[]> = { plain: [], shim: [] };
    try {
      for (const variant of VARIANTS) await measure(servers[variant], 1); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
        for (const variant of order) samples[variant].push(await measure(servers[variant], ROUND_SECONDS));
      }
    } finally {
      servers.plain.stop();
      servers.shim.stop();
    }
    const [plain, shim] = VARIANTS.map((v) => ({
      rps: median(samples[v].map((s) => s.rps)),
      cpu: median(samples[v].map((s) => s.cpu)),
    }));
    const rpsCost = (1 - shim.rps / plain.rps) * 100;
    const cpuCost = (shim.cpu / plain.cpu - 1) * 100;
    rows.push(
      `| express@${major} | ${plain.rps.toFixed(0)} | ${shim.rps.toFixed(0)} | ${rpsCost.toFixed(1)}% ` +
        `| ${plain.cpu.toFixed(1)} | ${shim.cpu.toFixed(1)} | ${cpuCost.toFixed(1)}% | ${cpuCost <= 2 ? 'yes' : 'no'} |`,
    );
  }
  console.log(`\nstraddle/express overhead (${CONNECTIONS} connections, median of ${ROUNDS}×${ROUND_SECONDS}s, 127.0.0.1)\n`);
  console.log('| major | plain req/s | shim req/s | req/s cost | plain CPU µs/req | shim CPU µs/req | CPU cost | ≤ 2% |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (process.argv[2] === 'serve') await serve(Number(process.argv[3]) as 4 | 5, process.argv[4] as Variant);
else await compare();
