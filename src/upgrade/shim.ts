/**
 * @module upgrade/shim
 * Wiring a pack's runtime shim into a project (and out again): the files that create the app, and the vendored
 * folder they import it from.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../engine/discover.ts';
import { keepLineEndings } from '../engine/line-endings.ts';
import { writeBlock, writeUserFile } from '../engine/write-file.ts';
import type { Pack } from '../pack.ts';

type Edit = (fileName: string, text: string) => string | undefined;

/** A source file rewritten by wiring: what it was, so the change can be undone. */
export interface SourceEdit {
  file: string;
  before: string;
}

async function editSources(pack: Pack<any>, cwd: string, edit: Edit, skip: (file: string) => boolean = () => false): Promise<SourceEdit[]> {
  const edits: SourceEdit[] = [];
  for (const file of await discoverFiles(cwd)) {
    const relative = path.relative(cwd, file);
    if (skip(relative)) continue;
    const text = readFileSync(file, 'utf8');
    if (!pack.shim!.prefilter.some((word) => text.includes(word))) continue;
    let output: string | undefined;
    try {
      output = edit(relative, text);
    } catch {
      continue; // does not parse: the fix run already reported it, and it stays untouched
    }
    // read-only or a link out of the project: left alone, as an unparsable file is
    if (output === undefined || output === text || writeBlock(file, cwd)) continue;
    writeUserFile(file, keepLineEndings(text, output), cwd);
    edits.push({ file: relative, before: text });
  }
  return edits;
}

/** Puts the files back as they were before `edits`. */
export function revertEdits(cwd: string, edits: readonly SourceEdit[]): void {
  for (const { file, before } of edits) writeUserFile(path.join(cwd, file), before, cwd);
}

/**
 * Wires the shim with `features` on into every file that creates an app, except the files in `skip`, importing it
 * from the pack's vendored folder, which is written (or refreshed) next to the project's package.json. Returns the
 * source edits; the vendored files are listed by `vendorPaths`.
 */
export async function wireShim(pack: Pack<any>, cwd: string, features: readonly string[], skip?: (file: string) => boolean): Promise<SourceEdit[]> {
  const shim = pack.shim!;
  const entry = path.join(cwd, shim.vendorDir, 'index.js');
  const specifierFor = (file: string) => {
    const relative = path.relative(path.dirname(path.join(cwd, file)), entry).split(path.sep).join('/');
    return relative.startsWith('.') ? relative : `./${relative}`;
  };
  const edits = await editSources(pack, cwd, (file, text) => shim.wire(file, text, features, specifierFor(file)), skip);
  if (edits.length) writeVendored(pack, cwd);
  return edits;
}

/** The vendored folder's files, relative to the project. */
export function vendorPaths(pack: Pack<any>): string[] {
  return Object.keys(pack.shim!.vendorFiles()).map((name) => path.join(pack.shim!.vendorDir, name));
}

function writeVendored(pack: Pack<any>, cwd: string): void {
  const dir = path.join(cwd, pack.shim!.vendorDir);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(pack.shim!.vendorFiles())) {
    const file = path.join(dir, name);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeUserFile(file, text, cwd);
  }
}

/** Takes the wiring out of every file (the vendored folder stays until `removeVendored`). */
export async function unwireShim(pack: Pack<any>, cwd: string): Promise<SourceEdit[]> {
  return editSources(pack, cwd, (file, text) => pack.shim!.unwire(file, text));
}

/** Removes the vendored folder; false when there was none. */
export function removeVendored(pack: Pack<any>, cwd: string): boolean {
  const dir = path.join(cwd, pack.shim!.vendorDir);
  if (!existsSync(dir)) return false;
  rmSync(dir, { recursive: true, force: true });
  return true;
}
