/**
 * `npm run bench:shim`: requests/s of a realistic app with the shim (every feature on, warnings off) against the
 * same app without it, on Express 4 and 5, in the same run. Each server runs in its own child process on
 * 127.0.0.1:0 (the shim patches Express itself: its variants cannot share a process), autocannon drives it from
 * this one, and the variants' order rotates each round so drift hits all alike. The plain app measured again, in
 * processes of its own, is the control row: its cost is the measurement's own noise.
 * Besides requests/s it reports the server's CPU time per request, which other load on a shared machine disturbs
 * less than throughput. "All on" includes the opt-in request semantics: on Express 5 that means parsing the query
 * with qs, as Express 4 does, instead of node:querystring. Whole run: about 8 minutes. Goal: at most 2%.
 *
 *   tsx bench/shim.ts                 the comparison
 *   tsx bench/shim.ts serve <4|5> <variant>   (internal) one server; prints its port
 */
import { createRequire } from 'node:module';
import { FEATURE_IDS, type FeatureId } from '../shims/express/flags.ts';
import { straddle } from '../shims/express/index.ts';
import type { Mode } from '../shims/express/index.ts';
import { compareVariants, loadWith, pinnedNote, serveForParent, startServer } from './_load.ts';

const ROUND_SECONDS = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CONNECTIONS = 16;
const MAJORS = [4, 5] as const;
/** 'plain again' is the control: the same app as 'plain' in a process of its own, whose cost is the measurement's noise. */
const VARIANTS = ['plain', 'plain again', 'shim'] as const;
type Variant = (typeof VARIANTS)[number];

const require = createRequire(import.meta.url);

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

function load(port: number, seconds: number) {
  const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
  // one request in four is a 404 on purpose
  return loadWith(port, seconds, CONNECTIONS, [
    { method: 'GET', path: '/api/users/42?fields=name', headers },
    { method: 'POST', path: '/api/items', headers, body: JSON.stringify({ name: 'chair', qty: 2 }) },
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/api/users/1000', headers },
  ], 0.25);
}

async function compare(): Promise<void> {
  const rows: string[] = [];
  for (const major of MAJORS) {
    const start = (variant: Variant) => startServer(import.meta.filename, [String(major), variant]);
    const compared = await compareVariants(start, VARIANTS, load, ROUNDS, ROUND_SECONDS);
    const { plain } = compared;
    for (const [variant, label] of [['plain again', 'none (control)'], ['shim', 'every feature on']] as const) {
      const { rps, cpu, rpsCost, cpuCost } = compared[variant];
      rows.push(
        `| express@${major} | ${label} | ${plain.rps.toFixed(0)} | ${rps.toFixed(0)} | ${rpsCost.toFixed(1)}% ` +
          `| ${plain.cpu.toFixed(1)} | ${cpu.toFixed(1)} | ${cpuCost.toFixed(1)}% | ${variant === 'shim' ? (cpuCost <= 2 ? 'yes' : 'no') : '–'} |`,
      );
    }
  }
  console.log(`\nstraddle/express overhead (${CONNECTIONS} connections, ${ROUNDS}×${ROUND_SECONDS}s rounds, costs the median of the rounds' own ratios, 127.0.0.1; ${pinnedNote()})\n`);
  console.log('| major | shim | plain req/s | req/s | req/s cost | plain CPU µs/req | CPU µs/req | CPU cost | ≤ 2% |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
}

if (process.argv[2] === 'serve') await serveForParent(buildApp(Number(process.argv[3]) as 4 | 5, process.argv[4] as Variant));
else await compare();
