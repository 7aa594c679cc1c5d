/**
 * `npm run bench:matrix`: wall time of `straddle test` for two majors against one plain `npm test` of the same
 * suite, same machine, same run; and for one major alone, which isolates the matrix's own overhead (copy, proof,
 * cache look-ups) from two suites sharing the cores. Each fixture app is installed once into .bench/, then plain and matrix runs
 * alternate (after one warm-up of each) so that both see the same machine state; medians are reported.
 * Also measures the cost of the isolated copy itself (workspace creation), on each app and on a large tree.
 *
 * Options: --runs N (default 3), --apps a,b (default: every app in fixtures/apps).
 */
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCacheDir, runMatrix } from '../src/matrix/index.ts';
import { runCapture } from '../src/matrix/run-command.ts';
import { createWorkspace } from '../src/matrix/workspace.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BENCH_DIR = path.join(ROOT, '.bench', 'matrix');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, apps: { type: 'string' } } });
const runs = Number(values.runs);
const apps = values.apps?.split(',') ?? (await readdir(path.join(ROOT, 'fixtures/apps'))).sort();

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function plainRun(dir: string): Promise<void> {
  const { exitCode, output } = await runCapture(['npm', 'test'], { cwd: dir });
  if (exitCode !== 0) throw new Error(`plain npm test failed in ${dir}:\n${output}`);
}

async function matrixRun(dir: string, versions = ['4', '5']): Promise<void> {
  const report = await runMatrix({ cwd: dir, packageName: 'express', versions });
  const failure = report.results.find((result) => result.failure);
  if (failure) throw new Error(`matrix run could not be trusted in ${dir}: ${failure.failure}`);
}

async function copyCost(dir: string): Promise<number> {
  const target = path.join(BENCH_DIR, 'copy-probe');
  await rm(target, { recursive: true, force: true });
  const ms = await timed(() => createWorkspace(dir, target));
  await rm(target, { recursive: true, force: true });
  return ms;
}

/** A tree the size of a large service: 400 folders of 10 source files of about 3 kB each. */
async function largeTree(): Promise<string> {
  const dir = path.join(BENCH_DIR, 'large-tree');
  await rm(dir, { recursive: true, force: true });
  const body = 'export const value = 1;\n'.repeat(120);
  for (let d = 0; d < 400; d++) {
    await mkdir(path.join(dir, 'src', `m${d}`), { recursive: true });
    await Promise.all(Array.from({ length: 10 }, (_, f) => writeFile(path.join(dir, 'src', `m${d}`, `f${f}.ts`), body)));
  }
  await writeFile(path.join(dir, 'package.json'), '{}');
  return dir;
}

const load = () => os.loadavg()[0].toFixed(1);
console.log(`node ${process.version}, ${os.availableParallelism()} cores, load ${load()}, cache ${defaultCacheDir()}, ${runs} runs each\n`);
const rows: string[][] = [['app', 'plain npm test', 'matrix 4+5', 'ratio', 'matrix 4 only', 'ratio', 'copy']];
for (const app of apps) {
  const dir = path.join(BENCH_DIR, app);
  await rm(dir, { recursive: true, force: true });
  await cp(path.join(ROOT, 'fixtures/apps', app), dir, { recursive: true });
  const install = await runCapture(['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });
  if (install.exitCode !== 0) throw new Error(`npm install failed for ${app}:\n${install.output}`);
  await plainRun(dir);
  await matrixRun(dir);
  const plain: number[] = [];
  const matrix: number[] = [];
  const single: number[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await timed(() => plainRun(dir)));
    matrix.push(await timed(() => matrixRun(dir)));
    single.push(await timed(() => matrixRun(dir, ['4'])));
  }
  const [p, m, s] = [median(plain), median(matrix), median(single)];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;
  const ratio = (ms: number) => `${(ms / p).toFixed(2)}×`;
  rows.push([app, seconds(p), seconds(m), ratio(m), seconds(s), ratio(s), `${(await copyCost(dir)).toFixed(0)}ms`]);
  console.log(rows.at(-1)!.join('  '));
}
const large = await largeTree();
const largeCopy = await copyCost(large);
console.log();
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
console.log(`\ncopy of a 4,000-file tree (12 MB of sources): ${largeCopy.toFixed(0)}ms; load at the end ${load()}`);
