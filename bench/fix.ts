/**
 * `npm run bench`: `straddle fix express --dry-run` (every rule) on generated corpora of 2,000 and 20,000 files,
 * each twice: a typical service (a quarter of it Express code, few Express 4 forms) and a dense legacy app (three
 * quarters Express code, mostly Express 4 forms, every rule's fixture inputs among it), as whole commands run as a
 * user runs them (process start to exit, plain node: see _command.ts), against (a) a process that discovers the same
 * files and parses each once with the same parser (the floor), (b) jscodeshift running the same number of rules as
 * separate transforms (what peers do; its per-file, per-rule cost is measured on a sample and scaled to the corpus,
 * since the full run would take hours), and (c) @babel/parser parsing each file once (no rule at all). Every figure
 * comes from this one run.
 */
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { measure } from './_command.ts';
import { generateCorpus } from './_corpus.ts';
import expressPack from '../codemods/express/index.ts';

const SIZES = (process.env.BENCH_SIZES ?? '2000,20000').split(',').map(Number);
const CORPORA = (process.env.BENCH_CORPORA ?? 'sparse,dense').split(',');
const JSCS_SAMPLE = 120;
const JSCS_TRANSFORMS = 3;

const rules = expressPack.rules.length;
const rows: string[][] = [];
for (const size of SIZES) for (const corpus of CORPORA) {
  const dense = corpus === 'dense';
  const dir = generateCorpus(path.join(tmpdir(), 'straddle-bench', `${dense ? 'dense' : 'corpus'}-${size}`), size, { dense });
  const parse = measure('parse', dir);
  const babel = measure('babel', dir);
  const straddle = measure('straddle', dir);
  const straddleParallel = measure('straddle', dir, String(availableParallelism()));
  const jscs = measure('jscodeshift', dir, String(JSCS_SAMPLE), String(JSCS_TRANSFORMS));
  const jscsPerFileTransform = jscs.workMs! / (jscs.sample! * jscs.transforms!);
  const jscsEstimate = jscsPerFileTransform * size * rules;
  rows.push([
    String(size),
    corpus,
    String(straddle.findings),
    `${(parse.ms! / 1000).toFixed(2)}s`,
    `${(straddle.ms! / 1000).toFixed(2)}s`,
    `${(parse.ms! / straddle.ms!).toFixed(2)}×`,
    `${(straddleParallel.ms! / 1000).toFixed(2)}s`,
    `${jscsPerFileTransform.toFixed(1)}ms`,
    `${(jscsEstimate / 1000).toFixed(0)}s`,
    `${(jscsEstimate / straddle.ms!).toFixed(0)}×`,
    `${(babel.ms! / 1000).toFixed(2)}s`,
    `${(babel.ms! / straddle.ms!).toFixed(2)}×`,
    `${straddle.parsed}/${size}`,
    `${parse.maxRssMB}MB / ${straddle.maxRssMB}MB`,
  ]);
}

const header = ['files', 'corpus', 'findings', '(a) parse once', 'straddle', 'vs (a)', `straddle --jobs ${availableParallelism()}`, 'jscodeshift/file/rule', `(b) jscodeshift ×${rules} rules`, 'vs (b)', '(c) @babel/parser once', 'vs (c)', 'parsed', 'peak RSS (a) / straddle'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`straddle fix --dry-run, ${rules} source rules, ${availableParallelism()} cores, whole commands; "vs" > 1 means straddle is faster`);
console.log(line(header));
for (const row of rows) console.log(line(row));
