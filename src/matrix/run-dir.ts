/**
 * @module matrix/run-dir
 * Where one version's copy of the project lives during a run. The path is the same from run to run (per project
 * and version), because runners key their caches by absolute path: jest's transform cache, for one, would start
 * cold on every run in a fresh random folder. A folder still owned by a live run is never shared: the second run
 * takes a random one instead.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const OWNER = 'owner.pid';

/** `<tmp>/straddle-matrix-<project hash>`: the parent of every run folder of one project. */
export function runRoot(projectDir: string): string {
  const hash = createHash('sha256').update(projectDir).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `straddle-matrix-${hash}`);
}

/** Claims `<root>/<name>` for this process (taking it over from a dead owner), or a fresh random sibling. */
export async function claimRunDir(root: string, name: string): Promise<string> {
  await mkdir(root, { recursive: true });
  const dir = path.join(root, name);
  if (await tryCreate(dir)) return dir;
  const owner = Number(await readFile(path.join(dir, OWNER), 'utf8').catch(() => ''));
  if (owner && !isAlive(owner)) {
    await rm(dir, { recursive: true, force: true });
    if (await tryCreate(dir)) return dir;
  }
  const fallback = await mkdtemp(path.join(root, `${name}-`));
  await writeFile(path.join(fallback, OWNER), String(process.pid));
  return fallback;
}

/** Removes a run folder, then the project's root folder if no other run uses it. */
export async function releaseRunDir(root: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rmdir(root).catch(() => {});
}

async function tryCreate(dir: string): Promise<boolean> {
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  await writeFile(path.join(dir, OWNER), String(process.pid));
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
