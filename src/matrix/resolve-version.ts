/**
 * @module matrix/resolve-version
 * Turns '4', '^4.21' or 'latest' into an exact version. npm answers which versions exist, asking the project's
 * registry (registry-config); `semver` picks. The answer is kept in the cache for a day so that a second run needs no
 * network, and a stale answer is still used when the registry cannot be reached.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import writeFileAtomic from 'write-file-atomic';
import { packageCacheDir } from './cache-dir.ts';
import { NPM_FAIL_FAST } from './npm-flags.ts';
import { writeNpmrc } from './registry-config.ts';
import { runCapture, type RunResult } from './run-command.ts';

const METADATA_TTL_MS = 24 * 60 * 60 * 1000;

export interface PackageMetadata {
  fetchedAt: number;
  versions: string[];
  distTags: Record<string, string>;
}

export type MetadataSource = 'cache' | 'registry' | 'stale-cache';

/**
 * Reads the package's version list from the cache when fresh, else from npm (falling back to a stale cache).
 * `npmrc`: the project's registry settings (registryNpmrc).
 */
export async function loadMetadata(
  cacheDir: string,
  packageName: string,
  options: { signal?: AbortSignal; npmrc?: string } = {},
): Promise<{ metadata: PackageMetadata; source: MetadataSource }> {
  const { signal } = options;
  const file = path.join(packageCacheDir(cacheDir, packageName), 'versions.json');
  const cached = await readFile(file, 'utf8').then((text) => JSON.parse(text) as PackageMetadata, () => null);
  if (cached && Date.now() - cached.fetchedAt < METADATA_TTL_MS) return { metadata: cached, source: 'cache' };
  try {
    const metadata = await fetchMetadata(packageName, options.npmrc ?? '', signal);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(metadata));
    return { metadata, source: 'registry' };
  } catch (error) {
    if (cached && !signal?.aborted) return { metadata: cached, source: 'stale-cache' };
    throw error;
  }
}

/** The highest version matching `requested` (a range, a major, an exact version or a dist-tag), or null. */
export function pickVersion(metadata: PackageMetadata, requested: string): string | null {
  const tagged = metadata.distTags[requested];
  if (tagged) return tagged;
  if (semver.valid(requested)) return metadata.versions.includes(requested) ? requested : null;
  return semver.maxSatisfying(metadata.versions, requested);
}

/** Asked from a folder of its own, where the project's settings are npm's project config and nothing else's is. */
async function fetchMetadata(packageName: string, npmrc: string, signal?: AbortSignal): Promise<PackageMetadata> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'straddle-npm-view-'));
  let run: RunResult;
  try {
    await writeFile(path.join(dir, 'package.json'), '{ "private": true }\n');
    await writeNpmrc(dir, npmrc);
    run = await runCapture(['npm', 'view', packageName, 'versions', 'dist-tags', '--json', ...NPM_FAIL_FAST], { cwd: dir, signal });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { exitCode, stdout, output } = run;
  if (exitCode !== 0) throw new Error(`npm view ${packageName} failed (exit ${exitCode}):\n${output.trim()}`);
  const parsed = JSON.parse(stdout) as { versions: string[] | string; 'dist-tags': Record<string, string> };
  const versions = Array.isArray(parsed.versions) ? parsed.versions : [parsed.versions];
  return { fetchedAt: Date.now(), versions, distTags: parsed['dist-tags'] ?? {} };
}
