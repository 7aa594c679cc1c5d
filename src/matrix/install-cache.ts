/**
 * @module matrix/install-cache
 * Installs one exact version of a package into the cache, once. The install happens in a staging folder that is
 * renamed into place only when complete, so an interrupted install leaves no half-installed version behind and two
 * runs installing the same version at once cannot see each other's partial tree. npm installs from the project's
 * registry (registry-config): its settings are in the staging folder while npm runs, and gone before the rename.
 */
import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { installedPackageDir, packageCacheDir, versionCacheDir } from './cache-dir.ts';
import { addMarker } from './proof.ts';
import { NPM_FAIL_FAST } from './npm-flags.ts';
import { removeNpmrc, writeNpmrc } from './registry-config.ts';
import { runCapture } from './run-command.ts';

const COMPLETE = '.straddle-complete';

export interface CachedInstall {
  /** The install prefix: its node_modules holds the package and its dependencies. */
  prefix: string;
  /** The package folder itself. */
  packageDir: string;
  fromCache: boolean;
}

export async function ensureInstalled(
  cacheDir: string,
  packageName: string,
  version: string,
  /** `npmrc`: the project's registry settings (registryNpmrc). */
  options: { signal?: AbortSignal; marker: boolean; npmrc?: string },
): Promise<CachedInstall> {
  const prefix = versionCacheDir(cacheDir, packageName, version);
  const packageDir = installedPackageDir(prefix, packageName);
  if (await exists(path.join(prefix, COMPLETE))) return { prefix, packageDir, fromCache: true };

  const parent = packageCacheDir(cacheDir, packageName);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.staging-${version}-`));
  try {
    await writeFile(path.join(staging, 'package.json'), '{ "private": true }\n');
    await writeNpmrc(staging, options.npmrc ?? '');
    const { exitCode, output } = await runCapture(
      ['npm', 'install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts',
        '--prefer-offline', ...NPM_FAIL_FAST, `${packageName}@${version}`],
      { cwd: staging, env: npmEnv(), signal: options.signal },
    );
    await removeNpmrc(staging);
    if (exitCode !== 0) throw new Error(`npm install ${packageName}@${version} failed (exit ${exitCode}):\n${output.trim()}`);
    if (options.marker) await addMarker(installedPackageDir(staging, packageName));
    await writeFile(path.join(staging, COMPLETE), `${version}\n`);
    try {
      await rename(staging, prefix);
    } catch (error) {
      // Another run finished the same install first: theirs is as good as ours.
      if (!(await exists(path.join(prefix, COMPLETE)))) throw error;
    }
    return { prefix, packageDir, fromCache: false };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

// npm run-script exports npm_config_* of the outer project (prefix, global, ...); the cache install must not inherit them.
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_config_(prefix|global|save|package_lock|workspaces?|include_workspace_root)/i.test(key)),
  );
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
