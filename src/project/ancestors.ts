/**
 * @module project/ancestors
 * The folders whose settings apply to a project: its own and those above it, nearest first, up to the root of its
 * git work tree. A workspace package's registry and linker settings live at the workspace root, and a repository
 * stops the search so that a stray file above the checkout (a home folder, /tmp) is not taken for the project's.
 * Outside git the search goes up to the filesystem root, as yarn's own search for its settings does.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function projectDirs(cwd: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    dirs.push(dir);
    // `.git` is a folder in a clone and a file in a worktree or submodule: either ends the work tree
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return dirs;
  }
}
