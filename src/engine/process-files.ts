/**
 * @module engine/process-files
 * The unit of work a worker (or the main thread, for small runs) does: read, run the rules, then write or produce a
 * diff. Runs where the file is, so only findings and patches travel between threads. A file is written only where
 * nothing but a fix changes: UTF-8 text, line endings kept, inside the project, not read-only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import { keepLineEndings } from './line-endings.ts';
import { mightMatch, runFile, type FileRunOptions, type Typed, type Unsettled } from './run-file.ts';
import { writeBlock, writeUserFile } from './write-file.ts';

export interface ProcessOptions extends FileRunOptions {
  cwd: string;
  /** Produce a unified diff instead of writing. */
  dryRun: boolean;
  /** Rule ids to run (all when absent). */
  rules?: readonly string[];
  /** Apply toolchain fixes of project rules too (see ProjectContext.report). */
  toolchain?: boolean;
  /** Apply project rules' fixes that wait for both majors to pass (see ProjectContext.report). */
  onceGreen?: boolean;
  /** Files (absolute) only scanned in a fix run. */
  scanOnly?: readonly string[];
  /** Per file (absolute), rules that only report there in a fix run. */
  reportOnlyIn?: Readonly<Record<string, readonly string[]>>;
  /** Files (absolute) fixed as with `assumeHandlers`. */
  assumeHandlersIn?: readonly string[];
}

/** Why a file was left as it was: it does not parse or decode, may not be written, or a rule or the write failed. */
export type SkipKind = 'parse' | 'read' | 'encoding' | 'read-only' | 'outside' | 'write' | 'internal';

export interface ProcessedFile {
  file: string;
  findings: Finding[];
  parsed: boolean;
  changed: boolean;
  patch?: string;
  error?: { kind: SkipKind; message: string };
  /** Fixes still changing the file when the passes ran out (it is written as they left it). */
  unsettled?: Unsettled;
}

// fatal: a byte that is not UTF-8 must stop the run, not become U+FFFD; ignoreBOM: keep a BOM in the text, so it is
// written back
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function selectedRules<F>(pack: Pack<F>, options: ProcessOptions): Pack<F>['rules'] {
  return options.rules ? pack.rules.filter((r) => options.rules!.includes(r.id)) : pack.rules;
}

export function processFiles<F>(pack: Pack<F>, files: readonly string[], options: ProcessOptions): ProcessedFile[] {
  const rules = selectedRules(pack, options);
  return files.map((file) => processFile(pack, rules, file, optionsFor(options, file)));
}

/**
 * The options for one file (absolute): `fix` off where it is only scanned, `assumeHandlers` on where asked for it,
 * the rules that only report there.
 */
export function optionsFor(options: ProcessOptions, file: string): ProcessOptions {
  const fix = options.fix && !(options.scanOnly && _setOf(options.scanOnly).has(file));
  const assumeHandlers = options.assumeHandlers || !!(options.assumeHandlersIn && _setOf(options.assumeHandlersIn).has(file));
  const reportOnly = options.reportOnlyIn?.[file];
  if (fix === options.fix && assumeHandlers === options.assumeHandlers && !reportOnly) return options;
  return { ...options, fix, assumeHandlers, ...(reportOnly && { reportOnly }) };
}

/** One file: read, run, then write or diff; `typed` is the typed pass's view of it, if any. */
export function processFile<F>(pack: Pack<F>, rules: Pack<F>['rules'], file: string, options: ProcessOptions, typed?: Typed): ProcessedFile {
  const relative = path.relative(options.cwd, file);
  const skipped = (kind: SkipKind, message: string, parsed = false): ProcessedFile => ({ file: relative, findings: [], parsed, changed: false, error: { kind, message } });
  let text: string;
  try {
    // Node's own UTF-8 read is the fast path; only a file showing U+FFFD is read again as bytes, to tell a real
    // U+FFFD from bytes that are not UTF-8
    text = readFileSync(file, 'utf8');
    if (text.includes('\uFFFD')) text = UTF8.decode(readFileSync(file));
  } catch (error) {
    if (!(error instanceof TypeError)) return skipped('read', String(error));
    // reported only where a rule could apply, as a parse error is; the file stays as it was either way
    if (!mightMatch(pack, rules, readFileSync(file).toString('latin1'))) return { file: relative, findings: [], parsed: false, changed: false };
    return skipped('encoding', 'not UTF-8 text (another encoding?), left untouched: save it as UTF-8 to have it fixed');
  }
  if (text.includes('\0')) return { file: relative, findings: [], parsed: false, changed: false };
  let result: ReturnType<typeof runFile>;
  try {
    result = runFile(pack, rules, relative, text, options, typed);
  } catch (error) {
    // a rule crashed on this file: report it, leave the file as it was, go on with the others
    return skipped('internal', error instanceof Error ? (error.stack ?? error.message) : String(error), true);
  }
  if (result.parseError) return skipped('parse', result.parseError.message, true);
  const out: ProcessedFile = { file: relative, findings: result.findings, parsed: result.parsed, changed: false, ...(result.unsettled && { unsettled: result.unsettled }) };
  if (result.output === undefined) return out;

  // not written after all: the findings are those of the text as it stays
  const unwritten = (error: ProcessedFile['error']): ProcessedFile => ({ file: relative, findings: result.inputFindings ?? [], parsed: result.parsed, changed: false, error });
  const block = writeBlock(file, options.cwd);
  if (block) return unwritten(block);
  const output = keepLineEndings(text, result.output);
  if (options.dryRun) out.patch = createTwoFilesPatch(`a/${relative}`, `b/${relative}`, text, output);
  else {
    try {
      writeUserFile(file, output, options.cwd);
    } catch (error) {
      return unwritten({ kind: 'write', message: String(error) });
    }
  }
  out.changed = true;
  return out;
}

// --- internal ---

const _sets = new WeakMap<readonly string[], Set<string>>();

function _setOf(list: readonly string[]): Set<string> {
  let set = _sets.get(list);
  if (!set) _sets.set(list, (set = new Set(list)));
  return set;
}
