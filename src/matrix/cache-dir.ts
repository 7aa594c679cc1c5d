/**
 * @module matrix/cache-dir
 * Where installed versions live: `<cacheDir>/packages/<name>/<version>/node_modules/<name>`, shared by every
 * project of the user, so each version is installed once per machine.
 */
import os from 'node:os';
import path from 'node:path';

/** $XDG_CACHE_HOME/straddle, else ~/.cache/straddle. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'straddle');
}

/** One folder per package; a scoped name keeps its scope as a folder ('@types/node' → '@types/node'). */
export function packageCacheDir(cacheDir: string, packageName: string): string {
  return path.join(cacheDir, 'packages', ...packageName.split('/'));
}

/** The install prefix of one version: its `node_modules` holds the package and all its dependencies. */
export function versionCacheDir(cacheDir: string, packageName: string, version: string): string {
  return path.join(packageCacheDir(cacheDir, packageName), version);
}

/** The package folder inside an install prefix. */
export function installedPackageDir(prefix: string, packageName: string): string {
  return path.join(prefix, 'node_modules', ...packageName.split('/'));
}
