/**
 * @module upgrade/shim
 * Wiring a pack's runtime shim into a project (and out again): the files that create the app, and the dependency.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { discoverFiles } from '../engine/discover.ts';
import type { Pack, PackageJson } from '../pack.ts';
import packageJson from '../../package.json' with { type: 'json' };

type Edit = (fileName: string, text: string) => string | undefined;

/** A source file rewritten by wiring: what it was, so the change can be undone. */
export interface SourceEdit {
  file: string;
  before: string;
}

async function editSources(pack: Pack<any>, cwd: string, edit: Edit): Promise<SourceEdit[]> {
  const edits: SourceEdit[] = [];
  for (const file of await discoverFiles(cwd)) {
    const text = readFileSync(file, 'utf8');
    if (!pack.shim!.prefilter.some((word) => text.includes(word))) continue;
    const relative = path.relative(cwd, file);
    let output: string | undefined;
    try {
      output = edit(relative, text);
    } catch {
      continue; // does not parse: the fix run already reported it, and it stays untouched
    }
    if (output === undefined || output === text) continue;
    writeFileAtomic.sync(file, output);
    edits.push({ file: relative, before: text });
  }
  return edits;
}

/** Puts the files back as they were before `edits`. */
export function revertEdits(cwd: string, edits: readonly SourceEdit[]): void {
  for (const { file, before } of edits) writeFileAtomic.sync(path.join(cwd, file), before);
}

/** Wires the shim with `features` on into every file that creates an app. */
export function wireShim(pack: Pack<any>, cwd: string, features: readonly string[]): Promise<SourceEdit[]> {
  return editSources(pack, cwd, (file, text) => pack.shim!.wire(file, text, features));
}

export function unwireShim(pack: Pack<any>, cwd: string): Promise<SourceEdit[]> {
  return editSources(pack, cwd, (file, text) => pack.shim!.unwire(file, text));
}

const readPackageJson = (cwd: string): PackageJson => JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'));

const npm = (cwd: string, args: string[]) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

/**
 * Makes `name` a dependency of the project, installed from `spec` (default: this straddle's own version, or
 * STRADDLE_SHIM_SPEC). Returns the spec installed, or undefined when it already was a dependency.
 */
export function ensureDependency(cwd: string, name: string, spec?: string): string | undefined {
  const pkg = readPackageJson(cwd);
  if (pkg.dependencies?.[name]) return undefined;
  const source = spec ?? process.env.STRADDLE_SHIM_SPEC ?? `${name}@^${packageJson.version}`;
  npm(cwd, ['install', '--save', source]);
  return source;
}

/** Removes `name` from the project's dependencies (and node_modules); false when it was not one. */
export function removeDependency(cwd: string, name: string): boolean {
  const pkg = readPackageJson(cwd);
  if (!pkg.dependencies?.[name]) return false;
  npm(cwd, ['uninstall', name]);
  return true;
}

/** Re-installs after package.json moved majors, so the project's own node_modules matches what it declares. */
export function install(cwd: string): void {
  npm(cwd, ['install']);
}
