/**
 * @module matrix/copy-pool
 * Private copies kept between matrix runs of one project (the upgrade loop runs its tests many times): the first run
 * of a version makes its copy as usual; each later run of the same version refreshes that copy from the project
 * (refresh-workspace.ts: only what changed outside the installed packages is copied, what a run wrote is removed)
 * instead of copying node_modules again. A copy is made afresh when the install changed (package manifests,
 * lockfiles, the package managers' own records in node_modules, a package added or removed), when what is swapped
 * into it changed, or when its last run failed to set up. The caller disposes of the pool; a verdict the user reads
 * runs without one.
 */
import { readdir, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { refreshWorkspace } from './refresh-workspace.ts';
import { makeCopy, type PrivateCopy } from './workspace.ts';

/**
 * Written by every install: a copy made before one of them changed is not the project's install any more. Beside
 * them, the names in node_modules (an install adds or removes some), not its time: tools write their caches there
 * (`node_modules/.cache` of the project's own formatter, run by the loop on what it changed), which is no install.
 */
const INSTALL_RECORDS = [
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock',
  'node_modules/.package-lock.json', 'node_modules/.modules.yaml', 'node_modules/.yarn-state.yml', 'node_modules/.yarn-integrity',
];
const CACHES = new Set(['.cache']);

interface Entry extends PrivateCopy {
  install: string;
  busy: boolean;
}

export class CopyPool {
  private readonly entries = new Map<string, Entry>();

  /**
   * The copy for `key` (what is swapped in), refreshed from `projectDir`; made with `make` (given the copy's project
   * folder, returning the package's folders in it) when there is none yet or the install changed since.
   */
  async take(projectDir: string, key: string, make: (workspace: string) => Promise<string[]>): Promise<PrivateCopy> {
    const kept = this.entries.get(key);
    // the same version twice in one run: the second gets a copy of its own, not kept
    if (kept?.busy) return makeCopy('straddle-run-', make);
    const install = await installStamp(projectDir);
    if (kept?.install === install) {
      kept.busy = true;
      try {
        await refreshWorkspace(projectDir, kept.workspace);
        return kept;
      } catch (error) {
        this.discard(key);
        throw error;
      }
    }
    if (kept) this.discard(key);
    const made = await makeCopy('straddle-run-', make);
    this.entries.set(key, { ...made, install, busy: true });
    return made;
  }

  /** The run in `copy` is over: kept for the next run when it set up and ran, else removed. */
  release(copy: PrivateCopy, usable: boolean): void {
    const [key, entry] = [...this.entries].find(([, e]) => e.runDir === copy.runDir) ?? [];
    if (!entry) return rmSync(copy.runDir, { recursive: true, force: true });
    entry.busy = false;
    if (!usable) this.discard(key!);
  }

  dispose(): void {
    for (const key of [...this.entries.keys()]) this.discard(key);
  }

  private discard(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry) rmSync(entry.runDir, { recursive: true, force: true });
  }
}

/** Size and time of what every install writes, and what node_modules holds: when any differs, it may hold something else. */
async function installStamp(projectDir: string): Promise<string> {
  const stamps = await Promise.all(INSTALL_RECORDS.map((name) => stat(path.join(projectDir, name)).then((s) => `${s.size}:${s.mtimeMs}`, () => '-')));
  const installed = await readdir(path.join(projectDir, 'node_modules')).then((names) => names.filter((name) => !CACHES.has(name)).sort().join('/'), () => '-');
  return [...stamps, installed].join('|');
}
