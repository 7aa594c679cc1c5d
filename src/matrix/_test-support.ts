/**
 * @module matrix/_test-support
 * Shared by the tests: temp folders removed after each test, a fingerprint of a directory tree to prove a run left
 * it byte for byte as it was, and an installed checkout of a fixture project. Nothing here knows a framework: helpers
 * that need one sit with that pack's tests, under test/<pack>/.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** One cache for the matrix tests that do not test the cache itself: installs happen once per machine (test/global-setup.ts). */
export const SHARED_TEST_CACHE = path.join(process.env.STRADDLE_SHARED_TMP ?? os.tmpdir(), 'straddle-test-cache');

/** A fresh folder under the system temp folder, removed when the current test finishes. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (path relative to `dir` → text) under `dir`, making folders as needed. */
export async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

/** npm's registry unreachable until the current test finishes: only what is cached already can be had. */
export function withDeadRegistry(): void {
  const saved = process.env.npm_config_registry;
  process.env.npm_config_registry = 'http://127.0.0.1:9/';
  onTestFinished(() => {
    if (saved === undefined) delete process.env.npm_config_registry;
    else process.env.npm_config_registry = saved;
  });
}

/** Every path under `dir` with its type and content hash (or link target); symlinks are not followed. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const key = path.relative(dir, full);
      if (entry.isSymbolicLink()) result[key] = `link:${await readlink(full)}`;
      else if (entry.isDirectory()) {
        result[key] = 'dir';
        await walk(full);
      } else result[key] = `file:${createHash('sha256').update(await readFile(full)).digest('hex')}`;
    }
  };
  await walk(dir);
  return result;
}

/**
 * A committed copy of a fixture project with its dependencies installed, as a user's checkout would be: with npm, or
 * with the pnpm version its package.json pins, from its committed lockfile.
 */
export async function checkout(from: string, manager: 'npm' | 'pnpm' = 'npm'): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'straddle-upgrade-')), path.basename(from));
  await cp(from, dir, { recursive: true });
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: 'pipe' });
  if (manager === 'pnpm') {
    const { packageManager } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { packageManager: string };
    run('npx', ['--yes', packageManager, 'install', '--frozen-lockfile']);
  } else run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
  run('git', ['init', '-q']);
  run('git', ['add', '-A']);
  run('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=test', 'commit', '-qm', 'app as it was']);
  return dir;
}
