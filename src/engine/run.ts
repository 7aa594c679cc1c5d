/**
 * @module engine/run
 * A whole run of a pack over a directory: discover, process batches (in the main thread, or shared with worker
 * threads where measurement says they pay), let the type checker settle what the fast pass could not, gather the
 * findings, run the project-file checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StraddleError } from '../errors.ts';
import type { Pack } from '../pack.ts';
import { packSource } from '../packs.ts';
import type { Finding, RuleOptions } from '../rule.ts';
import { discover, type Discovery, type SkippedFile } from './discover.ts';
import { readPackageJson } from './package-json.ts';
import { projectEcmaVersion } from './ecma-version.ts';
import { optionsFor, processFiles, selectedRules, type ProcessOptions, type ProcessedFile, type SkipKind } from './process-files.ts';
import { mightMatch, type Unsettled } from './run-file.ts';
import { helperNames, writeHelpers } from './helpers.ts';
import { runProjectRules, type ProjectResult } from './project-rules.ts';
import { shardFiles, type Shard } from './shard.ts';
import type { WorkerTask } from './worker.ts';

export interface RunOptions extends Partial<RuleOptions> {
  cwd: string;
  /** Apply fixes (`fix`) or only report (`scan`). */
  fix: boolean;
  dryRun?: boolean;
  /** Only these rule ids run. */
  only?: readonly string[];
  /** These rule ids do not run. */
  skip?: readonly string[];
  /** Threads to use, the main one included (0 or 1: main thread only). Default: all cores for large runs. */
  jobs?: number;
  /** Run the typed pass over findings the fast pass could not settle (default true). */
  types?: boolean;
  /** Explicit file list (absolute), instead of discovery. */
  files?: readonly string[];
  /** Discovery scans `*.min.js` too (left out, and listed, by default). */
  includeMinified?: boolean;
  /** In a fix run, files (absolute) that are only scanned: their findings are reported, they are never rewritten. */
  scanOnly?: readonly string[];
  /** In a fix run, per file (absolute), rules that only report there: the rest of the rules still fix it. */
  reportOnlyIn?: Readonly<Record<string, readonly string[]>>;
  /** Files (absolute) where fixes apply to receivers only named like the framework's too, as `assumeHandlers` does. */
  assumeHandlersIn?: readonly string[];
  /** Apply project rules' toolchain fixes too (the upgrade loop, when failures prove them). */
  toolchain?: boolean;
  /** Apply project rules' fixes that wait for the tests to pass on both majors (the upgrade loop, once they do). */
  onceGreen?: boolean;
  /** Only this shard's files (engine/shard); the project checks and discovery's skipped files go to shard 1. */
  shard?: Shard;
  onProgress?: (done: number, total: number) => void;
}

export interface RunReport {
  pack: string;
  cwd: string;
  mode: 'scan' | 'fix';
  dryRun: boolean;
  files: number;
  parsed: number;
  changed: string[];
  findings: Finding[];
  /** Files left byte for byte as they were, and why (`bytes`: the size of one too large to scan). */
  errors: Array<{ file: string; kind: SkipKind | SkippedFile['kind']; message: string; bytes?: number }>;
  /** Minified files (`*.min.js`) discovery left out, as `--include-minified` would scan them: listed, never a failure. */
  minified: string[];
  patches: string[];
  /**
   * Files whose fixes had not settled when the passes ran out (rules rewriting each other's output, a bug in them):
   * each is written as the last pass left it, and its findings are those of that text.
   */
  unsettled: Array<{ file: string } & Unsettled>;
  project: ProjectResult;
  /** Files the typed pass re-ran with the type checker, and what it cost. */
  typed: { files: number; durationMs: number } | null;
  durationMs: number;
  /** Set when the run was one shard of several (`--shard k/n`): `straddle merge` puts them back together. */
  shard?: Shard;
}

