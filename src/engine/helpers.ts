/**
 * @module engine/helpers
 * A pack's dependency-free helper files (`straddle-list-routes.cjs`), which some fixes import as `./<name>`: after a
 * fix run, each is written next to the files that import it, so that it ships with them. A package.json `files` list
 * that would leave it out of the published package gets its path. Nothing is installed, no dependency is added.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Pack } from '../pack.ts';
import { readPackageJson } from './package-json.ts';
import { serializeLike } from './project-rules.ts';
import { writeBlock, writeUserFile } from './write-file.ts';

/** The helper file names of `pack`: files a run never rewrites. */
export function helperNames(pack: Pack<any>): Set<string> {
  return new Set(Object.keys(pack.shim?.helpers ?? {}));
}

/**
 * Writes the helpers that `changed` files (absolute or relative to `cwd`) import, next to them, and covers them in
 * package.json `files`. Returns what it wrote, relative to `cwd`.
 */
export function writeHelpers(pack: Pack<any>, cwd: string, changed: readonly string[]): string[] {
  const helpers = pack.shim?.helpers ?? {};
  const written: string[] = [];
  const needed: string[] = [];
  for (const file of changed) {
    const full = path.resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      continue;
    }
    for (const [name, read] of Object.entries(helpers)) {
      if (!text.includes(`'./${name}'`) && !text.includes(`"./${name}"`)) continue;
      const content = read();
      const helper = path.join(path.dirname(full), name);
      const relative = path.relative(cwd, helper).split(path.sep).join('/');
      needed.push(relative);
      if (writeBlock(helper, cwd) || (existsSync(helper) && readFileSync(helper, 'utf8') === content)) continue;
      writeUserFile(helper, content, cwd);
      written.push(relative);
    }
  }
  if (needed.length && publish(cwd, needed)) written.push('package.json');
  return [...new Set(written)];
}

// --- internal ---

/** Adds to package.json `files` the helpers it does not cover; true when it changed. */
function publish(cwd: string, helpers: readonly string[]): boolean {
  const manifest = readPackageJson(cwd);
  const files = manifest?.json.files;
  if (!manifest || !Array.isArray(files)) return false; // no list: npm publishes everything not ignored
  const missing = [...new Set(helpers)].filter((helper) => !published(files, helper));
  if (!missing.length) return false;
  const file = path.join(cwd, 'package.json');
  if (writeBlock(file, cwd)) return false;
  writeUserFile(file, serializeLike(manifest.text, { ...manifest.json, files: [...files, ...missing] }), cwd);
  return true;
}

/**
 * Whether the `files` list publishes `file`: npm reads each entry as a gitignore-style pattern, and of the entries
 * that match, the last decides (`!` excludes). One matcher per entry, so a folder entry does not stop a later `!`.
 */
function published(files: readonly unknown[], file: string): boolean {
  let included = false;
  for (const entry of files) {
    if (typeof entry !== 'string') continue;
    const negated = entry.startsWith('!');
    if (ignore().add(entry.slice(negated ? 1 : 0).replace(/^\.\//, '')).ignores(file)) included = !negated;
  }
  return included;
}
