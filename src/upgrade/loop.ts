/**
 * @module upgrade/loop
 * `straddle upgrade`: fix → test on both majors → diagnose → targeted fixes → repeat, until both majors are green,
 * nothing more can be fixed, or the iteration limit. Every iteration records what it changed and why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../engine/discover.ts';
import { commitAll } from '../engine/git.ts';
import { runPack, type RunReport } from '../engine/run.ts';
import { runMatrix, type MatrixReport } from '../matrix/index.ts';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import { diagnose, planActions, readWarnings, type RuntimeWarning, type VersionDiagnosis } from './diagnose.ts';
import { ensureDependency, wireShim } from './shim.ts';

export interface UpgradeOptions {
  cwd: string;
  maxIterations?: number;
  /** Commit each iteration that changed something. */
  commit?: boolean;
  assumeHandlers?: boolean;
  /** The test command (default: the project's `npm test`). */
  command?: string[];
  /** npm spec the shim is installed from when the loop wires it in (default: this straddle's version). */
  shimSpec?: string;
  cacheDir?: string;
  onEvent?: (event: UpgradeEvent) => void;
}

export interface Change {
  /** What was done, in a sentence. */
  what: string;
  files: string[];
}

export interface Iteration {
  index: number;
  changes: Change[];
  versions: VersionDiagnosis[];
  warnings: RuntimeWarning[];
  committed: boolean;
}

export type StopReason = 'green' | 'stuck' | 'max-iterations';

export interface UpgradeReport {
  pack: string;
  cwd: string;
  ok: boolean;
  stopReason: StopReason;
  /** Iteration 0 is the project as it was, before any change. */
  iterations: Iteration[];
  changedFiles: string[];
  /** Findings still open after the last fix (reported, shim-covered, or low confidence). */
  openFindings: Finding[];
}

export type UpgradeEvent =
  | { type: 'iteration-start'; index: number }
  | { type: 'changed'; index: number; change: Change }
  | { type: 'tested'; index: number; iteration: Iteration };

const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();

function fixChange(report: RunReport, why: string): Change | undefined {
  if (!report.changed.length) return undefined;
  const rules = unique(report.findings.filter((f) => f.fixed).map((f) => f.ruleId));
  return { what: `${why}: ${rules.join(', ')}`, files: report.changed };
}

