/**
 * @module upgrade/stages/state
 * What the loop's stages share, passed to each explicitly: the context, fixed for a run, and the state they read and
 * change as iterations go (the accepted run, what the ratchet excluded, what was tried).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../../engine/discover.ts';
import type { RunReport } from '../../engine/run.ts';
import { CopyPool, runMatrix, type MatrixReport, type VersionResult } from '../../matrix/index.ts';
import type { Pack } from '../../pack.ts';
import { runReplay } from '../../replay/replay.ts';
import type { Finding } from '../../rule.ts';
import { diagnose, readWarnings, type Actions, type Diagnosis, type RuntimeWarning } from '../diagnose.ts';
import { isLibrary } from '../library.ts';
import { detectPackageManager, type PackageManager } from '../../project/package-manager.ts';
import { installError, installFrozen, keepsLockfile, type installChanged } from '../package-manager.ts';
import { hasTargets, regressions, worstOf } from '../ratchet.ts';
import { vendorPaths } from '../shim.ts';
import { withReplay } from '../replay-check.ts';
import { Snapshot } from '../snapshot.ts';
import { testNodeOptions } from '../stack-depth.ts';
import type { Change, Iteration, StopReason, UpgradeOptions } from '../types.ts';

/** Extra matrix runs an iteration may spend narrowing a change that made something worse down to what helped. */
export const NARROWING_RUNS = 4;
/** Test files by path: what the report lists apart and `--no-test-edits` leaves alone. */
export const TEST_FILE = /(^|\/)(test|tests|__tests__|spec|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
/** Files that are not the app itself: tests, examples, fixtures, scripts. */
export const SIDE_FILE = new RegExp(`${TEST_FILE.source}|(^|/)(examples?|fixtures?|scripts?|benchmarks?)/`);

export const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** One run of the project's tests on every major (and replay's findings folded in), with the shim's warnings and the project's files at the time. */
export interface Tested {
  matrix: MatrixReport;
  warnings: RuntimeWarning[];
  files: string[];
}

/** What stays the same through a run. */
export interface LoopContext {
  pack: Pack<any>;
  options: UpgradeOptions;
  cwd: string;
  maxIterations: number;
  /** The vendored shim's files: tracked too, so that a put-back iteration takes them away with it. */
  vendored: string[];
  /** How the report names the framework's objects. */
  framework: string;
  library: boolean;
  pm: PackageManager;
  /** The tree as it was before the loop: what the report's changed files and a full put-back are measured from. */
  initial: Snapshot;
  /** The project's source files (absolute) before the loop. */
  startFiles: string[];
  /**
   * Tests every major (and replays); `index` names the run's warnings file, `phase` the run in progress events when
   * it is not iteration `index`'s. The loop's runs reuse their copies (matrix/copy-pool); a `fresh` run makes new
   * ones, as an independent run would: the verdict the user reads. A trial that is kept only if it is no worse than
   * `worseThan` stops at the first major that is (see MatrixOptions.decideEarly): its results are then only good for
   * saying no. Stage tests give their own.
   */
  measure: (index: number, phase?: string, how?: Measure) => Promise<Tested>;
  /** Removes what the run left outside the project. */
  dispose: () => void;
}

export interface Measure {
  /** New copies, as an independent run makes them (the final verdict). */
  fresh?: boolean;
  /** A trial, kept only if no major does worse than these results: it stops at the first that does. */
  worseThan?: readonly VersionResult[];
  /** Tests whose failing is no reason to stop such a trial (LoopState.flaky). */
  flaky?: ReadonlySet<string>;
  /** The majors such a trial runs first (as requested): those a change was seen to make worse. */
  first?: readonly string[];
  /** The majors to run (as requested), the others' results marked not run; all where requests are replayed. */
  only?: readonly string[];
}

