/**
 * `npm run bench:packs`: what a file costs the Fastify pack against what it costs the Express pack (issue 22: no more
 * per file). `straddle fix fastify --dry-run` on a generated Fastify 4 service and `straddle fix express --dry-run`
 * on the Express corpus of the same shape and size (bench/_corpus.ts: the same non-framework files, the framework
 * files in the same places and weights; dense: three quarters framework code, a fifth of it the pack's fixture
 * inputs), as whole commands in one thread, each against the parse-once floor on its own corpus (bench/fix.ts's (a)).
 * Rounds alternate their order so that the machine's load drifts over both alike; the table gives every round's
 * ratios and their median, by wall clock and by CPU time (steadier on a loaded machine). A sibling of `npm run bench`, whose run it would double.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measure, type Measure } from './_command.ts';
import { generateCorpus, type Pack } from './_corpus.ts';

const SIZES = (process.env.BENCH_SIZES ?? '2000').split(',').map(Number);
const CORPORA = (process.env.BENCH_CORPORA ?? 'sparse,dense').split(',');
// even, so that each pack goes first as often as the other
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const PACKS: Pack[] = ['express', 'fastify'];

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const x = (n: number) => `${n.toFixed(2)}×`;
const spread = (xs: number[]) => `${x(median(xs))} (${xs.map((n) => n.toFixed(2)).join(', ')})`;

const rows: string[][] = [];
for (const size of SIZES) for (const corpus of CORPORA) {
  const dense = corpus === 'dense';
  const dirs = Object.fromEntries(PACKS.map((pack) => [pack, generateCorpus(path.join(tmpdir(), 'straddle-bench', 'packs', `${pack}-${corpus}-${size}`), size, { dense, pack })])) as Record<Pack, string>;
  const rounds: Array<Record<Pack, { parse: Measure; straddle: Measure }>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...PACKS].reverse() : PACKS;
    const result = {} as Record<Pack, { parse: Measure; straddle: Measure }>;
    for (const pack of order) result[pack] = { parse: measure('parse', dirs[pack]), straddle: measure('straddle', dirs[pack], '1', pack) };
    rounds.push(result);
    process.stderr.write(`${size} ${corpus} round ${round + 1}: ${PACKS.map((p) => `${p} ${result[p].straddle.ms}ms, CPU ${result[p].straddle.cpuMs}ms (floor ${result[p].parse.ms}ms, ${result[p].straddle.findings} findings)`).join(', ')}\n`);
  }
  const perFile = (pack: Pack, r: (typeof rounds)[number]) => r[pack].straddle.ms / size;
  const [first] = rounds;
  rows.push([
    String(size),
    corpus,
    PACKS.map((p) => `${first![p].straddle.findings} / ${first![p].straddle.parsed}`).join(' | '),
    PACKS.map((p) => `${median(rounds.map((r) => perFile(p, r))).toFixed(2)}ms`).join(' | '),
    spread(rounds.map((r) => r.fastify.straddle.ms / r.express.straddle.ms)),
    spread(rounds.map((r) => r.fastify.straddle.cpuMs / r.express.straddle.cpuMs)),
    spread(rounds.map((r) => r.express.straddle.ms / r.express.parse.ms)),
    spread(rounds.map((r) => r.fastify.straddle.ms / r.fastify.parse.ms)),
  ]);
}

const header = ['files', 'corpus', 'findings / parsed: express | fastify', 'per file: express | fastify', 'fastify ÷ express (wall)', 'fastify ÷ express (CPU)', 'express ÷ its floor (a)', 'fastify ÷ its floor (a)'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`straddle fix <pack> --dry-run --jobs 1, every rule, whole commands; median of ${ROUNDS} rounds (each round's ratio in brackets); < 1 means Fastify costs less per file`);
console.log(line(header));
for (const row of rows) console.log(line(row));
