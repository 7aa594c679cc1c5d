/**
 * @module upgrade/package-manager
 * The project's own package manager, known by its lockfile (and the `packageManager` field for the version): what
 * the upgrade uses when a change to package.json needs an install, so the lockfile changes in its own format and
 * by no more than the change. pnpm, yarn and bun run through npx at the version the project pins when they are not
 * on the PATH.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PackageManager {
  name: ManagerName;
  lockfile: string;
  /** The command, as argv, that runs it (e.g. ['npx', '--yes', 'pnpm@8.10.5']). */
  command: string[];
}

const LOCKFILES: [string, ManagerName][] = [['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['bun.lockb', 'bun'], ['bun.lock', 'bun'], ['package-lock.json', 'npm'], ['npm-shrinkwrap.json', 'npm']];

export function detectPackageManager(cwd: string): PackageManager {
  const pinned = (() => {
    try {
      return (JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { packageManager?: string }).packageManager;
    } catch {
      return undefined;
    }
  })();
  const [lockfile, name] = LOCKFILES.find(([file]) => existsSync(path.join(cwd, file))) ?? ['package-lock.json', 'npm'];
  const version = pinned?.startsWith(`${name}@`) ? pinned.split('+')[0] : undefined;
  const command = name === 'npm' ? ['npm'] : onPath(name) && !version ? [name] : ['npx', '--yes', version ?? name];
  return { name, lockfile, command };
}

/**
 * Installs what package.json now declares, updating the lockfile. pnpm and yarn 2+ freeze the lockfile by default
 * when `CI` is set (where upgrades often run), so the update is asked for explicitly.
 */
export function installChanged(cwd: string, pm: PackageManager): void {
  run(cwd, pm, installChangedArgs(pm.name, isYarnBerry(cwd)));
}

function installChangedArgs(name: ManagerName, yarnBerry: boolean): string[] {
  if (name === 'npm') return ['install', '--no-audit', '--no-fund'];
  if (name === 'pnpm') return ['install', '--no-frozen-lockfile'];
  if (name === 'yarn') return yarnBerry ? ['install', '--no-immutable'] : ['install', '--non-interactive'];
  return ['install'];
}

/** Yarn 2+ writes a `__metadata` block at the top of its lockfile; yarn 1 never does. */
function isYarnBerry(cwd: string): boolean {
  try {
    return /^__metadata:/m.test(readFileSync(path.join(cwd, 'yarn.lock'), 'utf8').slice(0, 2000));
  } catch {
    return false;
  }
}

/** Installs exactly what the lockfile says again (after a change was put back). */
export function installFrozen(cwd: string, pm: PackageManager): void {
  const args = pm.name === 'npm' ? ['ci', '--no-audit', '--no-fund'] : pm.name === 'bun' ? ['install', '--frozen-lockfile'] : ['install', '--frozen-lockfile'];
  run(cwd, pm, args);
}

function run(cwd: string, pm: PackageManager, args: string[]): void {
  const [file, ...pre] = pm.command;
  execFileSync(file!, [...pre, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
}

function onPath(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The line of a failed install that says why (package managers print an error code or `ERR!` there). */
export function installError(error: unknown): string {
  const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message?: string };
  const lines = `${stderr ?? ''}\n${stdout ?? ''}`.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /\bERR|error/i.test(line)) ?? lines[0] ?? message?.split('\n')[0] ?? String(error);
}
