/**
 * @module engine/discover
 * Which files a run looks at: source files the project owns. In a git work tree git itself answers (tracked plus
 * untracked-but-not-ignored, so every .gitignore is honoured); elsewhere a glob with the root .gitignore.
 * Each file is listed once, by one path: a symlink or hard link to a listed file is the same file. What is left out
 * for its size, for being a link out of the project, or for being minified, is said, never dropped in silence.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { glob } from 'tinyglobby';
import { SOURCE_EXTENSIONS } from './parse.ts';
import { isInside } from './write-file.ts';

/** Folders that hold dependencies or build output, never sources to rewrite. */
const SKIPPED_DIRS = ['node_modules', 'dist', 'build', 'coverage', 'out', '.next', '.nuxt', '.git', 'vendor', 'bower_components'];
const MIB = 1024 * 1024;
/** Larger files are generated or bundled code. */
export const MAX_FILE_BYTES = MIB;

const isSource = (file: string) => SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(file);
/** Minified builds (a vendored `jquery.min.js`): nobody edits them, so they are left out unless asked for. */
const MINIFIED = /\.min\.[cm]?js$/;
const inSkippedDir = (file: string) => file.split('/').some((part) => SKIPPED_DIRS.includes(part));

function gitFiles(cwd: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\0').filter(Boolean);
  } catch {
    return undefined; // not a git work tree, or no git
  }
}

async function globFiles(cwd: string): Promise<string[]> {
  const files = await glob(['**/*'], { cwd, ignore: SKIPPED_DIRS.map((d) => `**/${d}/**`), dot: true, onlyFiles: true });
  const gitignore = path.join(cwd, '.gitignore');
  if (!existsSync(gitignore)) return files;
  const matcher = ignore().add(readFileSync(gitignore, 'utf8'));
  return files.filter((file) => !matcher.ignores(file));
}

/** A source file a run does not look at, and why. */
export interface SkippedFile {
  /** Absolute. */
  file: string;
  kind: 'too-large' | 'outside';
  message: string;
  bytes?: number;
}

export interface Discovery {
  /** Absolute, sorted. */
  files: string[];
  skipped: SkippedFile[];
  /** Minified files left out by design (absolute, sorted): said, but no reason to fail a run. */
  minified: string[];
}

export interface DiscoverOptions {
  /** Scan `*.min.js` too. */
  includeMinified?: boolean;
}

/** Absolute paths of the source files under `cwd`, sorted, skipping dependencies, build output and huge files. */
export async function discoverFiles(cwd: string): Promise<string[]> {
  return (await discover(cwd)).files;
}

/** The source files under `cwd`, and those left out for their size, for linking out of the project, or as minified. */
export async function discover(cwd: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const root = realpathSync.native(cwd);
  const realDir = _memo((dir: string) => realpathSync.native(dir));
  const sources = (gitFiles(cwd) ?? (await globFiles(cwd))).filter((file) => isSource(file) && !inSkippedDir(file)).sort();
  const leftOut = (file: string) => !options.includeMinified && MINIFIED.test(file);
  const minified = sources.filter(leftOut);
  const relative = sources.filter((file) => !leftOut(file));
  const out: Discovery = { files: [], skipped: [], minified: minified.map((file) => path.join(cwd, file)) };
  // one path per file (device and inode): a link's target is preferred to the link
  const byInode = new Map<string, { at: number; link: boolean }>();
  for (const name of relative) {
    const file = path.join(cwd, name);
    const found = _statFile(file, realDir);
    if (!found) continue; // deleted but still in the index, or a folder, or a dangling link
    const { stat, real, link } = found;
    if (!isInside(root, real)) {
      out.skipped.push({ file, kind: 'outside', message: `links to ${real}, outside the project: skipped` });
      continue;
    }
    if (stat.size > MAX_FILE_BYTES) {
      out.skipped.push({ file, kind: 'too-large', bytes: stat.size, message: `${(stat.size / MIB).toFixed(2)} MiB, over the ${MAX_FILE_BYTES / MIB} MiB limit for source files (bundled or generated code?): not scanned` });
      continue;
    }
    const key = `${stat.dev}:${stat.ino}`;
    const seen = byInode.get(key);
    if (!seen) byInode.set(key, { at: out.files.push(file) - 1, link });
    else if (seen.link && !link) {
      out.files[seen.at] = file;
      seen.link = false;
    }
  }
  out.files.sort();
  return out;
}

// --- internal ---

function _statFile(file: string, realDir: (dir: string) => string): { stat: Stats; real: string; link: boolean } | undefined {
  try {
    const own = lstatSync(file);
    const link = own.isSymbolicLink();
    // a plain file's real path is its folder's: one realpath per folder, not per file
    const real = link ? realpathSync.native(file) : path.join(realDir(path.dirname(file)), path.basename(file));
    const stat = link ? statSync(file) : own;
    return stat.isFile() ? { stat, real, link } : undefined;
  } catch {
    return undefined;
  }
}

function _memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}
