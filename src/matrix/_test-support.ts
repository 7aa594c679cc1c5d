/**
 * @module matrix/_test-support
 * Shared by the matrix tests: a tiny project wired to the repo's real express 4, and a fingerprint of a directory
 * tree to prove a run left it byte for byte as it was.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** One cache for the matrix tests that do not test the cache itself: installs happen once per machine. */
export const SHARED_TEST_CACHE = path.join(os.tmpdir(), 'straddle-test-cache');

/** A test script that passes on Express 4 and fails on 5, printing mocha-like counts. */
export const PASS_ON_4 = "const v = require('express/package.json').version; require('express'); console.log(v.startsWith('4.') ? '2 passing' : '1 passing\\n  1 failing'); process.exit(v.startsWith('4.') ? 0 : 1);";

/** A fresh folder under the system temp folder, removed when the current test finishes. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A project whose node_modules/express is the repo's express4 (4.22.3), like a real project that installed
 * express@4. `files` are written at its root; a lockfile and a tool cache in node_modules come for free.
 */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('straddle-project-');
  const packageJson = { name: 'tiny', version: '1.0.0', private: true, scripts: { test: 'node test.js' }, dependencies: { express: '^4.21.0' } };
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  await writeFile(path.join(dir, 'package-lock.json'), '{ "name": "tiny", "lockfileVersion": 3, "packages": {} }\n');
  await mkdir(path.join(dir, 'node_modules', '.vite'), { recursive: true });
  await writeFile(path.join(dir, 'node_modules', '.vite', 'results.json'), '{}\n');
  await symlink(path.join(REPO_ROOT, 'node_modules', 'express4'), path.join(dir, 'node_modules', 'express'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
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
