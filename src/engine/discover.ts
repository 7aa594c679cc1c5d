/**
 * @module engine/discover
 * Which files a run looks at: source files the project owns. In a git work tree git itself answers (tracked plus
 * untracked-but-not-ignored, so every .gitignore is honoured); elsewhere a glob with the root .gitignore.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { glob } from 'tinyglobby';
import { SOURCE_EXTENSIONS } from './parse.ts';

/** Folders that hold dependencies or build output, never sources to rewrite. */
const SKIPPED_DIRS = ['node_modules', 'dist', 'build', 'coverage', 'out', '.next', '.nuxt', '.git', 'vendor', 'bower_components'];
/** Larger files are generated or bundled code. */
export const MAX_FILE_BYTES = 1024 * 1024;

const isSource = (file: string) =>
  SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(file) && !/\.min\.[cm]?js$/.test(file);
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

/** Absolute paths of the source files under `cwd`, sorted, skipping dependencies, build output and huge files. */
export async function discoverFiles(cwd: string): Promise<string[]> {
  const relative = gitFiles(cwd) ?? (await globFiles(cwd));
  return relative
    .filter((file) => isSource(file) && !inSkippedDir(file))
    .map((file) => path.join(cwd, file))
    .filter((file) => {
      try {
        const stat = statSync(file);
        return stat.isFile() && stat.size <= MAX_FILE_BYTES;
      } catch {
        return false; // deleted but still in the index
      }
    })
    .sort();
}
