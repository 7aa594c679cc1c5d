/**
 * @module upgrade/package-manager
 * Installs by the project's own package manager (detected in project/package-manager): what the upgrade runs when
 * a change to package.json needs an install, so the lockfile changes in its own format and by no more than the
 * change; and what a failed install said.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ManagerName, PackageManager } from '../project/package-manager.ts';

/**
 * Installs what package.json now declares, updating the lockfile. pnpm and yarn 2+ freeze the lockfile by default
 * when `CI` is set (where upgrades often run), so the update is asked for explicitly.
 */
export function installChanged(cwd: string, pm: PackageManager): void {
  run(cwd, pm, keepsLockfile(cwd, pm) ? installChangedArgs(pm.name, isYarnBerry(cwd)) : UNLOCKED);
}

/**
 * Whether the project keeps a lockfile. One that keeps none (no lockfile found, so npm; often `package-lock=false` in
 * its .npmrc) is installed from package.json and gets none written: an install as its lockfile says is that too.
 */
export function keepsLockfile(cwd: string, pm: PackageManager): boolean {
  return pm.name !== 'npm' || existsSync(path.join(cwd, pm.lockfile));
}

const UNLOCKED = ['install', '--no-audit', '--no-fund', '--no-package-lock'];

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

/** Installs exactly what the lockfile says again (after a change was put back); without one, what package.json says. */
export function installFrozen(cwd: string, pm: PackageManager): void {
  if (!keepsLockfile(cwd, pm)) return run(cwd, pm, UNLOCKED);
  run(cwd, pm, pm.name === 'npm' ? ['ci', '--no-audit', '--no-fund'] : ['install', '--frozen-lockfile']);
}

function run(cwd: string, pm: PackageManager, args: string[]): void {
  const [file, ...pre] = pm.command;
  execFileSync(file!, [...pre, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
}


/** How many of the manager's own error lines a note quotes. */
const ERROR_LINES = 6;
/** Lines that are the package manager speaking: npm's `npm error` / `npm ERR!`, pnpm's ERR_PNPM_*, yarn's `error` and YN codes. */
const MANAGER_LINE = /^(?:npm (?:ERR!|error)|.*\bERR_PNPM_\w+|error\s|➤ YN\d{4}: .*\b(?:error|failed|Error)\b)/;
/** Lines that say nothing: npm's log pointers, blank `npm error` lines, stack frames, a caret under a source excerpt. */
const NOISE = /^(?:npm (?:ERR!|error)\s*$|npm (?:ERR!|error) (?:A complete log|\s*\/\S+-debug-\d+\.log$|Log files were not written)|at\s|\^+$)/;

/**
 * Why an install failed, in the package manager's own words: its error lines (code, conflict, failing script),
 * joined; where it printed none (a crash in a script it ran), the error line of the crash, never a stack line.
 */
export function installError(error: unknown): string {
  const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message?: string };
  const lines = `${stderr ?? ''}\n${stdout ?? ''}`.split('\n').map((line) => line.trim()).filter((line) => line && !NOISE.test(line));
  const own = lines.filter((line) => MANAGER_LINE.test(line));
  if (own.length) return own.slice(0, ERROR_LINES).join(' / ');
  const crash = lines.find((line) => /^(?:\w*Error|\w+Exception)\b(?: \[\w+\])?:/.test(line));
  return crash ?? lines.at(-1) ?? message?.split('\n')[0] ?? String(error);
}

/**
 * The project setting a failed install calls for, or undefined: a peer conflict (a dependency that does not list
 * the moved package's new major in its peer range yet) is installed as npm 6 and pnpm's lax mode did. It goes into
 * the project's .npmrc, where both managers read it, so the project's own `npm ci` installs the committed lockfile.
 */
export function settingFor(pm: PackageManager, reason: string): { line: string; why: string } | undefined {
  if (pm.name === 'npm' && /\bERESOLVE\b/.test(reason)) return { line: 'legacy-peer-deps=true', why: 'a peer range conflict (ERESOLVE)' };
  if (pm.name === 'pnpm' && /ERR_PNPM_PEER_DEP_ISSUES/.test(reason)) return { line: 'strict-peer-dependencies=false', why: 'unmet peer ranges (ERR_PNPM_PEER_DEP_ISSUES)' };
  return undefined;
}

/** Adds `line` to the project's .npmrc (created when absent), in the file's own line endings. */
export function addNpmrcSetting(cwd: string, line: string): void {
  const file = path.join(cwd, '.npmrc');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  writeFileSync(file, `${text}${text && !text.endsWith('\n') ? eol : ''}${line}${eol}`);
}