/** What the stages learn and change as the loop goes. */
export interface LoopState {
  iterations: Iteration[];
  /** Iteration 0's run: the project as it was. */
  start: Tested;
  /** The run of the last kept state, which every later iteration is judged against. */
  accepted: Tested;
  diagnosis: Diagnosis;
  /** What the last diagnosis asks the next iteration to do. */
  pending: Actions;
  /** Findings the last fix left open. */
  openFindings: Finding[];
  /** What the loop could not do or took back: the report says it. */
  notes: string[];
  stopReason: StopReason;
  /**
   * Files whose changes made a test fail where no rule alone made them (the shim's wiring, a test file under
   * `--no-test-edits`): never rewritten again in this run.
   */
  excluded: Set<string>;
  /**
   * Per file, the rules whose fixes there made a test fail: they only report in that file for the rest of the run,
   * while the other rules (a low-confidence trial among them) may still fix it.
   */
  excludedRules: Map<string, Set<string>>;
  /** Files already rewritten with their handler-named receivers. */
  assumed: Set<string>;
  /** Shim features already wired. */
  wired: Set<string>;
  /** Side files (test helpers) the shim was wired into because a covered failure ran in an app they build. */
  wiredBuilders: Set<string>;
  triedToolchain: Set<string>;
  /** The low-confidence trial is done once. */
  trialTried: boolean;
  /** Set once the loop runs an install: node_modules may then differ from what the lockfile says. */
  installed: boolean;
  /**
   * After a frozen install (the lockfile's, again; any install where the project keeps no lockfile), package.json and
   * the lockfile as it installed them.
   */
  frozenInstall?: string;
  /** Tests seen failing in one run of a tree and passing in another (ratchet.ts `varying`): never a reason to put back. */
  flaky: Set<string>;
  /** The kept state's second run, made when a change seemed to do worse (judge): `of` is the run it repeats. */
  again?: { of: Tested; results: VersionResult[] };
}

export async function createContext(pack: Pack<any>, options: UpgradeOptions): Promise<LoopContext> {
  const cwd = path.resolve(options.cwd);
  const vendored = pack.shim ? vendorPaths(pack) : [];
  const initial = await Snapshot.take(cwd, vendored);
  const startFiles = await discoverFiles(cwd);
  const nodeOptions = await testNodeOptions(startFiles);
  const reportDir = mkdtempSync(path.join(tmpdir(), 'straddle-upgrade-'));
  const copies = new CopyPool();
  const measure = async (index: number, phase?: string, how?: Measure): Promise<Tested> => {
    const worseThan = how?.worseThan;
    const reportFile = path.join(reportDir, `warnings-${index}.jsonl`);
    rmSync(reportFile, { force: true });
    const matrix = await runMatrix({
      cwd,
      packageName: pack.packageName,
      versions: [pack.versions.old, pack.versions.new],
      typesPackage: pack.typesPackage,
      companions: pack.companions,
      command: options.command,
      cacheDir: options.cacheDir,
      signal: options.signal,
      ...(!how?.fresh && { copies }),
      // a replay compares the majors: it runs only where every one ran
      ...(how?.only && !options.replay && { only: how.only }),
      ...(worseThan && { decideEarly: (result: VersionResult, at: number) => regressions([worseThan[at]!], [result], how.flaky).length > 0, decideFirst: how.first }),
      // deep stacks where they change no test: a throw inside the framework must still show the project frame that called it
      env: { STRADDLE_REPORT: reportFile, ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }) },
      onProgress: options.onEvent && ((event) => options.onEvent!({ type: 'matrix', index, phase: phase ?? (index === 0 ? 'as it is' : `iteration ${index}`), event })),
    });
    // the vendored shim is ours: a frame in it is not where the project's code went wrong
    const files = (await discoverFiles(cwd)).map((f) => path.relative(cwd, f)).filter((f) => !vendored.includes(f));
    // on the project as it is, an app replay cannot start is the user's to fix first; later, it is the iteration's doing
    const replay = options.replay && !matrix.results.some((result) => result.notRun) && (await runReplay(pack, { ...options.replay, cwd, cacheDir: options.cacheDir, sites: false, ...(!how?.fresh && { copies }) }).catch((error: Error) => (index === 0 ? Promise.reject(error) : error)));
    const replayed = replay ? withReplay(matrix, replay) : matrix;
    return { matrix: replayed, warnings: readWarnings(reportFile, files), files };
  };
  return {
    pack,
    options,
    cwd,
    maxIterations: options.maxIterations ?? 5,
    vendored,
    framework: pack.framework ?? pack.packageName,
    library: options.library ?? isLibrary(cwd, pack.packageName),
    pm: detectPackageManager(cwd),
    initial,
    startFiles,
    measure,
    dispose: () => {
      copies.dispose();
      rmSync(reportDir, { recursive: true, force: true });
    },
  };
}

/** What a change is judged against: the kept state's run, or the worse of its two where it was run again. */
export function bar(state: LoopState): readonly VersionResult[] {
  const { accepted, again } = state;
  return again?.of === accepted ? worstOf(accepted.matrix.results, again.results) : accepted.matrix.results;
}

