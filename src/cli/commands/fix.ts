/**
 * @module cli/commands/fix
 * `straddle fix <pack> [dir]`: rewrites every fixable site, by default into the form that behaves the same on both
 * majors. Refuses to write over uncommitted changes unless forced, so every rewrite can be reviewed and reverted.
 */
import { dirtyFiles } from '../../engine/git.ts';
import { readPackageJson } from '../../engine/package-json.ts';
import { runPack, type RunReport } from '../../engine/run.ts';
import { sweepLeftovers } from '../../engine/write-file.ts';
import { StraddleError } from '../../errors.ts';
import { loadPack } from '../../packs.ts';
import { targetOf } from '../../pack.ts';
import type { ScanOptions } from './scan.ts';

export interface FixOptions extends ScanOptions {
  dryRun?: boolean;
  /** both (default), new, or the pack's new major by number (see targetOf). */
  target?: string;
  force?: boolean;
}

/** Throws E_DIRTY when `cwd` has uncommitted changes (and is a git work tree). */
export function assertCleanTree(cwd: string, force: boolean | undefined): void {
  if (force) return;
  const dirty = dirtyFiles(cwd);
  if (dirty === undefined) {
    throw new StraddleError(
      `${cwd} is not in a git work tree, so a rewrite could not be reviewed or undone. Run it in a repository, or pass --force to write anyway.`,
      'E_NOT_GIT',
    );
  }
  if (dirty.length) {
    const shown = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, … (${dirty.length} files)` : '');
    throw new StraddleError(
      `The git tree has uncommitted changes (${shown}). Commit or stash them first so the rewrite can be reviewed and reverted, or pass --force.`,
      'E_DIRTY',
    );
  }
}

/**
 * Before a command that writes: its package.json must parse, a killed run's temp files go (they are ours, not the
 * user's uncommitted work), then the tree must be clean.
 */
export function prepareToWrite(cwd: string, force: boolean | undefined): void {
  readPackageJson(cwd);
  sweepLeftovers(cwd);
  assertCleanTree(cwd, force);
}

export async function fix(options: FixOptions): Promise<RunReport> {
  if (!options.dryRun) prepareToWrite(options.cwd, options.force);
  const pack = await loadPack(options.pack);
  return runPack(pack, { ...options, fix: true, target: targetOf(pack, options.target) });
}
