/**
 * @module upgrade/loop
 * `straddle upgrade`: fix → test on both majors → diagnose → targeted fixes → repeat, until both majors are green,
 * nothing more can be fixed, or the iteration limit. Every iteration records what it changed and why.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../engine/discover.ts';
import { commitAll } from '../engine/git.ts';
import { runPack, type RunReport } from '../engine/run.ts';
import { runMatrix, type MatrixReport } from '../matrix/index.ts';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import { diagnose, failureKey, planActions, readWarnings, type Diagnosis, type Failure, type RuntimeWarning, type VersionDiagnosis } from './diagnose.ts';
import { ciMatrix } from './ci-matrix.ts';
import { formatChanged } from './format.ts';
import { addNpmrcSetting, detectPackageManager, installChanged, installError, installFrozen, settingFor } from './package-manager.ts';
import { hasTargets, improved, regressions, uncounted } from './ratchet.ts';
import { filesReaching } from './reaches.ts';
import { vendorPaths, wireShim } from './shim.ts';
import { Snapshot, write, type Contents } from './snapshot.ts';
import { testNodeOptions } from './stack-depth.ts';

export interface UpgradeOptions {
  cwd: string;
  maxIterations?: number;
  /** Commit each iteration that kept a change. */
  commit?: boolean;
  assumeHandlers?: boolean;
  /** Leave test files alone (default: app code inside tests may be rewritten when it breaks). */
  testEdits?: boolean;
  /** Library mode on or off; by default a package that publishes code with the framework not among its dependencies. */
  library?: boolean;
  /** The test command (default: the project's `npm test`). */
  command?: string[];
  cacheDir?: string;
  onEvent?: (event: UpgradeEvent) => void;
}

export interface Change {
  /** What was done, in a sentence. */
  what: string;
  files: string[];
}

export interface Reverted {
  files: string[];
  /** What got worse with them, one line per version and reason. */
  because: string[];
}

export interface Iteration {
  index: number;
  /** What the iteration tried. */
  changes: Change[];
  /** What the ratchet put back because a test that passed before failed with it; kept = changes minus these. */
  reverted: Reverted | null;
  /** How each major does with what was kept. */
  versions: VersionDiagnosis[];
  warnings: RuntimeWarning[];
  committed: boolean;
}

/**
 * The verdict the user reads: a run of the tree exactly as the loop leaves it (committed, with `--commit`), in fresh
 * copies on every major, with node_modules installed as its lockfile says where the loop ran an install. Never an
 * iteration's own run: a put-back or a failed install can leave the tree apart from what an iteration measured.
 */
export interface FinalVerdict {
  ok: boolean;
  versions: VersionDiagnosis[];
  warnings: RuntimeWarning[];
  /** False when the tree and node_modules were never changed, so iteration 0's run was already a fresh run of it. */
  ranAgain: boolean;
}

/** `baseline`: what still fails, fails on both majors alike (the project's own failures, not the upgrade's). */
export type StopReason = 'green' | 'baseline' | 'stuck' | 'max-iterations';

export interface UpgradeReport {
  pack: string;
  cwd: string;
  ok: boolean;
  stopReason: StopReason;
  /** A library (publishes code, the framework only a peer or dev dependency): its tests get the shim only for failures their own server code throws. */
  library: boolean;
  /** Set when the loop put every change back at the end because none made anything better. */
  putBack: Reverted | null;
  /** Iteration 0 is the project as it was, before any change; the others are history, the result is `final`. */
  iterations: Iteration[];
  final: FinalVerdict;
  /** Files that differ from the start, test files apart. */
  changedFiles: string[];
  changedTestFiles: string[];
  /** Findings still open after the last fix (reported, shim-covered, or low confidence). */
  openFindings: Finding[];
  /** What the loop could not do or took back at its end, one line each (a failed install, unneeded test edits). */
  notes: string[];
  /** A library green on both majors: the CI job that keeps it so (GitHub Actions, one run per major). */
  ciMatrix: string | null;
}