/** The checker can only name the framework's types when the project has them installed. */
function typesResolvable(pack: Pack<any>, cwd: string): boolean {
  const declarations = pack.declarationsPackage ?? pack.typesPackage;
  if (!declarations) return false;
  try {
    createRequire(path.join(cwd, 'package.json')).resolve(`${declarations}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** A finding the checker may settle: a fix held back for low confidence, or a fixable rule that could not prove it. */
export function needsTypes(finding: Finding): boolean {
  if (finding.fixed || finding.note) return false;
  if (finding.fixable) return finding.confidence === 'low';
  return finding.kind === 'both' || finding.kind === 'new';
}

/**
 * When worker threads pay for themselves (measured with `npm run bench` and `--jobs`): each worker loads the parser
 * and warms its JIT on its own (~0.6 s of CPU), and V8's GC helpers need cores too. On 2 cores two threads were
 * slower than one at 2,000 and 20,000 typical files (5.9 s vs 5.5 s) and no faster up to 6,400 dense files to parse,
 * but faster at 15,900 (11.3–15.0 s vs 14.3–21.5 s): too few points for a threshold there, so workers start from 4
 * cores and 2,000 files to parse.
 */
const WORKERS_FROM = { cores: 4, files: 2000 };
const BATCH_SIZE = 50;

export async function runPack(pack: Pack<any>, options: RunOptions): Promise<RunReport> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd);
  const ruleIds = selectRules(pack, options);
  // before any file is written: a package.json that does not parse stops the run
  const manifest = readPackageJson(cwd);
  // the pack's own vendored shim is generated code: never a file to rewrite
  const vendored = pack.shim ? path.join(cwd, pack.shim.vendorDir) + path.sep : null;
  const helpers = helperNames(pack);
  const found: Discovery = options.files ? { files: [...options.files], skipped: [], minified: [] } : await discover(cwd, { includeMinified: options.includeMinified });
  const own = found.files.filter((file) => (!vendored || !file.startsWith(vendored)) && !helpers.has(path.basename(file)));
  const files = options.shard ? shardFiles(cwd, own, options.shard) : own;
  // what is the project's as a whole is said once, by the first shard
  const whole = !options.shard || options.shard.index === 1;
  const ecmaVersion = projectEcmaVersion(cwd);
  const processOptions: ProcessOptions = {
    cwd,
    fix: options.fix,
    dryRun: options.dryRun ?? false,
    target: options.target ?? 'both',
    assumeHandlers: options.assumeHandlers ?? false,
    rules: ruleIds,
    toolchain: options.toolchain ?? false,
    onceGreen: options.onceGreen ?? false,
    ...(options.scanOnly?.length && { scanOnly: options.scanOnly }),
    ...(options.reportOnlyIn && Object.keys(options.reportOnlyIn).length && { reportOnlyIn: options.reportOnlyIn }),
    ...(options.assumeHandlersIn?.length && { assumeHandlersIn: options.assumeHandlersIn }),
    ...(ecmaVersion && { ecmaVersion }),
    ...(options.evidence?.length && { evidence: options.evidence }),
  };

  let results = await processAll(pack, files, processOptions, options);
  let typed: RunReport['typed'] = null;
  const candidates = options.types === false || !typesResolvable(pack, cwd) ? [] : results.filter((r) => !r.error && r.findings.some(needsTypes));
  if (candidates.length) {
    const typedStart = performance.now();
    const { runTypedPass } = await import('./typed.ts'); // ts-morph loads only when needed
    const settled = new Map(runTypedPass(pack, cwd, candidates, processOptions).map((r) => [r.file, r]));
    results = results.map((r) => settled.get(r.file) ?? r);
    typed = { files: candidates.length, durationMs: Math.round(performance.now() - typedStart) };
  }
  const project = whole ? runProjectRules(pack, cwd, optionsFor(processOptions, path.join(cwd, 'package.json')), manifest) : { file: 'package.json', findings: [], changed: false };
  const report: RunReport = {
    pack: pack.id,
    cwd,
    mode: options.fix ? 'fix' : 'scan',
    dryRun: processOptions.dryRun,
    files: files.length,
    parsed: 0,
    changed: [],
    findings: [],
    errors: whole ? found.skipped.map(({ file, ...skip }) => ({ file: path.relative(cwd, file), ...skip })) : [],
    minified: whole ? found.minified.map((file) => path.relative(cwd, file)) : [],
    patches: [],
    unsettled: [],
    project,
    typed,
    durationMs: 0,
    ...(options.shard && { shard: options.shard }),
  };
  for (const result of results) {
    if (result.parsed) report.parsed++;
    if (result.changed) report.changed.push(result.file);
    if (result.patch) report.patches.push(result.patch);
    if (result.error) report.errors.push({ file: result.file, ...result.error });
    if (result.unsettled) report.unsettled.push({ file: result.file, ...result.unsettled });
    report.findings.push(...result.findings);
  }
  report.findings.push(...project.findings);
  if (project.error) report.errors.push({ file: project.file, ...project.error });
  if (project.changed) report.changed.push(project.file);
  if (project.patch) report.patches.push(project.patch);
  // the helpers the rewritten files now import, next to them (a dry run shows the imports only)
  if (options.fix && !processOptions.dryRun) report.changed = [...new Set([...report.changed, ...writeHelpers(pack, cwd, report.changed)])];
  // in file order, as `straddle merge` gives the shards' ones
  report.errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  report.minified.sort();
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

function selectRules(pack: Pack<any>, options: RunOptions): string[] {
  const known = new Set([...pack.rules.map((r) => r.id), ...(pack.projectRules ?? []).map((r) => r.id)]);
  for (const id of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!known.has(id)) throw new StraddleError(`Unknown rule "${id}" in pack ${pack.id}. See \`straddle rules ${pack.id}\` for the ids.`, 'E_UNKNOWN_RULE');
  }
  return [...known].filter((id) => (!options.only?.length || options.only.includes(id)) && !options.skip?.includes(id));
}

