/**
 * `npm run bench`: throughput of `straddle fix --dry-run` (every rule) on generated corpora of 2,000 and 20,000
 * files, as ratios against (a) parsing every file once with the same parser in one process (the floor) and
 * (b) jscodeshift running the same number of rules as separate transforms (what peers do; measured on a sample
 * and scaled to the corpus, since the full run would take an hour). Every figure comes from this one run.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCorpus } from './_corpus.ts';
import expressPack from '../codemods/express/index.ts';

const SIZES = (process.env.BENCH_SIZES ?? '2000,20000').split(',').map(Number);
const JSCS_SAMPLE = 120;
const JSCS_TRANSFORMS = 3;

function measure(...args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '_measure.ts'), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const rules = expressPack.rules.length;
const rows: string[][] = [];
for (const size of SIZES) {
  const dir = generateCorpus(path.join(tmpdir(), 'straddle-bench', `corpus-${size}`), size);
  const parse = measure('parse', dir);
  const straddle = measure('straddle', dir);
  const straddleMain = measure('straddle', dir, '0');
  const jscs = measure('jscodeshift', dir, String(JSCS_SAMPLE), String(JSCS_TRANSFORMS));
  const jscsPerFileTransform = jscs.ms! / (jscs.sample! * jscs.transforms!);
  const jscsEstimate = jscsPerFileTransform * size * rules;
  rows.push([
    String(size),
    `${(parse.ms! / 1000).toFixed(2)}s`,
    `${(straddle.ms! / 1000).toFixed(2)}s`,
    `${(parse.ms! / straddle.ms!).toFixed(2)}×`,
    `${(straddleMain.ms! / 1000).toFixed(2)}s`,
    `${jscsPerFileTransform.toFixed(1)}ms`,
    `${(jscsEstimate / 1000).toFixed(0)}s`,
    `${(jscsEstimate / straddle.ms!).toFixed(0)}×`,
    `${straddle.parsed}/${size}`,
    `${parse.maxRssMB}MB / ${straddle.maxRssMB}MB`,
  ]);
}

const header = ['files', '(a) parse once', 'straddle', 'vs (a)', 'straddle 1 thread', 'jscodeshift/file/rule', `(b) jscodeshift ×${rules} rules`, 'vs (b)', 'parsed', 'peak RSS (a) / straddle'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`straddle fix --dry-run, ${rules} source rules, ${process.env.BENCH_CORES ?? 'all'} cores; higher "vs" is better for straddle`);
console.log(line(header));
for (const row of rows) console.log(line(row));