export type UpgradeEvent =
  | { type: 'iteration-start'; index: number }
  | { type: 'changed'; index: number; change: Change }
  | { type: 'tested'; index: number; iteration: Iteration };

/** Extra matrix runs an iteration may spend narrowing a change that made something worse down to what helped. */
const NARROWING_RUNS = 4;
/** Test files by path: what the report lists apart and `--no-test-edits` leaves alone. */
export const TEST_FILE = /(^|\/)(test|tests|__tests__|spec|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
/** Files that are not the app itself: tests, examples, fixtures, scripts. */
const SIDE_FILE = new RegExp(`${TEST_FILE.source}|(^|/)(examples?|fixtures?|scripts?|benchmarks?)/`);

const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();

function fixChange(report: RunReport, why: string): Change | undefined {
  if (!report.changed.length) return undefined;
  const rules = unique(report.findings.filter((f) => f.fixed).map((f) => f.ruleId));
  return { what: `${why}: ${rules.join(', ')}`, files: report.changed };
}

/**
 * A run that rewrote `targeted` files with their handler-named receivers too, as the two runs it stands for: what
 * the other files and the sure receivers took (and package.json, and the helpers), and what only the proof allowed.
 */
function splitProven(report: RunReport, targeted: ReadonlySet<string>): [RunReport, RunReport] {
  const proven = (f: Finding) => f.fixed && f.confidence === 'low' && targeted.has(f.file);
  const sure = new Set(report.findings.filter((f) => f.fixed && !proven(f)).map((f) => f.file));
  const byProof = new Set(report.findings.filter(proven).map((f) => f.file));
  return [
    { ...report, changed: report.changed.filter((file) => !targeted.has(file) || sure.has(file)), findings: report.findings.filter((f) => !proven(f)) },
    { ...report, changed: report.changed.filter((file) => byProof.has(file)), findings: report.findings.filter(proven) },
  ];
}

interface Tested {
  matrix: MatrixReport;
  warnings: RuntimeWarning[];
  files: string[];
}

/**
 * The loop is a ratchet: iteration 0 measures the project as it is; a project with nothing the new major breaks
 * (green on both, or failing alike on both) is left byte for byte. Each later iteration's changes are kept only if
 * no version gets worse than the last kept state; otherwise they are put back, and halves of them are tried again
 * (a bounded bisection) so that what helped stays and what hurt is named in the report and never tried again.
 */
export async function runUpgrade(pack: Pack<any>, options: UpgradeOptions): Promise<UpgradeReport> {
  const cwd = path.resolve(options.cwd);
  const maxIterations = options.maxIterations ?? 5;
  const reportDir = mkdtempSync(path.join(tmpdir(), 'straddle-upgrade-'));
  const iterations: Iteration[] = [];
  const wired = new Set<string>();
  /** Side files (test helpers) the shim was wired into because a covered failure ran in an app they build. */
  const wiredBuilders = new Set<string>();
  const assumed = new Set<string>();
  /** Files whose changes made a test fail: never rewritten again in this run. */
  const excluded = new Set<string>();
  // the vendored shim's files are tracked too, so that a put-back iteration takes them away with it
  const vendored = pack.shim ? vendorPaths(pack) : [];
  const framework = pack.framework ?? pack.packageName;
  const initial = await Snapshot.take(cwd, vendored);
  const startFiles = await discoverFiles(cwd);
  if (options.testEdits === false) {
    for (const file of startFiles) {
      const relative = path.relative(cwd, file);
      if (TEST_FILE.test(relative)) excluded.add(relative);
    }
  }
  let openFindings: Finding[] = [];
  /** What the loop could not do or took back at its end: the report says it. */
  const notes: string[] = [];
  let stopReason: StopReason = 'max-iterations';
  let pending = { assumeHandlerFiles: new Set<string>(), shimFeatures: new Set<string>() };
  const library = options.library ?? isLibrary(cwd, pack.packageName);
  const pm = detectPackageManager(cwd);
  /** Set once the loop runs an install: node_modules may then differ from what the lockfile says. */
  let installed = false;
  const install = (how: typeof installChanged) => {
    installed = true;
    how(cwd, pm);
  };
  const triedToolchain = new Set<string>();
  /** The low-confidence trial: done once; `trial` marks the iteration that is it. */
  let trialTried = false;
  let trial = false;
  let lastDiagnosis: Diagnosis = { versions: [], warnings: [] };

  const nodeOptions = await testNodeOptions(startFiles);
  const test = async (index: number): Promise<Tested> => {
    const reportFile = path.join(reportDir, `warnings-${index}.jsonl`);
    rmSync(reportFile, { force: true });
    const matrix = await runMatrix({
      cwd,
      packageName: pack.packageName,
      versions: [pack.versions.old, pack.versions.new],
      typesPackage: pack.typesPackage,
      command: options.command,
      cacheDir: options.cacheDir,
      // deep stacks where they change no test: a throw inside the framework must still show the project frame that called it
      env: { STRADDLE_REPORT: reportFile, ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }) },
    });
    // the vendored shim is ours: a frame in it is not where the project's code went wrong
    const files = (await discoverFiles(cwd)).map((f) => path.relative(cwd, f)).filter((f) => !vendored.includes(f));
    return { matrix, warnings: readWarnings(reportFile, files), files };
  };
  const settled = (tested: Tested) => !hasTargets(tested.matrix.results);

  options.onEvent?.({ type: 'iteration-start', index: 0 });
  let accepted = await test(0);
  const start = accepted;
  let putBack: Reverted | null = null;
  let final: FinalVerdict | undefined;
  try {
    lastDiagnosis = diagnose(pack, accepted.matrix, accepted.warnings, accepted.files, openFindings);
    iterations.push({ index: 0, changes: [], reverted: null, versions: lastDiagnosis.versions, warnings: accepted.warnings, committed: false });
    options.onEvent?.({ type: 'tested', index: 0, iteration: iterations[0]! });
    pending = planActions(pack, lastDiagnosis, openFindings);

    for (let index = 1; index <= maxIterations && !(settled(accepted) && !hasNewEvidence()); index++) {
      options.onEvent?.({ type: 'iteration-start', index });
      const snapshot = await Snapshot.take(cwd, vendored);
      trial = false;
      // a toolchain fix that failing tests prove (jest too old to load the new major) is an iteration of its own
      const toolchain = await applyToolchain(index, snapshot);
      const changes = toolchain.changes ?? (await applyFixes(index, snapshot));
      // a rule may still reach a file the ratchet excluded (package.json through a project rule): put it back
      const touched = await snapshot.changed();
      snapshot.restore(touched.filter((file) => excluded.has(file)));
      const changed = touched.filter((file) => !excluded.has(file));
      if (!changes.length || !changed.length) {
        stopReason = 'stuck';
        break;
      }
      let tested = await test(index);
      let reverted: Reverted | null = null;
      const regressed = regressions(accepted.matrix.results, tested.matrix.results);
      // what broke, by site, so that a put-back names the construct and not only the counts
      const because = regressed.length ? [...regressed, ...newFailures(tested, regressed)] : regressed;
      if (trial && (because.length || !improved(accepted.matrix.results, tested.matrix.results))) {
        snapshot.restore(changed);
        reverted = { files: changed, because: because.length ? because : ['the trial rewrites made no failing test pass'] };
        tested = accepted;
      } else if (because.length && toolchain.rules.length) {
        // package.json and its lockfile only go together: all back, and node_modules as the lockfile says
        snapshot.restore(changed);
        install(installFrozen);
        reverted = { files: changed, because };
        tested = accepted;
      } else if (because.length) {
        const after = snapshot.current(changed);
        snapshot.restore(changed);
        const kept = await narrow(changed, after, snapshot, index);
        const back = changed.filter((file) => !kept.files.includes(file));
        back.forEach((file) => excluded.add(file));
        reverted = { files: back, because };
        tested = kept.tested ?? accepted;
      }
      accepted = tested;
      lastDiagnosis = diagnose(pack, accepted.matrix, accepted.warnings, accepted.files, openFindings);
      const keptAny = !reverted || reverted.files.length < changed.length;
      const committed = !!options.commit && keptAny && commitAll(cwd, commitMessage(pack, index, changes, reverted));
      const iteration: Iteration = { index, changes, reverted, versions: lastDiagnosis.versions, warnings: accepted.warnings, committed };
      iterations.push(iteration);
      options.onEvent?.({ type: 'tested', index, iteration });
      pending = planActions(pack, lastDiagnosis, openFindings);
    }
    if (settled(accepted) && !hasNewEvidence()) stopReason = accepted.matrix.ok ? 'green' : 'baseline';
    await dropUnneededTestEdits();
    // changes that made nothing better anywhere are churn, not an upgrade: the project goes back as it was
    const left = await initial.changed();
    const unseen = left.length && !improved(start.matrix.results, accepted.matrix.results) ? uncounted(start.matrix.results, accepted.matrix.results) : null;
    if (unseen?.length) {
      notes.push(`kept the changes although no test could be counted on ${unseen.join(', ')} (no runner this tool reads, no summary, no script of the project's own): no major got worse by its exit code`);
    } else if (unseen) {
      initial.restore(left);
      if (left.some((file) => file === pm.lockfile || file === 'package.json')) install(installFrozen);
      putBack = { files: left, because: ['no test passes now that did not pass before, on either major: nothing was worth keeping'] };
      // committed iterations are taken back by a commit of their own: HEAD and the work tree never part
      if (options.commit) commitAll(cwd, `${pack.id}: put back every change: ${putBack.because[0]}`);
    }
    // a library proven on both majors says so: its peer range takes the new one, the lockfile's copy of it too
    if (library && stopReason === 'green' && accepted.matrix.ok && !putBack) {
      const declared = await runPack(pack, { cwd, fix: true, onceGreen: true, files: [] });
      if (declared.project.changed) {
        install(installChanged);
        const what = declared.project.findings.filter((f) => f.fixed).map((f) => f.message).join(' ');
        last().changes.push({ what: `declared what the tests proved: ${what}`, files: ['package.json', pm.lockfile] });
        if (options.commit) commitAll(cwd, `${pack.id}: declare what the tests proved\n\n${what}\n`);
      }
    }
    final = await finalVerdict();
    // what is left to do by hand is read off the tree as left, not gathered along the way (put-backs, trials)
    openFindings = (await runPack(pack, { cwd, fix: false, files: await discoverFiles(cwd) })).findings;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }

  const changedAll = await initial.changed();
  return {
    pack: pack.id,
    cwd,
    ok: final!.ok,
    stopReason,
    library,
    putBack,
    iterations,
    final: final!,
    changedFiles: changedAll.filter((f) => !TEST_FILE.test(f)),
    changedTestFiles: changedAll.filter((f) => TEST_FILE.test(f)),
    openFindings,
    notes,
    ciMatrix: library && final!.ok ? ciMatrix(pack.packageName, [pack.versions.old, pack.versions.new], pm.name) : null,
  };

  /** Runs an install; the manager's error when it fails, else undefined. */
  function tryInstall(how: typeof installChanged): string | undefined {
    try {
      install(how);
      return undefined;
    } catch (error) {
      return installError(error);
    }
  }

  /** The features failures proved, already wired where apps are composed, into the test helpers that build theirs. */
  async function wireBuilders(builders: readonly string[], proven: ReadonlySet<string>): Promise<Change | undefined> {
    const features = unique(proven);
    if (!builders.length || !features.length) return undefined;
    const files = (await wireShim(pack, cwd, features, (file) => !builders.includes(file))).map((e) => e.file);
    if (!files.length) return undefined;
    return { what: `wired the runtime shim with ${features.join(', ')} into ${files.join(', ')}: failures it covers were thrown in code these build their app from`, files: [...files, ...vendored] };
  }

  /** On each version `regressed` names, the failures `tested` shows that the accepted state did not (a few). */
  function newFailures(tested: Tested, regressed: readonly string[]): string[] {
    const key = (f: Failure) => `${f.version}|${failureKey(f)}`;
    const known = new Set(lastDiagnosis.versions.flatMap((v) => v.failures.map(key)));
    const now = diagnose(pack, tested.matrix, tested.warnings, tested.files, openFindings);
    return now.versions.flatMap((v) => {
      const label = `${v.requested} (${v.resolved})`;
      if (!regressed.some((line) => line.startsWith(`${label}:`))) return [];
      const fresh = v.failures.filter((f) => !known.has(key(f)));
      const shown = fresh.slice(0, 3).map((f) => `${label} now fails: ${f.site ? `${f.site.file}:${f.site.line}: ` : ''}${f.message}`);
      return fresh.length > 3 ? [...shown, `${label}: ${fresh.length - 3} more new failures`] : shown;
    });
  }

  /**
   * The tree as the loop leaves it, run again on every major in fresh copies (node_modules reinstalled from the
   * lockfile first where the loop ran an install); the stop reason follows what this run shows.
   */
  async function finalVerdict(): Promise<FinalVerdict> {
    let tested = start;
    const ranAgain = installed || (await initial.changed()).length > 0;
    if (ranAgain) {
      if (installed) {
        try {
          installFrozen(cwd, pm);
        } catch (error) {
          notes.push(`could not install node_modules as ${pm.lockfile} says before the final run, with ${pm.name}: ${installError(error)}`);
        }
      }
      tested = await test(iterations.length);
    }
    const diagnosis = diagnose(pack, tested.matrix, tested.warnings, tested.files, openFindings);
    const ok = tested.matrix.ok;
    const was = stopReason;
    if (ok) stopReason = 'green';
    else if (stopReason === 'green' || stopReason === 'baseline') stopReason = hasTargets(tested.matrix.results) ? 'stuck' : 'baseline';
    if (ranAgain && was !== stopReason) {
      const label = (v: VersionDiagnosis) => `${v.requested} ${v.ok ? 'passes' : 'fails'}${v.counts ? ` (${v.counts.passed} passed, ${v.counts.failed} failed)` : ''}`;
      // both sides, so that a flaky test (it failed in the iteration, passes now) reads as one
      notes.push(`the fresh run of the final tree does not reproduce iteration ${last().index} (${last().versions.map(label).join(', ')}): ${diagnosis.versions.map(label).join(', ')}`);
    }
    return { ok, versions: diagnosis.versions, warnings: tested.warnings, ranAgain };
  }

  function last(): Iteration {
    return iterations[iterations.length - 1]!;
  }

  function hasNewEvidence(): boolean {
    // a shim warning proving a site the syntax could not
    return [...pending.assumeHandlerFiles].some((f) => !assumed.has(f) && !excluded.has(f));
  }

  /**
   * App code inside test files is rewritten only where it breaks: changes to test files are taken back, all together
   * first, then (when some were needed) one file at a time within the narrowing budget, each staying out only if no
   * test does worse without it.
   */
  async function dropUnneededTestEdits(): Promise<void> {
    const edited = (await initial.changed()).filter((file) => TEST_FILE.test(file) && !vendored.includes(file));
    if (!edited.length || iterations.length < 2) return;
    const dropped: string[] = [];
    const tryDropping = async (files: string[]) => {
      const after = initial.current(files);
      initial.restore(files);
      const tested = await test(iterations.length);
      if (regressions(accepted.matrix.results, tested.matrix.results).length) return write(cwd, after);
      accepted = tested;
      dropped.push(...files);
    };
    await tryDropping(edited);
    if (!dropped.length && edited.length > 1) for (const file of edited.slice(0, NARROWING_RUNS)) await tryDropping([file]);
    if (!dropped.length) return;
    lastDiagnosis = diagnose(pack, accepted.matrix, accepted.warnings, accepted.files, openFindings);
    Object.assign(last(), { versions: lastDiagnosis.versions, warnings: accepted.warnings });
    notes.push(`took back the changes to ${dropped.join(', ')}: every test does as well without them`);
    if (options.commit) commitAll(cwd, `${pack.id}: take back test-file changes no test needs`);
  }

  /**
   * The toolchain iteration, in one run: the project rules whose signature a failing test matched, not tried yet,
   * fix package.json, and what they changed is installed. `rules`: those that had a fix for it (now tried);
   * `changes`: absent when there was nothing to install or the install failed.
   */
  async function applyToolchain(index: number, snapshot: Snapshot): Promise<{ rules: string[]; changes?: Change[] }> {
    const projectRules = new Set((pack.projectRules ?? []).map((rule) => rule.id));
    const failing = [...new Set(lastDiagnosis.versions.flatMap((v) => v.failures.map((f) => f.ruleId)))]
      .filter((id): id is string => !!id && projectRules.has(id) && !triedToolchain.has(id));
    if (!failing.length || excluded.has('package.json')) return { rules: [] };
    const fixed = await runPack(pack, { cwd, fix: true, toolchain: true, only: failing, files: [] });
    const rules = unique(fixed.findings.filter((f) => f.file === 'package.json' && f.fixable).map((f) => f.ruleId));
    rules.forEach((id) => triedToolchain.add(id));
    if (!fixed.findings.some((f) => f.fixed)) return { rules };
    let failed = tryInstall(installChanged);
    const setting = failed ? settingFor(pm, failed) : undefined;
    if (setting) {
      addNpmrcSetting(cwd, setting.line);
      failed = tryInstall(installChanged);
    }
    if (failed) {
      snapshot.restore(await snapshot.changed());
      // a failed install can leave node_modules half moved: back to what the lockfile says, as it was
      const back = tryInstall(installFrozen);
      notes.push(`could not install the toolchain fix (${rules.join(', ')}) with ${pm.name}, put back: ${failed}${back ? `; reinstalling as ${pm.lockfile} says failed too: ${back}` : ''}`);
      return { rules };
    }
    const what = fixed.findings.filter((f) => f.fixed).map((f) => f.message).join(' ');
    const how = setting ? ` Installed with ${pm.name}, with \`${setting.line}\` added to .npmrc for ${setting.why}.` : ` Installed with ${pm.name}.`;
    const change = { what: `toolchain, proven by failing tests: ${what}${how}`, files: await snapshot.changed() };
    options.onEvent?.({ type: 'changed', index, change });
    return { rules, changes: [change] };
  }

  async function applyFixes(index: number, snapshot: Snapshot): Promise<Change[]> {
    const changes: Change[] = [];
    const record = (change: Change | undefined) => {
      if (!change) return;
      changes.push(change);
      options.onEvent?.({ type: 'changed', index, change });
    };
    // one run: the files the ratchet excluded are only scanned, those a failure or a warning proved are rewritten
    // with their handler-named receivers too, and its findings are those of the text it leaves (the open ones)
    const targeted = [...pending.assumeHandlerFiles].filter((f) => !assumed.has(f) && !excluded.has(f));
    targeted.forEach((f) => assumed.add(f));
    const discovered = await discoverFiles(cwd);
    const fixed = await runPack(pack, {
      cwd,
      fix: true,
      assumeHandlers: options.assumeHandlers,
      files: unique([...discovered, ...targeted.map((f) => path.join(cwd, f))]),
      scanOnly: discovered.filter((f) => excluded.has(path.relative(cwd, f))),
      assumeHandlersIn: targeted.map((f) => path.join(cwd, f)),
    });
    const [rewrote, proven] = splitProven(fixed, new Set(options.assumeHandlers ? [] : targeted));
    record(fixChange(rewrote, 'rewrote into forms that behave the same on both majors'));
    const provenWhy = `a failing test or a shim warning proved these receivers are ${framework} objects, so rewrote them too`;
    record(fixChange(proven, provenWhy));
    openFindings = fixed.findings.filter((f) => !f.fixed);
    // the first round planned before any findings existed: a site the evidence proves, found only now, is rewritten now
    const late = [...planActions(pack, lastDiagnosis, openFindings).assumeHandlerFiles].filter((f) => !assumed.has(f) && !excluded.has(f));
    if (!changes.length && late.length) {
      late.forEach((f) => assumed.add(f));
      const again = await runPack(pack, { cwd, fix: true, assumeHandlers: true, files: late.map((f) => path.join(cwd, f)) });
      record(fixChange(again, provenWhy));
      openFindings = [...openFindings.filter((f) => !late.includes(f.file)), ...again.findings.filter((f) => !f.fixed)];
    }
    // Low-confidence rewrites no failure pointed at (receivers only named like the framework's objects, such as a
    // library's `app` parameter; forms with a named caveat): tried once, as an iteration of their own, and kept only
    // if a test passes that did not.
    if (!changes.length && !trialTried) {
      trialTried = true;
      const files = unique(openFindings.filter((f) => f.fixable && !f.fixed && f.confidence === 'low' && !excluded.has(f.file) && !SIDE_FILE.test(f.file)).map((f) => f.file));
      if (files.length) {
        const tried = await runPack(pack, { cwd, fix: true, assumeHandlers: true, files: files.map((f) => path.join(cwd, f)) });
        const change = fixChange(tried, `tried the low-confidence rewrites (receivers only named like ${framework} objects, or forms with a named caveat), to keep only if a failing test then passes`);
        if (change) {
          record(change);
          trial = true;
        }
      }
    }
    // Rewrites first; the shim only once they have nothing more to offer. It goes where apps are composed, not into
    // tests or examples, unless a failure shows the failing app is built there. A library's tests must keep testing
    // the library, so its apps get it only where every failure it covers is thrown by the tests' own server code
    // (a handler a test wrote, not the library's), and then only in the tests.
    const failures = lastDiagnosis.versions.flatMap((v) => v.failures);
    const covered = new Set(pack.shim?.features);
    const shimFailures = failures.filter((f) => f.site && f.ruleId && covered.has(f.ruleId));
    const scaffolding = shimFailures.length > 0 && shimFailures.every((f) => SIDE_FILE.test(f.site!.file));
    if ((!library || scaffolding) && !changes.length) {
      const failing = new Set(failures.flatMap((f) => (f.site ? [f.site.file] : [])));
      // a failure the shim covers, thrown in project code a dependency called back into: the side file (a test
      // helper) that imports that code is where its app is built
      const shimSites = new Set(shimFailures.map((f) => f.site!.file));
      const sideFiles = accepted.files.filter((file) => SIDE_FILE.test(file) && !failing.has(file) && !excluded.has(file) && !wiredBuilders.has(file));
      const builders = filesReaching(cwd, sideFiles, shimSites);
      const skip = (file: string) =>
        excluded.has(file) || (library && !SIDE_FILE.test(file)) || (SIDE_FILE.test(file) && !failing.has(file) && !builders.includes(file));
      // a library's tests get only the features their own failures need, never one for a finding
      const features = library ? new Set(shimFailures.map((f) => f.ruleId!)) : pending.shimFeatures;
      const open = library ? [] : openFindings;
      const change = await wireShimWhereNeeded(pack, cwd, open, features, wired, skip);
      record(change ?? (await wireBuilders(builders, features)));
      builders.forEach((file) => wiredBuilders.add(file));
    }
    if (changes.length) {
      const touched = (await snapshot.changed()).filter((file) => !excluded.has(file));
      const tools = await formatChanged(cwd, touched.filter((f) => !vendored.includes(f)), touched.filter((f) => vendored.includes(f)));
      if (tools.length) record({ what: `formatted the changed files with the project's own ${tools.join(', ')}`, files: touched });
    }
    return changes;
  }

  /**
   * Bisects `changed` (already put back) for halves that make nothing worse, within NARROWING_RUNS extra runs. The
   * vendored shim goes with whichever half imports it: present while halves are tried, kept only if a kept file
   * still imports it.
   */
  async function narrow(changed: string[], after: Contents, snapshot: Snapshot, index: number): Promise<{ files: string[]; tested: Tested | null }> {
    const kept: string[] = [];
    let best: Tested | null = null;
    let budget = NARROWING_RUNS;
    const shimFiles = changed.filter((file) => vendored.includes(file));
    if (shimFiles.length) write(cwd, new Map(shimFiles.map((file) => [file, after.get(file) ?? null])));
    const queue = [changed.filter((file) => !vendored.includes(file))];
    while (queue.length && budget > 0) {
      const group = queue.shift()!;
      if (group.length < 2) continue;
      const middle = Math.ceil(group.length / 2);
      for (const half of [group.slice(0, middle), group.slice(middle)]) {
        if (budget-- <= 0) break;
        write(cwd, new Map(half.map((file) => [file, after.get(file) ?? null])));
        const tried = await test(index);
        if (regressions((best ?? accepted).matrix.results, tried.matrix.results).length) {
          snapshot.restore(half);
          queue.push(half);
        } else {
          kept.push(...half);
          best = tried;
        }
      }
    }
    if (shimFiles.length) {
      const imported = kept.some((file) => after.get(file)?.toString('utf8').includes(`${pack.shim!.vendorDir}/index.js`));
      if (imported) kept.push(...shimFiles);
      else snapshot.restore(shimFiles);
    }
    return { files: kept, tested: best };
  }
}

