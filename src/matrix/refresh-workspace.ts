/**
 * @module matrix/refresh-workspace
 * Brings a private copy made by createWorkspace back to what a fresh copy of the project would be, without copying
 * node_modules again: every file outside the installed packages is compared with the project's (type, size,
 * modification time, mode) and copied again where it differs, and what the project does not have (a test's output,
 * a build, a coverage folder) is removed. Inside a node_modules folder only its dot-entries are compared (.cache,
 * .vite, .vitest: where tools keep what a run wrote); its packages, .bin and .pnpm are trusted as they were placed,
 * because the caller re-makes the copy whenever the install changes (see copy-pool.ts).
 */
import { copyFile, lstat, mkdir, readdir, readlink, rm, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { copyEntry, repointLinks, targetInCopy } from './workspace.ts';

/** What node_modules holds that is the install itself, not what a run wrote. */
const INSTALLED = (name: string) => !name.startsWith('.') || name === '.bin' || name === '.pnpm';

/** The files it copied again and the entries it removed, relative to the copy: what a run had changed, or the project since. */
export interface Refreshed {
  copied: string[];
  removed: string[];
}

/** Makes `dir` (a copy of `projectDir`) hold what `projectDir` holds outside its installed packages. */
export async function refreshWorkspace(projectDir: string, dir: string): Promise<Refreshed> {
  const refreshed: Refreshed = { copied: [], removed: [] };
  await refreshDir(projectDir, dir, { projectDir, dir, refreshed, root: true, modules: false });
  return refreshed;
}

interface Walk {
  projectDir: string;
  dir: string;
  refreshed: Refreshed;
  /** At the copy's root, where createWorkspace skipped .git. */
  root: boolean;
  /** Inside a node_modules folder: only its dot-entries are the run's. */
  modules: boolean;
}

async function refreshDir(from: string, to: string, walk: Walk): Promise<void> {
  const compared = (name: string) => !(walk.root && name === '.git') && !(walk.modules && INSTALLED(name));
  const [source, target] = await Promise.all([readdir(from).then((names) => names.filter(compared)), readdir(to).then((names) => names.filter(compared))]);
  const wanted = new Set(source);
  await Promise.all(target.filter((name) => !wanted.has(name)).map(async (name) => {
    await rm(path.join(to, name), { recursive: true, force: true });
    walk.refreshed.removed.push(path.relative(walk.dir, path.join(to, name)));
  }));
  await Promise.all(source.map((name) => refreshEntry(path.join(from, name), path.join(to, name), { ...walk, root: false, modules: name === 'node_modules' })));
}

async function refreshEntry(from: string, to: string, walk: Walk): Promise<void> {
  const [was, now] = await Promise.all([lstat(from), lstat(to).catch(() => null)]);
  if (was.isDirectory() && now?.isDirectory()) return refreshDir(from, to, walk);
  if (was.isSymbolicLink() && now?.isSymbolicLink() && (await readlink(to)) === (await linkTarget(from, walk))) return;
  if (was.isFile() && now?.isFile() && sameFile(was, now)) return;
  if (now) await rm(to, { recursive: true, force: true });
  walk.refreshed.copied.push(path.relative(walk.dir, to));
  if (was.isFile()) return copyFileAsIs(from, to, was);
  if (was.isSymbolicLink()) return symlink(await linkTarget(from, walk), to);
  // a folder the copy lacks (or has as something else), or a special file: as createWorkspace copies it
  await mkdir(path.dirname(to), { recursive: true });
  await copyEntry(from, to);
  if (was.isDirectory()) await repointLinks(walk.projectDir, walk.dir, to);
}

/** Size, mode and modification time within a millisecond: what a copy keeps of a file (utimes sets it to a fraction of a microsecond). */
function sameFile(was: Stats, now: Stats): boolean {
  return was.size === now.size && was.mode === now.mode && Math.abs(was.mtimeMs - now.mtimeMs) < 1;
}

async function copyFileAsIs(from: string, to: string, was: Stats): Promise<void> {
  await copyFile(from, to);
  // runners' caches compare times: the copy keeps the project's, as `cp -a` does
  await utimes(to, was.atimeMs / 1000, was.mtimeMs / 1000);
}

/** A link's target as the copy has it (see createWorkspace). */
async function linkTarget(link: string, { projectDir, dir }: Walk): Promise<string> {
  return targetInCopy(projectDir, dir, await readlink(link));
}
