/**
 * @module matrix/workspace
 * The isolated copy one version runs in. The project's files are copied (its own node_modules and .git are not);
 * the copy gets a node_modules of its own made of symlinks to the project's packages, except the swapped ones,
 * which point into the cache. Every runner resolves through the file system, so jest's and vite's resolvers follow
 * it as Node does; and since symlinks resolve to their real path, the cached package finds its own dependencies in
 * the cache while everything else keeps the project's.
 */
import { copyFile, mkdir, readdir, readlink, stat, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';

/** Folders never copied: the project's packages (linked instead) and its git history. */
const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * Dot-entries of node_modules that are linked. Others (.vite, .cache, ...) are tool caches that runners write to:
 * linking them would let a run write into the project's node_modules.
 */
const LINKED_DOT_ENTRIES = new Set(['.bin', '.pnpm', '.package-lock.json', '.modules.yaml']);

export interface Swap {
  packageName: string;
  /** The folder the copy's node_modules/<packageName> points to. */
  target: string;
}

/** Copies `projectDir` into `dir` (which must not exist) and builds its node_modules. */
export async function createWorkspace(projectDir: string, dir: string, swaps: Swap[]): Promise<void> {
  await copyTree(projectDir, dir, true);
  await buildNodeModules(path.join(projectDir, 'node_modules'), path.join(dir, 'node_modules'), swaps);
}

async function copyTree(from: string, to: string, isRoot: boolean): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(entries.map(async (entry) => {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.name === 'node_modules') {
      // Nested packages (workspaces, vendored trees) are used in place; only the root one is rebuilt.
      if (!isRoot) await symlink(source, target);
    } else if (SKIPPED.has(entry.name)) {
      return;
    } else if (entry.isSymbolicLink()) {
      await symlink(await readlink(source), target);
    } else if (entry.isDirectory()) {
      await copyTree(source, target, false);
    } else if (entry.isFile()) {
      // Runners check modification times to reuse their caches (jest's haste map): keep them.
      const [{ atime, mtime }] = await Promise.all([stat(source), copyFile(source, target)]);
      await utimes(target, atime, mtime);
    }
  }));
}

async function buildNodeModules(projectModules: string, dir: string, swaps: Swap[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = await readdir(projectModules).catch(() => [] as string[]);
  const scopesWithSwaps = new Set(swaps.map((swap) => scopeOf(swap.packageName)).filter((scope) => scope !== null));
  const swapped = new Set(swaps.map((swap) => swap.packageName));
  await Promise.all(names.map(async (name) => {
    if (name.startsWith('.') && !LINKED_DOT_ENTRIES.has(name)) return;
    if (swapped.has(name)) return;
    if (scopesWithSwaps.has(name)) {
      await mkdir(path.join(dir, name));
      const inner = await readdir(path.join(projectModules, name));
      await Promise.all(inner
        .filter((child) => !swapped.has(`${name}/${child}`))
        .map((child) => symlink(path.join(projectModules, name, child), path.join(dir, name, child))));
      return;
    }
    await symlink(path.join(projectModules, name), path.join(dir, name));
  }));
  for (const swap of swaps) {
    const link = path.join(dir, ...swap.packageName.split('/'));
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(swap.target, link);
  }
}

function scopeOf(packageName: string): string | null {
  return packageName.startsWith('@') ? packageName.split('/')[0] : null;
}