/** The diagnosis of the accepted run, as the state's open findings explain it. */
export function diagnoseAccepted(ctx: LoopContext, state: LoopState): Diagnosis {
  return diagnose(ctx.pack, state.accepted.matrix, state.accepted.warnings, state.accepted.files, state.openFindings);
}

export function install(ctx: LoopContext, state: LoopState, how: typeof installChanged): void {
  state.installed = true;
  state.frozenInstall = undefined;
  how(ctx.cwd, ctx.pm);
  // without a lockfile, an install from package.json is all the lockfile's would be
  if (how === installFrozen || !keepsLockfile(ctx.cwd, ctx.pm)) state.frozenInstall = manifests(ctx);
}

/**
 * Whether node_modules is as the lockfile says: no install, or the last one was the lockfile's (a put-back's) and
 * neither package.json nor the lockfile changed since.
 */
export function asLockfileSays(ctx: LoopContext, state: LoopState): boolean {
  return !state.installed || state.frozenInstall === manifests(ctx);
}

const manifests = ({ cwd, pm }: LoopContext) =>
  ['package.json', pm.lockfile].map((file) => (existsSync(path.join(cwd, file)) ? readFileSync(path.join(cwd, file), 'utf8') : '')).join('\0');

/** Runs an install; the manager's error when it fails, else undefined. */
export function tryInstall(ctx: LoopContext, state: LoopState, how: typeof installChanged): string | undefined {
  try {
    install(ctx, state, how);
    return undefined;
  } catch (error) {
    return installError(error);
  }
}

export function lastIteration(state: LoopState): Iteration {
  return state.iterations[state.iterations.length - 1]!;
}

/** Nothing left that the new major breaks (green on both, or failing alike), and no new evidence to act on. */
export function settled(state: LoopState): boolean {
  // new evidence: a shim warning proving a site the syntax could not
  const evidence = [...state.pending.assumeHandlerFiles].some((f) => !state.assumed.has(f) && !state.excluded.has(f));
  return !hasTargets(state.accepted.matrix.results) && !evidence;
}

/** What the ratchet excluded, as a fix run's options: the files only scanned, and per file the rules only reporting. */
export function exclusions(ctx: LoopContext, state: LoopState): { scanOnly: string[]; reportOnlyIn: Record<string, string[]> } {
  return {
    scanOnly: [...state.excluded].map((f) => path.join(ctx.cwd, f)),
    reportOnlyIn: Object.fromEntries([...state.excludedRules].map(([f, rules]) => [path.join(ctx.cwd, f), [...rules]])),
  };
}

/** True when the ratchet excluded this rule's fixes in this file (or the whole file). */
export function isExcluded(state: LoopState, finding: Pick<Finding, 'file' | 'ruleId'>): boolean {
  return state.excluded.has(finding.file) || !!state.excludedRules.get(finding.file)?.has(finding.ruleId);
}

/** An iteration's changes as they are recorded: each one told to the caller as it is made. */
export class Changes {
  readonly list: Change[] = [];
  /** Per changed file, the rules whose fixes changed it: what the ratchet excludes there if the file goes back. */
  readonly rulesByFile = new Map<string, Set<string>>();
  constructor(private readonly ctx: LoopContext, private readonly index: number) {}
  add(change: Change | undefined): void {
    if (!change) return;
    this.list.push(change);
    this.ctx.options.onEvent?.({ type: 'changed', index: this.index, change });
  }
  /** A fix run's change (see fixChange), with the rules that made it, file by file. */
  addFix(report: RunReport, why: string): void {
    for (const finding of report.findings) {
      if (!finding.fixed || !report.changed.includes(finding.file)) continue;
      const rules = this.rulesByFile.get(finding.file) ?? new Set<string>();
      this.rulesByFile.set(finding.file, rules.add(finding.ruleId));
    }
    this.add(fixChange(report, why));
  }
  get none(): boolean {
    return !this.list.length;
  }
}

/** A fix run's change, named by the rules that fixed something; none when it changed no file. */
export function fixChange(report: RunReport, why: string): Change | undefined {
  if (!report.changed.length) return undefined;
  const rules = unique(report.findings.filter((f) => f.fixed).map((f) => f.ruleId));
  return { what: `${why}: ${rules.join(', ')}`, files: report.changed };
}