/**
 * Wires the shim, once rewrites have nothing more to offer and the new major still fails, for the features failing
 * tests proved needed and the open findings it covers, in `warn` mode: the old behaviour keeps tests passing while
 * the code waits for a rewrite, and each warning names its call site (the evidence for the next iteration). The
 * ratchet takes it out again if it makes anything worse, and the loop's end if it made nothing better.
 */
async function wireShimWhereNeeded(
  pack: Pack<any>,
  cwd: string,
  openFindings: readonly Finding[],
  requested: ReadonlySet<string>,
  wired: Set<string>,
  skip: (file: string) => boolean,
): Promise<Change | undefined> {
  if (!pack.shim) return undefined;
  const covered = new Set(pack.shim.features);
  const open = openFindings.filter((f) => !f.fixed && !f.note && covered.has(f.ruleId));
  const features = unique([...requested, ...open.map((f) => f.ruleId)]).filter((f) => !wired.has(f));
  if (!features.length) return undefined;
  features.forEach((f) => wired.add(f));
  const files = (await wireShim(pack, cwd, features, skip)).map((e) => e.file);
  if (!files.length) return undefined;
  return {
    what: `wired the runtime shim (${pack.shim.vendorDir}/, written into the project: nothing installed) with ${features.join(', ')} in warn mode, for ${open.length} open findings it covers at run time: its warnings name the sites the next iteration rewrites`,
    files: [...files, ...vendorPaths(pack)],
  };
}

/**
 * A library publishes code that runs inside other people's apps: it is not private, names what it publishes, and
 * has the framework only as a peer or dev dependency.
 */
export function isLibrary(cwd: string, packageName: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as Record<string, any>;
    const publishes = !pkg.private && ['main', 'exports', 'module', 'files', 'bin'].some((field) => pkg[field] !== undefined);
    return publishes && !pkg.dependencies?.[packageName];
  } catch {
    return false;
  }
}

function commitMessage(pack: Pack<any>, index: number, changes: Change[], reverted: Reverted | null): string {
  const body = changes.map((c) => `- ${c.what} (${c.files.length} files)`).join('\n');
  const back = reverted ? `\n\nPut back (a test that passed before failed with them): ${reverted.files.join(', ')}\n${reverted.because.map((b) => `- ${b}`).join('\n')}` : '';
  return `straddle upgrade ${pack.id}: iteration ${index}\n\n${body}${back}\n`;
}
