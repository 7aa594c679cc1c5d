/**
 * @module matrix/workspace
 * The private copy one version runs in. Every path the test process can resolve lies inside it, because real
 * projects broke every scheme that linked back: a package resolves its own requires from its real path (a framework
 * loads the project's view engine), workspace packages and pnpm's `.pnpm` store resolve through real paths, and
 * writes through a link land in the user's tree or the shared cache. So the project is copied whole, node_modules
 * included (git history excepted), with copy-on-write where the file system has it; links that point inside the
 * project are re-pointed into the copy. Swapping a package then replaces it, at every place the project's own packages resolve
 * it, with a real copy from the version cache (see swap.ts).
 */
import { execFile } from 'node:child_process';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';

const run = promisify(execFile);
const SKIPPED = new Set(['.git']);

/** A private copy's folders: `runDir` holds the project's copy (`workspace`) and what a run writes beside it. */
export interface PrivateCopy {
  runDir: string;
  workspace: string;
  /** What `fill` returned: the swapped package's folders in the copy. */
  placed: string[];
}

/**
 * A new folder under the system temp folder, private (0700) and unpredictable because the copy holds the project's
 * sources and secrets, with `fill` making the project's copy in it; removed again when `fill` fails.
 */
export async function makeCopy(prefix: string, fill: (workspace: string) => Promise<string[]>): Promise<PrivateCopy> {
  const runDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const workspace = path.join(runDir, 'project');
  try {
    return { runDir, workspace, placed: await fill(workspace) };
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}

/** Copies `projectDir` into `dir` (which must not exist yet): everything but `.git`, links kept as links. */
export async function createWorkspace(projectDir: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = (await readdir(projectDir)).filter((name) => !SKIPPED.has(name));
  await Promise.all(entries.map((name) => copyEntry(path.join(projectDir, name), path.join(dir, name))));
  await repointLinks(projectDir, dir);
}

/**
 * `cp -a` keeps modes, times (runners' caches compare them) and links, and clones blocks where it can; it is about
 * ten times faster than fs.cp on large node_modules. fs.cp is the fallback where there is no GNU or BSD cp.
 */
export async function copyEntry(from: string, to: string): Promise<void> {
  try {
    await run('cp', ['-a', '--reflink=auto', from, to]);
  } catch {
    try {
      await run('cp', ['-a', from, to]);
    } catch {
      await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    }
  }
}

/** Absolute links into the project would lead a copy back into the user's tree: point them (those under `under`) into the copy. */
export async function repointLinks(projectDir: string, dir: string, under = dir): Promise<void> {
  for (const link of await findLinks(under)) {
    const target = await readlink(link);
    const inCopy = targetInCopy(projectDir, dir, target);
    if (inCopy === target) continue;
    await unlink(link);
    await symlink(inCopy, link);
  }
}

/** A link's target as the copy has it: absolute into the project, it points into the copy instead. */
export function targetInCopy(projectDir: string, dir: string, target: string): string {
  if (!path.isAbsolute(target) || !(target === projectDir || target.startsWith(projectDir + path.sep))) return target;
  return path.join(dir, path.relative(projectDir, target));
}

async function findLinks(dir: string): Promise<string[]> {
  try {
    const { stdout } = await run('find', [dir, '-type', 'l'], { maxBuffer: 256 << 20 });
    return stdout.split('\n').filter(Boolean);
  } catch {
    const links: string[] = [];
    const walk = async (current: string): Promise<void> => {
      for (const entry of await readdir(current, { withFileTypes: true })) {
        const full = path.join(current, entry.name);
        if (entry.isSymbolicLink()) links.push(full);
        else if (entry.isDirectory()) await walk(full);
      }
    };
    await walk(dir);
    return links;
  }
}

/**
 * Where the project's own packages resolve `packageName`: `<package>/node_modules/<name>` of the root and of every
 * workspace package that has one. A nested copy inside a dependency's folder is that dependency's business. A
 * project with no copy under the name itself but with aliases of it (`"kit4": "npm:kit@^4"`, a library testing
 * several majors) resolves it through those aliases: they are its sites then, those whose installed version is one
 * of `versions` (a `kit3` alias beside `kit4` is not the major 4 under test).
 */
export async function findSites(dir: string, packageName: string, versions: readonly string[] = []): Promise<string[]> {
  const named: string[] = [];
  const aliased: string[] = [];
  const walk = async (current: string): Promise<void> => {
    const site = path.join(current, 'node_modules', ...packageName.split('/'));
    if (await exists(site)) named.push(site);
    for (const alias of await aliasesOf(current, packageName)) {
      const aliasSite = path.join(current, 'node_modules', ...alias.split('/'));
      const version = await readFile(path.join(aliasSite, 'package.json'), 'utf8').then((text) => (JSON.parse(text) as { version?: string }).version, () => undefined);
      if (version && versions.some((range) => semver.validRange(range) && semver.satisfies(version, range))) aliased.push(aliasSite);
    }
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    await Promise.all(entries
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      .map((entry) => walk(path.join(current, entry.name))));
  };
  await walk(dir);
  return (named.length ? named : aliased).sort();
}

const exists = (file: string) => lstat(file).then(() => true, () => false);

/** The names under which a package.json in `dir` installs `packageName` as an npm alias. */
async function aliasesOf(dir: string, packageName: string): Promise<string[]> {
  const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => null);
  if (text === null) return [];
  try {
    const manifest = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
    const fields = ['dependencies', 'devDependencies', 'optionalDependencies'].map((field) => manifest[field] ?? {});
    return fields.flatMap((deps) => Object.entries(deps))
      .filter(([, spec]) => typeof spec === 'string' && spec.startsWith(`npm:${packageName}@`))
      .map(([alias]) => alias);
  } catch {
    return [];
  }
}