/** The built worker next to this module (dist/), or none when running from source (tests use the main thread). */
function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const candidates = here.endsWith('.ts') ? [path.resolve(path.dirname(here), '../../dist/worker.js')] : [path.join(path.dirname(here), 'worker.js')];
  return candidates.find((file) => existsSync(file));
}

/** The files some selected rule could match: read once here, so workers only get files worth parsing. */
function candidatesOf(pack: Pack<any>, files: readonly string[], processOptions: ProcessOptions): string[] {
  const rules = selectedRules(pack, processOptions);
  return files.filter((file) => {
    try {
      return mightMatch(pack, rules, readFileSync(file, 'utf8'));
    } catch {
      return true; // unreadable: let processing report it
    }
  });
}

/** The options a worker needs for `files`: the per-file lists cut down to them (they are copied to the thread). */
function forBatch(options: ProcessOptions, files: readonly string[]): ProcessOptions {
  if (!options.scanOnly && !options.assumeHandlersIn && !options.reportOnlyIn) return options;
  const batch = new Set(files);
  const reportOnlyIn = options.reportOnlyIn && Object.fromEntries(Object.entries(options.reportOnlyIn).filter(([f]) => batch.has(f)));
  return {
    ...options,
    scanOnly: options.scanOnly?.filter((f) => batch.has(f)),
    assumeHandlersIn: options.assumeHandlersIn?.filter((f) => batch.has(f)),
    ...(reportOnlyIn && { reportOnlyIn }),
  };
}

/**
 * Batches go to whoever is free: the main thread works through them too, yielding between batches so that worker
 * results come in and the workers get their next batch. Results come back sorted by file, whatever finished first.
 */
async function processAll(pack: Pack<any>, allFiles: string[], processOptions: ProcessOptions, options: RunOptions): Promise<ProcessedFile[]> {
  const cores = availableParallelism();
  const parallel = options.jobs === undefined ? cores >= WORKERS_FROM.cores : options.jobs > 1;
  // prefiltered here only when workers may come in: they should get nothing but files worth parsing
  const files = parallel ? candidatesOf(pack, allFiles, processOptions) : allFiles;
  // threads in all, the main one included
  const threads = options.jobs ?? (parallel && files.length >= WORKERS_FROM.files ? cores : 1);
  // a pack made in memory (not loaded from a module) cannot be loaded again in a worker: the main thread does it all
  const source = packSource(pack);
  const worker = threads > 1 && source ? workerFile() : undefined;
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push(files.slice(i, i + BATCH_SIZE));
  let next = 0;
  let done = 0;
  const results: ProcessedFile[] = [];
  const finish = (batch: ProcessedFile[]) => {
    results.push(...batch);
    done += batch.length;
    options.onProgress?.(done, files.length);
  };

  // loaded only for a pool: the API's CommonJS build (the jscodeshift transform) must not require an ES module
  const Tinypool = worker && (await import('tinypool')).default;
  const pool = worker && Tinypool ? new Tinypool({ filename: worker, minThreads: threads - 1, maxThreads: threads - 1, isolateWorkers: false }) : undefined;
  const inWorker = async () => {
    while (next < batches.length) {
      const files = batches[next++]!;
      const task: WorkerTask = { packSource: source!, files, options: forBatch(processOptions, files) };
      finish(await pool!.run(task));
    }
  };
  const inMain = async () => {
    while (next < batches.length) {
      finish(processFiles(pack, batches[next++]!, processOptions));
      if (pool) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  try {
    await Promise.all([inMain(), ...Array.from({ length: pool ? threads - 1 : 0 }, inWorker)]);
  } finally {
    await pool?.destroy();
  }
  return results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
