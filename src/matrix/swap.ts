/**
 * @module matrix/swap
 * Puts one version of a package into a private copy of a project, in place of the project's own, the way npm nests
 * a conflicting version: a real folder at the site, and under its own node_modules each dependency (transitively)
 * that the project's tree cannot satisfy from there. A dependency the project already has in a satisfying version
 * is shared, as npm would share it: a second `@types/node` would give TypeScript duplicate declarations, and a second
 * copy of a singleton would split its state. Everything is copied from the version cache, never linked, so nothing
 * the tests write reaches the cache.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * Replaces `site` (`…/node_modules/<name>`, inside `root`) with the package installed under `cacheModules` (a
 * node_modules folder holding it and its dependencies), nesting what the copy cannot resolve.
 */
export async function swapPackage(root: string, site: string, cacheModules: string, packageName: string): Promise<void> {
  await rm(site, { recursive: true, force: true });
  await copyPackage(path.join(cacheModules, ...packageName.split('/')), site);
  // Each queued package: where it now lives in the copy, and where it came from in the cache (to resolve its deps).
  const queue = [{ at: site, from: path.join(cacheModules, ...packageName.split('/')) }];
  while (queue.length) {
    const { at, from } = queue.shift()!;
    const manifest = await readManifest(at);
    const wanted = { ...manifest?.dependencies, ...manifest?.optionalDependencies };
    for (const [name, range] of Object.entries(wanted)) {
      if (await resolvesSatisfying(at, root, name, range)) continue;
      const source = await resolveFrom(from, cacheModules, name);
      if (!source) continue; // an optional dependency the cache install skipped
      // as high as it can go without shadowing a different version already nested under the site
      const high = path.join(site, 'node_modules', ...name.split('/'));
      const target = (await readManifest(high)) ? path.join(at, 'node_modules', ...name.split('/')) : high;
      await copyPackage(source, target);
      queue.push({ at: target, from: source });
    }
  }
}

async function copyPackage(from: string, to: string): Promise<void> {
  // its own nested node_modules are placed by the walk, and .bin links would point into the cache
  await cp(from, to, {
    recursive: true,
    dereference: true,
    filter: (source) => !source.slice(from.length).split(path.sep).includes('node_modules'),
  });
}

async function readManifest(dir: string): Promise<Manifest | null> {
  return readFile(path.join(dir, 'package.json'), 'utf8').then((text) => JSON.parse(text) as Manifest, () => null);
}

/** Node's lookup from `dir` upwards, stopping at `root`: does it find `name` in a version that satisfies `range`? */
async function resolvesSatisfying(dir: string, root: string, name: string, range: string): Promise<boolean> {
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = await readManifest(path.join(current, 'node_modules', ...name.split('/')));
    if (manifest) return semver.validRange(range) === null || semver.satisfies(manifest.version, range, { includePrerelease: true });
    if (current === root || path.dirname(current) === current) return false;
  }
}

/** Where Node, started at `from` inside the cache install, would find `name`. */
async function resolveFrom(from: string, cacheModules: string, name: string): Promise<string | null> {
  const top = path.dirname(cacheModules);
  for (let current = from; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', ...name.split('/'));
    if (await readManifest(candidate)) return candidate;
    if (current === top || path.dirname(current) === current) return null;
  }
}
