/**
 * @module engine/git
 * The few git questions straddle asks: is the tree clean (so a rewrite can be reviewed and reverted), and commit.
 */
import { execFileSync } from 'node:child_process';

const git = (cwd: string, args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The paths git reports as changed under `cwd`, or undefined when `cwd` is not in a git work tree. */
export function dirtyFiles(cwd: string): string[] | undefined {
  try {
    return git(cwd, ['status', '--porcelain', '--', '.']).split('\n').filter(Boolean).map((line) => line.slice(3));
  } catch {
    return undefined;
  }
}

/** Stages everything under `cwd` and commits it; returns false when there was nothing to commit. */
export function commitAll(cwd: string, message: string): boolean {
  git(cwd, ['add', '-A', '--', '.']);
  try {
    git(cwd, ['diff', '--cached', '--quiet']);
    return false;
  } catch {
    git(cwd, ['commit', '-q', '-m', message]);
    return true;
  }
}
