/**
 * @module matrix/run-matrix
 * Runs a project's test command once per requested version, in parallel, each in an isolated copy whose
 * node_modules points the package at a cached install. The project itself is only read.
 */
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { defaultCacheDir } from './cache-dir.ts';
import { parseCounts } from './counts.ts';
import { ensureInstalled, type CachedInstall } from './install-cache.ts';
import { createProofFile, ensurePreload, judgeProof, PACKAGE_ENV, PROOF_ENV, withPreload } from './proof.ts';
import { loadMetadata, pickVersion, type PackageMetadata } from './resolve-version.ts';
import { claimRunDir, releaseRunDir, runRoot } from './run-dir.ts';
import { abortError, runCapture } from './run-command.ts';
import { findTypecheckTool, runTypecheck } from './typecheck.ts';
import type { MatrixOptions, MatrixReport, TypecheckResult, VersionResult } from './types.ts';
import { createWorkspace, type Swap } from './workspace.ts';

const DEFAULT_COMMAND = ['npm', 'test'];

/** A version that resolved and installed, ready to run; or the reason it cannot run. */
type Plan =
  | { requested: string; version: string; install: CachedInstall; types: CachedInstall | null; typesVersion: string | null }
  | { requested: string; version: string; failure: string };

/** Never prints. Rejects only when aborted (after cleaning up) or when the project cannot be read. */
export async function runMatrix(opts: MatrixOptions): Promise<MatrixReport> {
  const started = performance.now();
  const cwd = path.resolve(opts.cwd);
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const command = opts.command?.length ? opts.command : DEFAULT_COMMAND;
  const { signal } = opts;
  const emit = opts.onProgress ?? (() => {});

  const tsc = opts.typesPackage ? await findTypecheckTool(cwd, opts.typesPackage) : null;
  const plans = await planVersions(opts, cacheDir, tsc !== null);
  const preload = await ensurePreload(cacheDir);
  const root = runRoot(cwd);
  const results = await mapConcurrently(plans, opts.concurrency ?? os.availableParallelism(), async (plan) => {
    if ('failure' in plan) return failedResult(plan.requested, plan.version, plan.failure);
    emit({ type: 'start', requested: plan.requested, version: plan.version });
    const runDir = await claimRunDir(root, `${opts.packageName.replace('/', '+')}@${plan.version}`);
    const result = await runOneVersion(plan, runDir)
      .catch((error: Error) => {
        if (signal?.aborted) throw abortError(signal);
        return failedResult(plan.requested, plan.version, `Could not run \`${command.join(' ')}\`: ${error.message}`);
      })
      .finally(() => releaseRunDir(root, runDir));
    emit({ type: 'done', result });
    return result;
  });
  return {
    packageName: opts.packageName,
    cwd,
    command,
    ok: results.every((result) => result.ok),
    durationMs: Math.round(performance.now() - started),
    results,
  };

  async function runOneVersion(plan: Extract<Plan, { install: CachedInstall }>, runDir: string): Promise<VersionResult> {
    const workspace = path.join(runDir, 'project');
    const proofFile = path.join(runDir, 'proof.jsonl');
    const swaps: Swap[] = [{ packageName: opts.packageName, target: plan.install.packageDir }];
    if (plan.types && opts.typesPackage) swaps.push({ packageName: opts.typesPackage, target: plan.types.packageDir });
    await createWorkspace(cwd, workspace, swaps);
    await createProofFile(proofFile);
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
    });
    const proof = await judgeProof(proofFile, { packageName: opts.packageName, version: plan.version, dir: plan.install.packageDir });
    let typecheck: TypecheckResult | null = null;
    if (tsc && plan.typesVersion) {
      emit({ type: 'typecheck', requested: plan.requested, typesVersion: plan.typesVersion });
      typecheck = await runTypecheck(tsc, workspace, plan.typesVersion, signal);
    }
    return {
      requested: plan.requested,
      resolved: plan.version,
      loaded: proof.loaded,
      loadedAll: proof.loadedAll,
      ok: run.exitCode === 0 && proof.failure === null && (typecheck?.ok ?? true),
      exitCode: run.exitCode,
      counts: parseCounts(run.output),
      durationMs: run.durationMs,
      output: run.output,
      failure: proof.failure,
      typecheck,
    };
  }
}

/** Resolves every requested version and installs what is missing from the cache. */
async function planVersions(opts: MatrixOptions, cacheDir: string, typecheck: boolean): Promise<Plan[]> {
  const emit = opts.onProgress ?? (() => {});
  const { signal } = opts;
  const metadata = await loadOrFailure(opts.packageName);
  const typesMetadata = typecheck && opts.typesPackage ? await loadOrFailure(opts.typesPackage) : null;

  return mapConcurrently(opts.versions, opts.concurrency ?? os.availableParallelism(), async (requested): Promise<Plan> => {
    if (typeof metadata === 'string') return { requested, version: '', failure: metadata };
    const version = pickVersion(metadata, requested);
    if (!version) return { requested, version: '', failure: `No published version of ${opts.packageName} matches '${requested}'.` };
    emit({ type: 'resolved', requested, version });
    try {
      const install = await installOne(opts.packageName, version, true);
      const typesVersion = typesMetadata && typeof typesMetadata !== 'string'
        ? pickVersion(typesMetadata, String(semver.major(version)))
        : null;
      const types = typesVersion && opts.typesPackage ? await installOne(opts.typesPackage, typesVersion, false) : null;
      return { requested, version, install, types, typesVersion };
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      return { requested, version, failure: (error as Error).message };
    }
  });

  async function loadOrFailure(packageName: string): Promise<PackageMetadata | string> {
    try {
      const { metadata, source } = await loadMetadata(cacheDir, packageName, signal);
      emit({ type: 'metadata', packageName, source });
      return metadata;
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      return `Could not list the versions of ${packageName}: ${(error as Error).message}`;
    }
  }

  async function installOne(packageName: string, version: string, marker: boolean): Promise<CachedInstall> {
    const install = await ensureInstalled(cacheDir, packageName, version, { signal, marker });
    emit({ type: 'install', packageName, version, fromCache: install.fromCache });
    return install;
  }
}

function failedResult(requested: string, resolved: string, failure: string): VersionResult {
  return {
    requested, resolved, loaded: null, loadedAll: [], ok: false, exitCode: -1, counts: null,
    durationMs: 0, output: '', failure, typecheck: null,
  };
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
        results[index] = await fn(items[index], index);
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
