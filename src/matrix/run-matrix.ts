/**
 * @module matrix/run-matrix
 * Runs a project's test command once per requested version, each in a private copy of the project (see
 * workspace.ts). A version the project already has installed (the one its lockfile pins) runs as installed, with
 * its own types; any other is swapped in from the version cache, with the same major of the types package where the
 * project uses one, and the companions that major needs (plugins that serve one major only) where the project has
 * them in a version that does not serve it. Versions run one after the other unless asked otherwise. The project
 * itself is only read. The default command is the project's own `test` script, run by its own package manager; the
 * cache asks the project's registry; a Plug'n'Play project, with no node_modules to swap into, is refused before any
 * copy.
 */
import { readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { detectPackageManager, testCommand } from '../project/package-manager.ts';
import { defaultCacheDir } from './cache-dir.ts';
import { chooseCounts } from './counts.ts';
import { inProcessCounts } from './count-in-process.ts';
import { withSourcePositions } from './source-positions.ts';
import { ensureInstalled, type CachedInstall } from './install-cache.ts';
import { refusePlugAndPlay } from './plug-and-play.ts';
import { addMarker, createProofFile, ensurePreload, judgeProof, PACKAGE_ENV, PROOF_ENV, readProofFile, withPreload } from './proof.ts';
import { registryNpmrc } from './registry-config.ts';
import { loadMetadata, pickVersion, type PackageMetadata } from './resolve-version.ts';
import { LiveCount } from './live-count.ts';
import { abortError, runCapture } from './run-command.ts';
import { lastTiming, saveTiming } from './timings.ts';
import { swapPackage } from './swap.ts';
import type { LoadedPackage, MatrixOptions, MatrixReport, SwappedCompanion, VersionResult } from './types.ts';
import type { CopyPool } from './copy-pool.ts';
import { createWorkspace, findSites, makeCopy, type PrivateCopy } from './workspace.ts';

/** What a suite prints when a server cannot bind its fixed port because the other version's suite holds it. */
const PORT_COLLISION = /EADDRINUSE/;

interface Installed {
  install: CachedInstall;
  version: string;
}

/** A companion to swap in beside a version: where the project resolves it, and the version it has there. */
interface Companion extends Installed {
  name: string;
  sites: string[];
  replaced: string;
}

/** A version ready to run (swapped in from the cache, or the project's own), or the reason it cannot run. */
type Plan =
  | { requested: string; version: string; swap: { main: Installed; types: Installed | null; companions: Companion[] } | null }
  | { requested: string; version: string; failure: string };

/** Never prints. Rejects only when aborted (after cleaning up), when the project cannot be read, or on Plug'n'Play (E_PNP). */
export async function runMatrix(opts: MatrixOptions): Promise<MatrixReport> {
  const started = performance.now();
  const cwd = path.resolve(opts.cwd);
  refusePlugAndPlay(cwd);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const command = opts.command?.length ? opts.command : testCommand(detectPackageManager(cwd));
  const { signal } = opts;
  const emit = opts.onProgress ?? (() => {});
  const concurrency = opts.concurrency ?? 1;

  // where the project resolves the package (and its types), relative: found once, the same in every copy
  const sites = await relativeSites(cwd, opts.packageName, opts.versions);
  const typesSites = opts.typesPackage ? await relativeSites(cwd, opts.typesPackage) : [];
  const plans = await planVersions(opts, cwd, cacheDir, sites, typesSites.length > 0);
  const where: Sites = { packageName: opts.packageName, typesPackage: opts.typesPackage, sites, typesSites };
  const preload = await ensurePreload(cacheDir);
  const runPlan = async (plan: Plan): Promise<VersionResult> => {
    if ('failure' in plan) return failedResult(plan.requested, plan.version, plan.failure);
    const expected = lastTiming(cacheDir, cwd, command, plan.version);
    emit({ type: 'start', requested: plan.requested, version: plan.version, ...(expected && { expected }) });
    const live = new LiveCount();
    const began = performance.now();
    const ticker = setInterval(() => emit({ type: 'running', requested: plan.requested, version: plan.version, elapsedMs: Math.round(performance.now() - began), tests: live.tests, ...(expected && { expected }) }), 1000);
    let setupMs: number | undefined;
    const result = await runOneVersion(plan, live, (ms) => (setupMs = ms))
      .catch((error: Error) => {
        if (signal?.aborted) throw abortError(signal);
        return failedResult(plan.requested, plan.version, `Could not run \`${command.join(' ')}\`: ${error.message}`);
      })
      .finally(() => clearInterval(ticker));
    if (result.exitCode !== -1) saveTiming(cacheDir, cwd, command, plan.version, { durationMs: result.durationMs, tests: result.counts && result.counts.passed + result.counts.failed + result.counts.skipped });
    emit({ type: 'done', result, ...(setupMs !== undefined && { setupMs }) });
    return result;
  };
  const runAsked = async (plan: Plan): Promise<VersionResult> =>
    !opts.only || opts.only.includes(plan.requested) ? runPlan(plan) : { ...failedResult(plan.requested, plan.version, 'not run: not asked for'), notRun: true };
  const results = opts.decideEarly ? await untilDecided(plans, runAsked, opts.decideEarly, opts.decideFirst) : await mapConcurrently(plans, concurrency, runAsked);
  if (concurrency > 1 && !opts.decideEarly) {
    // the verdict must not depend on running together: a collision means the suite needs the machine alone
    for (const [index, result] of results.entries()) {
      if (!PORT_COLLISION.test(result.output)) continue;
      results[index] = { ...(await runPlan(plans[index]!)), rerunAlone: true };
    }
  }
  return {
    packageName: opts.packageName,
    cwd,
    command,
    ok: results.every((result) => result.ok),
    durationMs: Math.round(performance.now() - started),
    results,
    failingOnAll: failingOnAll(results),
  };

  async function runOneVersion(plan: Extract<Plan, { swap: unknown }>, live: LiveCount, setUp: (ms: number) => void): Promise<VersionResult> {
    const began = performance.now();
    const copy = await takeCopy({ cwd, plan, where, copies: opts.copies, key: planKey(plan), prefix: 'straddle-run-' });
    let usable = false;
    try {
      const result = await runInCopy(plan, copy, live, () => setUp(Math.round(performance.now() - began)));
      usable = true;
      return result;
    } finally {
      await copy.release(usable);
    }
  }

  async function runInCopy(plan: Extract<Plan, { swap: unknown }>, { runDir, workspace, placed: expectedDirs }: Copy, live: LiveCount, setUp: () => void): Promise<VersionResult> {
    const proofFile = path.join(runDir, 'proof.jsonl');
    await createProofFile(proofFile);
    setUp();
    const run = await runCapture(command, {
      cwd: workspace,
      signal,
      env: {
        ...process.env,
        ...opts.env,
        NODE_OPTIONS: withPreload(opts.env?.NODE_OPTIONS ?? process.env.NODE_OPTIONS, preload),
        [PROOF_ENV]: proofFile,
        [PACKAGE_ENV]: opts.packageName,
      },
      onOutput: (chunk) => live.add(chunk),
    });
    const written = await readProofFile(proofFile);
    const proof = await judgeProof(written, { packageName: opts.packageName, version: plan.version, dirs: expectedDirs });
    // compiled frames get their source positions while the copy that ran still exists
    const output = withSourcePositions(run.output, workspace);
    const inProcess = inProcessCounts(written);
    const counted = chooseCounts(output, inProcess && { ...inProcess, output: withSourcePositions(inProcess.output, workspace) });
    return {
      requested: plan.requested,
      resolved: plan.version,
      source: plan.swap ? 'swapped' : 'project',
      ...(plan.swap?.companions.length && { companions: plan.swap.companions.map(({ name, version, replaced }): SwappedCompanion => ({ name, version, replaced })) }),
      // the copy is gone when anyone reads them: where inside it, not a temporary folder's name
      loaded: proof.loaded && inCopy(proof.loaded, workspace),
      loadedAll: proof.loadedAll.map((loaded) => inCopy(loaded, workspace)),
      ok: run.exitCode === 0 && proof.failure === null,
      exitCode: run.exitCode,
      ...counted,
      durationMs: run.durationMs,
      output,
      failure: proof.failure,
      note: proof.note,
    };
  }
}

/** A version's private copy for one run, and what to do with it when the run is over. */
interface Copy extends PrivateCopy {
  release(usable: boolean): Promise<void>;
}

/**
 * The private copy a version runs in, the project with the plan's version placed: the pool's copy for `key`,
 * refreshed (kept when released as usable), else a new one named `prefix…`, removed when released.
 */
async function takeCopy({ cwd, plan, where, copies, key, prefix }: { cwd: string; plan: Extract<Plan, { swap: unknown }>; where: Sites; copies?: CopyPool; key: string; prefix: string }): Promise<Copy> {
  const make = async (workspace: string) => {
    await createWorkspace(cwd, workspace);
    return placeVersion(workspace, plan, where);
  };
  if (copies) {
    const pooled = await copies.take(cwd, key, make);
    return { ...pooled, release: async (usable) => copies.release(pooled, usable) };
  }
  const made = await makeCopy(prefix, make);
  return { ...made, release: () => rm(made.runDir, { recursive: true, force: true }) };
}

/** What a pooled copy holds besides the project: a copy is reused only for the same version with the same swaps. */
function planKey(plan: Extract<Plan, { swap: unknown }>): string {
  const swapped = plan.swap && [plan.swap.types?.version, plan.swap.companions.map((c) => `${c.name}@${c.version}`)];
  return JSON.stringify([plan.version, swapped]);
}

/** Where the project resolves the package and its types, relative to the project: the same in every copy. */
interface Sites {
  packageName: string;
  typesPackage?: string;
  sites: string[];
  typesSites: string[];
}

/** Swaps the version in where the project's own packages resolve it; returns the package's folders in the copy. */
async function placeVersion(workspace: string, plan: Extract<Plan, { swap: unknown }>, { packageName, typesPackage, sites, typesSites }: Sites): Promise<string[]> {
  const inCopy = (relative: string[]) => relative.map((site) => path.join(workspace, site));
  if (!plan.swap) {
    // workspace packages of a pnpm project link the same store folder: mark each folder once
    const dirs = [...new Set(await Promise.all(inCopy(sites).map((site) => realpath(site))))];
    // the marker makes runners with their own module registry (jest) witness the load; only inside the copy
    await Promise.all(dirs.filter((dir) => dir.startsWith(workspace + path.sep)).map((dir) => addMarker(dir)));
    return dirs;
  }
  const swapAt = async (name: string, installed: Installed, places: string[]) => {
    for (const site of places) await swapPackage(workspace, site, path.join(installed.install.prefix, 'node_modules'), name);
  };
  const mainSites = inCopy(sites.length ? sites : [path.join('node_modules', ...packageName.split('/'))]);
  await swapAt(packageName, plan.swap.main, mainSites);
  if (plan.swap.types && typesPackage) await swapAt(typesPackage, plan.swap.types, inCopy(typesSites));
  for (const companion of plan.swap.companions) await swapAt(companion.name, companion, inCopy(companion.sites));
  return mainSites;
}

/** A private copy of the project with one version in place (what `replay` starts an app in). */
export interface VersionCopy {
  requested: string;
  version: string;
  /** The copy's project folder. */
  dir: string;
  dispose(): Promise<void>;
}

/**
 * One private copy per requested version (a version may be asked for twice), each made as the matrix makes them;
 * or why a version cannot be had. The project itself is only read. With `copies` (the upgrade loop's pool) each
 * copy is the pool's, refreshed, and kept when disposed: the matrix's copy of that version, and one more of its own
 * for each time the version is asked for again.
 */
export async function prepareCopies(opts: Omit<MatrixOptions, 'command' | 'env' | 'concurrency'>): Promise<Array<VersionCopy | { requested: string; version: string; failure: string }>> {
  const cwd = path.resolve(opts.cwd);
  refusePlugAndPlay(cwd);
  const sites = await relativeSites(cwd, opts.packageName, opts.versions);
  const typesSites = opts.typesPackage ? await relativeSites(cwd, opts.typesPackage) : [];
  const plans = await planVersions(opts, cwd, opts.cacheDir ?? defaultCacheDir(), sites, typesSites.length > 0);
  const where: Sites = { packageName: opts.packageName, typesPackage: opts.typesPackage, sites, typesSites };
  const asked = new Map<string, number>();
  return Promise.all(
    plans.map(async (plan) => {
      if ('failure' in plan) return plan;
      const key = planKey(plan);
      const times = asked.get(key) ?? 0;
      asked.set(key, times + 1);
      try {
        const copy = await takeCopy({ cwd, plan, where, copies: opts.copies, key: times ? `${key}#${times}` : key, prefix: 'straddle-replay-' });
        return { requested: plan.requested, version: plan.version, dir: copy.workspace, dispose: () => copy.release(true) };
      } catch (error) {
        return { requested: plan.requested, version: plan.version, failure: `Could not make a copy with ${opts.packageName} ${plan.version}: ${(error as Error).message}` };
      }
    }),
  );
}

/** Resolves every requested version: the project's own installed one when it satisfies the request, else a cached install. */
async function planVersions(opts: MatrixOptions, cwd: string, cacheDir: string, sites: string[], usesTypes: boolean): Promise<Plan[]> {
  const emit = opts.onProgress ?? (() => {});
  const { signal } = opts;
  const own = await installedVersion(cwd, opts.packageName, sites);
  const npmrc = registryNpmrc(cwd);
  let metadata: Promise<PackageMetadata | string> | undefined;
  let typesMetadata: Promise<PackageMetadata | string> | undefined;

  const plans: Plan[] = [];
  for (const requested of opts.versions) {
    if (own && semver.validRange(requested) && semver.satisfies(own, requested)) {
      emit({ type: 'resolved', requested, version: own });
      plans.push({ requested, version: own, swap: null });
      continue;
    }
    metadata ??= loadOrFailure(opts.packageName);
    const versions = await metadata;
    if (typeof versions === 'string') {
      plans.push({ requested, version: '', failure: versions });
      continue;
    }
    const version = pickVersion(versions, requested);
    if (!version) {
      plans.push({ requested, version: '', failure: `No published version of ${opts.packageName} matches '${requested}'.` });
      continue;
    }
    emit({ type: 'resolved', requested, version });
    try {
      const main = { install: await installOne(opts.packageName, version, true), version };
      let types: Installed | null = null;
      if (usesTypes && opts.typesPackage) {
        typesMetadata ??= loadOrFailure(opts.typesPackage);
        const typesVersions = await typesMetadata;
        const typesVersion = typeof typesVersions === 'string' ? null : pickVersion(typesVersions, String(semver.major(version)));
        if (typesVersion) types = { install: await installOne(opts.typesPackage, typesVersion, false), version: typesVersion };
      }
      plans.push({ requested, version, swap: { main, types, companions: await planCompanions(semver.major(version)) } });
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      plans.push({ requested, version, failure: (error as Error).message });
    }
  }
  return plans;

  /** The companions `major` needs that the project has (at its root) in a version that does not serve it. */
  async function planCompanions(major: number): Promise<Companion[]> {
    const planned: Companion[] = [];
    for (const [name, range] of Object.entries(opts.companions?.(major) ?? {})) {
      // a pack may name dozens: only those the project installed are looked for further
      const replaced = await installedVersion(cwd, name, [path.join('node_modules', ...name.split('/'))]);
      if (!replaced || semver.satisfies(replaced, range)) continue;
      const versions = await loadOrFailure(name);
      if (typeof versions === 'string') throw new Error(versions);
      const version = pickVersion(versions, range);
      if (!version) throw new Error(`No published version of ${name} matches '${range}', which ${opts.packageName} ${major} needs in place of ${replaced}.`);
      planned.push({ name, sites: await relativeSites(cwd, name), replaced, install: await installOne(name, version, false), version });
    }
    return planned;
  }

  async function loadOrFailure(packageName: string): Promise<PackageMetadata | string> {
    try {
      const { metadata: loaded, source } = await loadMetadata(cacheDir, packageName, { signal, npmrc });
      emit({ type: 'metadata', packageName, source });
      return loaded;
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      return `Could not list the versions of ${packageName}: ${(error as Error).message}`;
    }
  }

  async function installOne(packageName: string, version: string, marker: boolean): Promise<CachedInstall> {
    const install = await ensureInstalled(cacheDir, packageName, version, { signal, marker, npmrc });
    emit({ type: 'install', packageName, version, fromCache: install.fromCache });
    return install;
  }
}

async function relativeSites(cwd: string, packageName: string, versions?: readonly string[]): Promise<string[]> {
  return (await findSites(cwd, packageName, versions)).map((site) => path.relative(cwd, site));
}

/** The version the project has installed (what its lockfile pinned): at its root when there, else its first site. */
async function installedVersion(cwd: string, packageName: string, sites: string[]): Promise<string | null> {
  const root = path.join('node_modules', ...packageName.split('/'));
  const site = sites.includes(root) ? root : sites[0];
  if (!site) return null;
  return readFile(path.join(cwd, site, 'package.json'), 'utf8').then((text) => (JSON.parse(text) as { version?: string }).version ?? null, () => null);
}

/** Tests every version's run names as failed; empty unless at least two versions ran and all named their failures. */
export function failingOnAll(results: readonly VersionResult[]): string[] {
  const lists = results.filter((result) => result.exitCode !== -1).map((result) => result.failedTests);
  if (lists.length < 2 || lists.some((list) => list === null)) return [];
  const [first, ...rest] = lists as string[][];
  return first!.filter((name) => rest.every((list) => list.includes(name)));
}

function failedResult(requested: string, resolved: string, failure: string): VersionResult {
  return {
    requested, resolved, source: 'swapped', loaded: null, loadedAll: [], ok: false, exitCode: -1, counts: null, countedBy: null,
    failedTests: null, durationMs: 0, output: '', failure, note: null,
  };
}

/**
 * The plans one at a time, those named `first` first, then the last first, until a result decides the run; the rest
 * are marked not run.
 */
async function untilDecided(
  plans: Plan[],
  run: (plan: Plan) => Promise<VersionResult>,
  decided: (result: VersionResult, index: number) => boolean,
  first: readonly string[] = [],
): Promise<VersionResult[]> {
  const results: VersionResult[] = new Array(plans.length);
  const lastFirst = plans.map((_, index) => index).reverse();
  const order = [...lastFirst.filter((index) => first.includes(plans[index]!.requested)), ...lastFirst.filter((index) => !first.includes(plans[index]!.requested))];
  let decidedBy: string | undefined;
  for (const index of order) {
    const plan = plans[index]!;
    if (decidedBy) {
      results[index] = { ...failedResult(plan.requested, plan.version, `not run: the result on ${decidedBy} already decided this run`), notRun: true };
      continue;
    }
    results[index] = await run(plan);
    if (decided(results[index]!, index)) decidedBy = plan.requested;
  }
  return results;
}

/** Like Promise.all over a worker pool, but settles only when every started job has, so cleanup never races a job. */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

/** A loaded copy's folder relative to the project copy it ran in (`node_modules/<package>`); elsewhere, as it is. */
function inCopy(loaded: LoadedPackage, workspace: string): LoadedPackage {
  const relative = path.relative(workspace, loaded.path);
  return relative.startsWith('..') || path.isAbsolute(relative) ? loaded : { ...loaded, path: relative.split(path.sep).join('/') };
}
