/**
 * @module engine/process-files
 * The unit of work a worker (or the main thread, for small runs) does: read, run the rules, then write atomically
 * or produce a diff. Runs where the file is, so only findings and patches travel between threads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import writeFileAtomic from 'write-file-atomic';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import { runFile, type FileRunOptions, type Typed } from './run-file.ts';

export interface ProcessOptions extends FileRunOptions {
  cwd: string;
  /** Produce a unified diff instead of writing. */
  dryRun: boolean;
  /** Rule ids to run (all when absent). */
  rules?: readonly string[];
  /** Apply toolchain fixes of project rules too (see ProjectContext.report). */
  toolchain?: boolean;
}

export interface ProcessedFile {
  file: string;
  findings: Finding[];
  parsed: boolean;
  changed: boolean;
  patch?: string;
  error?: { kind: 'parse' | 'read' | 'internal'; message: string };
}

export function selectedRules<F>(pack: Pack<F>, options: ProcessOptions): Pack<F>['rules'] {
  return options.rules ? pack.rules.filter((r) => options.rules!.includes(r.id)) : pack.rules;
}

export function processFiles<F>(pack: Pack<F>, files: readonly string[], options: ProcessOptions): ProcessedFile[] {
  const rules = selectedRules(pack, options);
  return files.map((file) => processFile(pack, rules, file, options));
}

/** One file: read, run, then write or diff; `typed` is the typed pass's view of it, if any. */
export function processFile<F>(pack: Pack<F>, rules: Pack<F>['rules'], file: string, options: ProcessOptions, typed?: Typed): ProcessedFile {
  const relative = path.relative(options.cwd, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file: relative, findings: [], parsed: false, changed: false, error: { kind: 'read', message: String(error) } };
  }
  if (text.includes('\0')) return { file: relative, findings: [], parsed: false, changed: false };
  try {
    const result = runFile(pack, rules, relative, text, options, typed);
    if (result.parseError) {
      return { file: relative, findings: [], parsed: true, changed: false, error: { kind: 'parse', message: result.parseError.message } };
    }
    const out: ProcessedFile = { file: relative, findings: result.findings, parsed: result.parsed, changed: result.output !== undefined };
    if (result.output !== undefined) {
      if (options.dryRun) out.patch = createTwoFilesPatch(`a/${relative}`, `b/${relative}`, text, result.output);
      else writeFileAtomic.sync(file, result.output);
    }
    return out;
  } catch (error) {
    // a rule crashed on this file: report it, leave the file as it was, go on with the others
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { file: relative, findings: [], parsed: true, changed: false, error: { kind: 'internal', message } };
  }
}
