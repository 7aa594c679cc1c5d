/**
 * @module project/package-manager
 * The project's own package manager, known by its lockfile (and the `packageManager` field for the version). Both
 * the matrix (the default test command) and the upgrade (installs that change the lockfile in its own format) run
 * it, so it sits apart from either. pnpm, yarn and bun run through npx at the version the project pins when they
 * are not on the PATH.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectDirs } from './ancestors.ts';

export type ManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PackageManager {
  name: ManagerName;
  lockfile: string;
  /** The command, as argv, that runs it (e.g. ['npx', '--yes', 'pnpm@8.10.5']). */
  command: string[];
}

const LOCKFILES: [string, ManagerName][] = [['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['bun.lockb', 'bun'], ['bun.lock', 'bun'], ['package-lock.json', 'npm'], ['npm-shrinkwrap.json', 'npm']];

/**
 * Looked for in the project's folder and those above it up to its git root (projectDirs), nearest first: a
 * workspace package has neither the lockfile nor, usually, the `packageManager` field; its workspace root has them.
 */
export function detectPackageManager(cwd: string): PackageManager {
  let pinned: string | undefined;
  let found: { lockfile: string; name: ManagerName } | undefined;
  for (const dir of projectDirs(cwd)) {
    pinned ??= packageManagerField(dir);
    const hit = LOCKFILES.find(([file]) => existsSync(path.join(dir, file)));
    if (hit) {
      found = { lockfile: path.relative(cwd, path.join(dir, hit[0])).split(path.sep).join('/'), name: hit[1] };
      break;
    }
  }
  const { lockfile, name } = found ?? { lockfile: 'package-lock.json', name: 'npm' as const };
  const version = pinned?.startsWith(`${name}@`) ? pinned.split('+')[0] : undefined;
  const command = name === 'npm' ? ['npm'] : onPath(name) && !version ? [name] : viaNpx(version ?? name);
  return { name, lockfile, command };
}

function packageManagerField(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { packageManager?: string }).packageManager;
  } catch {
    return undefined;
  }
}

/**
 * The project's own `test` script, run by its manager: `bun test` is bun's own test runner, not the script, so bun
 * is asked to run the script by name.
 */
export function testCommand(pm: PackageManager): string[] {
  return [...pm.command, ...(pm.name === 'bun' ? ['run', 'test'] : ['test'])];
}

/** The npm package `yarn` stops at 1.x: yarn 2 and later are published as @yarnpkg/cli-dist, whose command is `yarn`. */
function viaNpx(spec: string): string[] {
  const berry = /^yarn@(\d+)\./.exec(spec);
  if (berry && Number(berry[1]) >= 2) return ['npx', '--yes', '-p', `@yarnpkg/cli-dist@${spec.slice('yarn@'.length)}`, 'yarn'];
  return ['npx', '--yes', spec];
}

function onPath(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
