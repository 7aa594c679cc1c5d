/**
 * How the benches measure a command: as a user runs it. A process of its own under plain `node`, its standard output
 * to a file, its wall time from process start to exit, CPU time and peak RSS reported at exit by a preload
 * (_exit-report.cjs). Measured through tsx and with its output read into the measuring process, as it was, the
 * 20,000-file run cost straddle ~0.7 s and ~120 MB that no user pays: tsx's hooks resolved every module the CLI
 * loads, and the 8 MB report was held and parsed beside the run.
 * - `straddle <dir> [jobs] [pack]`: the CLI through its bin (what `npx straddle` runs), `fix <pack> <dir> --dry-run
 *   --json` with every rule (pack: express unless given; jobs `-`: the CLI's default); its report's figures (files,
 *   parsed, findings, changed) join the measure
 * - the floors (`parse`, `babel`, `jscodeshift`; see _floors.ts): bundled once into one JavaScript file, run the same way
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXIT_REPORT = path.join(import.meta.dirname, '_exit-report.cjs');

export type Measure = Record<string, number>;

let floors: string | undefined;
/** _floors.ts as one ES module inside node_modules, so that the packages it imports resolve as they do for the CLI. */
function floorsScript(): string {
  if (floors) return floors;
  const outfile = path.join(ROOT, 'node_modules/.cache/straddle-bench/floors.mjs');
  mkdirSync(path.dirname(outfile), { recursive: true });
  buildSync({ entryPoints: [path.join(import.meta.dirname, '_floors.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  return (floors = outfile);
}

/**
 * Runs `node --require _exit-report.cjs <args>`, its stdout into `stdoutFile`: the figures it reported at exit and
 * what `extra` reads of its work (from its stderr or its output); a process that gives neither failed.
 */
function run(args: readonly string[], stdoutFile: string, what: string, extra: (stderrLine: (prefix: string) => string | undefined) => Measure | undefined): Measure {
  const out = openSync(stdoutFile, 'w');
  let stderr = '';
  try {
    stderr = spawnSync(process.execPath, ['--require', EXIT_REPORT, ...args], { cwd: ROOT, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stderr;
    const line = (prefix: string) => stderr.split('\n').find((l) => l.startsWith(prefix))?.slice(prefix.length);
    const measured = line('MEASURE ');
    const figures = measured && extra(line);
    if (figures) return { ...JSON.parse(measured), ...figures };
  } catch {
    // what it printed says why
  } finally {
    closeSync(out);
  }
  throw new Error(`measurement ${what} failed:\n${stderr}`);
}

export function measure(mode: string, dir: string, ...args: string[]): Measure {
  const scratch = mkdtempSync(path.join(tmpdir(), 'straddle-measure-'));
  const stdout = path.join(scratch, 'stdout');
  const what = [mode, dir, ...args].join(' ');
  try {
    if (mode !== 'straddle') return run([floorsScript(), mode, dir, ...args], stdout, what, (line) => JSON.parse(line('EXTRA ') ?? 'null'));
    const [jobs, pack = 'express'] = args;
    const cli = ['fix', pack, dir, '--dry-run', '--json', ...(jobs === undefined || jobs === '-' ? [] : ['--jobs', jobs])];
    return run([path.join(ROOT, 'bin.js'), ...cli], stdout, what, () => {
      const report = JSON.parse(readFileSync(stdout, 'utf8'));
      return { files: report.files, parsed: report.parsed, findings: report.findings.length, changed: report.changed.length };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
