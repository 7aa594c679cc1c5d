/**
 * @module engine/run
 * A whole run of a pack over a directory: discover, spread batches over worker threads (all cores), gather the
 * findings, run the project-file checks. Small runs stay in the main thread, where a worker's start-up (loading
 * the TypeScript parser again) would cost more than it saves.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { StraddleError } from '../errors.ts';
import type { Pack } from '../pack.ts';
import type { Finding, RuleOptions } from '../rule.ts';
import { discoverFiles } from './discover.ts';
import { processFiles, type ProcessOptions, type ProcessedFile } from './process-files.ts';
import { runProjectRules, type ProjectResult } from './project-rules.ts';
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
  /** Worker threads; 0 runs in the main thread. Default: one per core for large runs. */
  jobs?: number;
  /** Run the typed pass over findings the fast pass could not settle (default true). */
  types?: boolean;
  /** Explicit file list (absolute), instead of discovery. */
  files?: readonly string[];
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
  errors: Array<{ file: string; kind: string; message: string }>;
  patches: string[];
  project: ProjectResult;
  /** Files the typed pass re-ran with the type checker, and what it cost. */
  typed: { files: number; durationMs: number } | null;
  durationMs: number;
}

/** A finding the checker may settle: a fix held back for low confidence, or a fixable rule that could not prove it. */
export function needsTypes(finding: Finding): boolean {
  if (finding.fixed) return false;
  if (finding.fixable) return finding.confidence === 'low';
  return finding.kind === 'both' || finding.kind === 'new';
}

/** Below this many files the main thread is faster than starting workers (measured by `npm run bench`). */
const IN_PROCESS_BELOW = 150;
const BATCH_SIZE = 50;

export async function runPack(pack: Pack<any>, options: RunOptions): Promise<RunReport> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd);
  const ruleIds = selectRules(pack, options);
  const files = options.files ? [...options.files] : await discoverFiles(cwd);
  const processOptions: ProcessOptions = {
    cwd,
    fix: options.fix,
    dryRun: options.dryRun ?? false,
    target: options.target ?? 'both',
    assumeHandlers: options.assumeHandlers ?? false,
    rules: ruleIds,
  };

  let results = await processAll(pack, files, processOptions, options);
  let typed: RunReport['typed'] = null;
  const candidates = options.types === false ? [] : results.filter((r) => !r.error && r.findings.some(needsTypes));
  if (candidates.length) {
    const typedStart = performance.now();
    const { runTypedPass } = await import('./typed.ts'); // ts-morph loads only when needed
    const settled = new Map(runTypedPass(pack, cwd, candidates, processOptions).map((r) => [r.file, r]));
    results = results.map((r) => settled.get(r.file) ?? r);
    typed = { files: candidates.length, durationMs: Math.round(performance.now() - typedStart) };
  }
  const project = runProjectRules(pack, cwd, processOptions);
  const report: RunReport = {
    pack: pack.id,
    cwd,
    mode: options.fix ? 'fix' : 'scan',
    dryRun: processOptions.dryRun,
    files: files.length,
    parsed: 0,
    changed: [],
    findings: [],
    errors: [],
    patches: [],
    project,
    typed,
    durationMs: 0,
  };
  for (const result of results) {
    if (result.parsed) report.parsed++;
    if (result.changed) report.changed.push(result.file);
    if (result.patch) report.patches.push(result.patch);
    if (result.error) report.errors.push({ file: result.file, ...result.error });
    report.findings.push(...result.findings);
  }
  report.findings.push(...project.findings);
  if (project.changed) report.changed.push(project.file);
  if (project.patch) report.patches.push(project.patch);
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

async function processAll(pack: Pack<any>, files: string[], processOptions: ProcessOptions, options: RunOptions): Promise<ProcessedFile[]> {
  const jobs = options.jobs ?? (files.length < IN_PROCESS_BELOW ? 0 : availableParallelism());
  const worker = jobs > 0 ? workerFile() : undefined;
  if (!worker) {
    const out: ProcessedFile[] = [];
    for (let i = 0; i < files.length; i += BATCH_SIZE) {
      out.push(...processFiles(pack, files.slice(i, i + BATCH_SIZE), processOptions));
      options.onProgress?.(Math.min(i + BATCH_SIZE, files.length), files.length);
    }
    return out;
  }
  const pool = new Tinypool({ filename: worker, minThreads: jobs, maxThreads: jobs, isolateWorkers: false });
  try {
    let done = 0;
    const batches: Promise<ProcessedFile[]>[] = [];
    for (let i = 0; i < files.length; i += BATCH_SIZE) {
      const task: WorkerTask = { packId: pack.id, files: files.slice(i, i + BATCH_SIZE), options: processOptions };
      batches.push(
        pool.run(task).then((result: ProcessedFile[]) => {
          done += task.files.length;
          options.onProgress?.(done, files.length);
          return result;
        }),
      );
    }
    return (await Promise.all(batches)).flat();
  } finally {
    await pool.destroy();
  }
}