export async function runUpgrade(pack: Pack<any>, options: UpgradeOptions): Promise<UpgradeReport> {
  const cwd = path.resolve(options.cwd);
  const maxIterations = options.maxIterations ?? 5;
  const reportDir = mkdtempSync(path.join(tmpdir(), 'straddle-upgrade-'));
  const iterations: Iteration[] = [];
  const changedFiles = new Set<string>();
  const wired = new Set<string>();
  const assumed = new Set<string>();
  let openFindings: Finding[] = [];
  let stopReason: StopReason = 'max-iterations';
  let pending = { assumeHandlerFiles: new Set<string>(), shimFeatures: new Set<string>() };
  let lastOk = false;

  const test = async (index: number): Promise<{ matrix: MatrixReport; warnings: RuntimeWarning[]; files: string[] }> => {
    const reportFile = path.join(reportDir, `warnings-${index}.jsonl`);
    const matrix = await runMatrix({
      cwd,
      packageName: pack.packageName,
      versions: [pack.versions.old, pack.versions.new],
      typesPackage: pack.typesPackage,
      command: options.command,
      cacheDir: options.cacheDir,
      // deep stacks: a throw inside Express must still show the project frame that called it
      env: { STRADDLE_REPORT: reportFile, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--stack-trace-limit=100'].filter(Boolean).join(' ') },
    });
    const files = (await discoverFiles(cwd)).map((f) => path.relative(cwd, f));
    return { matrix, warnings: readWarnings(reportFile, files), files };
  };

  try {
    for (let index = 0; index <= maxIterations; index++) {
      options.onEvent?.({ type: 'iteration-start', index });
      const changes: Change[] = [];
      const record = (change: Change | undefined) => {
        if (!change) return;
        changes.push(change);
        change.files.forEach((f) => changedFiles.add(f));
        options.onEvent?.({ type: 'changed', index, change });
      };

      // Iteration 0 tests the project as it is: the "before" of the report.
      if (index > 0) {
        const fixed = await runPack(pack, { cwd, fix: true, assumeHandlers: options.assumeHandlers });
        record(fixChange(fixed, 'rewrote into forms that behave the same on both majors'));
        const targeted = [...pending.assumeHandlerFiles].filter((f) => !assumed.has(f));
        if (targeted.length) {
          targeted.forEach((f) => assumed.add(f));
          const proven = await runPack(pack, { cwd, fix: true, assumeHandlers: true, files: targeted.map((f) => path.join(cwd, f)) });
          record(fixChange(proven, 'a failing test or a shim warning proved these receivers are Express, so rewrote them too'));
        }
        openFindings = (await runPack(pack, { cwd, fix: false })).findings;
        const shimChange = await wireShimWhereNeeded(pack, cwd, openFindings, pending.shimFeatures, wired, options.shimSpec);
        record(shimChange);
        // nothing new to try: the code is what the last test run saw
        if (!changes.length) {
          stopReason = lastOk ? 'green' : 'stuck';
          break;
        }
      }

      const { matrix, warnings, files } = await test(index);
      const diagnosis = diagnose(pack, matrix, warnings, files, openFindings);
      const committed = !!options.commit && index > 0 && changes.length > 0 && commitAll(cwd, commitMessage(pack, index, changes));
      const iteration: Iteration = { index, changes, versions: diagnosis.versions, warnings, committed };
      iterations.push(iteration);
      options.onEvent?.({ type: 'tested', index, iteration });
      pending = planActions(pack, diagnosis, openFindings);
      lastOk = matrix.ok;
      // green, and no evidence left to act on (a shim warning proving a site the syntax could not)
      if (matrix.ok && ![...pending.assumeHandlerFiles].some((f) => !assumed.has(f))) {
        stopReason = 'green';
        break;
      }
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }

  const last = iterations[iterations.length - 1];
  return {
    pack: pack.id,
    cwd,
    ok: stopReason === 'green' && !!last?.versions.every((v) => v.ok),
    stopReason,
    iterations,
    changedFiles: unique(changedFiles),
    openFindings,
  };
}

/**
 * Wires the shim when open findings are things it covers at run time, listing their features in `warn` mode: the
 * old behaviour keeps tests passing while the code waits for a rewrite, and each warning names its call site.
 */
async function wireShimWhereNeeded(
  pack: Pack<any>,
  cwd: string,
  openFindings: readonly Finding[],
  requested: ReadonlySet<string>,
  wired: Set<string>,
  shimSpec: string | undefined,
): Promise<Change | undefined> {
  if (!pack.shim) return undefined;
  const covered = new Set(pack.shim.features);
  const open = openFindings.filter((f) => !f.fixed && !f.note && covered.has(f.ruleId));
  const features = unique([...requested, ...open.map((f) => f.ruleId)]).filter((f) => !wired.has(f));
  if (!features.length) return undefined;
  features.forEach((f) => wired.add(f));
  const files = (await wireShim(pack, cwd, features)).map((e) => e.file);
  if (!files.length) return undefined;
  const dependency = ensureDependency(cwd, pack.shim.module.split('/')[0]!, shimSpec);
  return {
    what: `wired the runtime shim (${pack.shim.module}) with ${features.join(', ')} in warn mode, for ${open.length} open findings it covers at run time${dependency ? `; added ${dependency} to package.json` : ''}`,
    files: dependency ? [...files, 'package.json'] : files,
  };
}

function commitMessage(pack: Pack<any>, index: number, changes: Change[]): string {
  const body = changes.map((c) => `- ${c.what} (${c.files.length} files)`).join('\n');
  return `straddle upgrade ${pack.id}: iteration ${index}\n\n${body}\n`;
}
