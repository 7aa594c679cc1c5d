/**
 * @module upgrade/snapshot
 * What an upgrade iteration may touch, as it was before the iteration: the project's source files, its package.json
 * files and lockfiles. The loop's ratchet compares against it to see what an iteration changed, and puts back what
 * made a test fail. Writes are atomic and keep each file's mode.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../engine/discover.ts';
import { writeUserFile } from '../engine/write-file.ts';

// .npmrc: where the loop records an install setting a toolchain change needed, put back with it
const MANIFESTS = ['.npmrc', 'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'bun.lock'];

/** Relative path → content (null: the file did not exist). */
export type Contents = Map<string, Buffer | null>;

const read = (cwd: string, file: string): Buffer | null => {
  try {
    return readFileSync(path.join(cwd, file));
  } catch {
    return null;
  }
};

async function trackedFiles(cwd: string): Promise<string[]> {
  return [...(await discoverFiles(cwd)).map((file) => path.relative(cwd, file)), ...MANIFESTS];
}

export class Snapshot {
  private constructor(private readonly cwd: string, private readonly before: Contents, private readonly extra: readonly string[]) {}

  /** `extra`: further files (relative) an iteration may create, e.g. generated ones discovery does not list. */
  static async take(cwd: string, extra: readonly string[] = []): Promise<Snapshot> {
    const files = [...(await trackedFiles(cwd)), ...extra];
    return new Snapshot(cwd, new Map(files.map((file) => [file, read(cwd, file)])), extra);
  }

  /** Files whose content differs from the snapshot now (new files included), sorted. */
  async changed(): Promise<string[]> {
    const files = new Set([...this.before.keys(), ...(await trackedFiles(this.cwd)), ...this.extra]);
    return [...files].filter((file) => !equal(this.before.get(file) ?? null, read(this.cwd, file))).sort();
  }

  /** The current contents of `files`. */
  current(files: readonly string[]): Contents {
    return new Map(files.map((file) => [file, read(this.cwd, file)]));
  }

  /** Puts `files` back as they were in the snapshot (a file that did not exist is removed). */
  restore(files: readonly string[]): void {
    write(this.cwd, new Map(files.map((file) => [file, this.before.get(file) ?? null])));
  }
}

/** Writes each file's content (null removes it). */
export function write(cwd: string, contents: Contents): void {
  for (const [file, content] of contents) {
    const full = path.join(cwd, file);
    if (content === null) {
      rmSync(full, { force: true });
      // a folder the iteration created goes with its last file
      if (path.dirname(full) !== path.resolve(cwd)) rmdir(path.dirname(full));
    } else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeUserFile(full, content, cwd);
    }
  }
}

function rmdir(dir: string): void {
  if (readdirSync(dir, { withFileTypes: false }).length === 0) rmdirSync(dir);
}

function equal(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
