/**
 * @module adapters/jscodeshift
 * A pack's rules as one jscodeshift transform (`straddle/jscodeshift`), for teams whose codemods already run through
 * jscodeshift. The file is parsed and fixed by straddle's own engine (one TypeScript parse, text splices), not through
 * jscodeshift's tree, so a file comes out exactly as `straddle fix --only <ids> --no-types` writes it. Per file only:
 * project rules (package.json) and the typed pass need the whole project, and only `straddle fix` runs them.
 *
 * @example
 * npx jscodeshift -t node_modules/straddle/dist/jscodeshift.cjs --pack=<pack> --rule=<rule id> src
 */
import { readFileSync } from 'node:fs';
import { StraddleError } from '../errors.ts';
import { keepLineEndings } from '../engine/line-endings.ts';
import { runFile, type FileRunOptions } from '../engine/run-file.ts';
import { targetOf, type Pack } from '../pack.ts';
import { loadPack, packIds } from '../packs.ts';
import type { Rule } from '../rule.ts';

/** What jscodeshift hands a transform for each file. */
export interface FileInfo {
  path: string;
  source: string;
}

/** The part of jscodeshift's `api` the transform uses: `report` prints a line for the file, `stats` counts in --dry runs. */
export interface TransformApi {
  report?(message: string): void;
  stats?(name: string, quantity?: number): void;
}

/**
 * The transform's options, as jscodeshift passes on the command-line options it does not know itself: a value that
 * reads as JSON arrives parsed (`--target=5` is the number 5), a repeated option arrives as a list.
 */
export interface TransformOptions {
  /** The pack, as `straddle fix <pack>` takes it; default: the first built-in pack (`packIds[0]`). */
  pack?: string;
  /** One rule id, or several comma-separated: the same as `only`. */
  rule?: OptionValue;
  /** Run only these rule ids (comma-separated or repeated). */
  only?: OptionValue;
  /** Do not run these rule ids (comma-separated or repeated). */
  skip?: OptionValue;
  /** `both` (default): dual forms; `new` or the pack's new major (`5`): idiomatic new-major code. */
  target?: string | number;
  /** As `straddle fix --assume-handlers`; pass it as `--assume-handlers=true` (jscodeshift would take a path after it as its value). */
  'assume-handlers'?: unknown;
  [option: string]: unknown;
}

type OptionValue = string | number | boolean | Array<string | number>;

interface Setup {
  pack: Pack<any>;
  rules: readonly Rule<string, any>[];
  options: FileRunOptions;
}

// a worker calls the transform once per file with the same options: settle them once
const setups = new Map<string, Promise<Setup>>();

/**
 * The transform: the new text of the file, the same text when the rules found nothing to change (jscodeshift counts
 * it unmodified; findings left for a hand fix are reported through `api.report`), or undefined when no selected rule could apply to it at all (counted as skipped, as the engine never
 * parses such a file). A file that does not parse, or is not UTF-8, throws (an error in jscodeshift's count) and is
 * never changed.
 */
export default async function transform(file: FileInfo, api: TransformApi = {}, options: TransformOptions = {}): Promise<string | undefined> {
  const key = JSON.stringify([options.pack, options.rule, options.only, options.skip, options.target, options['assume-handlers']]);
  let setup = setups.get(key);
  if (!setup) setups.set(key, (setup = settle(options)));
  const { pack, rules, options: runOptions } = await setup;

  const { path, source } = file;
  if (source.includes('\0')) return undefined; // binary, as the engine treats it
  // jscodeshift decodes with toString(): bytes that are not UTF-8 became U+FFFD, and writing them back would lose them
  if (source.includes('\uFFFD') && !isUtf8(readFileSync(path))) {
    throw new StraddleError(`${path}: not UTF-8 text (another encoding?), left untouched: save it as UTF-8 to have it fixed.`, 'E_ENCODING');
  }
  const result = runFile(pack, rules, path, source, runOptions);
  if (result.parseError) throw new StraddleError(`${result.parseError.message} (does not parse, left untouched)`, 'E_PARSE');
  if (!result.parsed) return undefined;
  // what is left for a hand fix is printed, as `straddle scan` would list it; notes explain, they ask for nothing
  for (const finding of result.findings) {
    if (finding.fixed) api.stats?.(finding.ruleId);
    else if (!finding.note) api.report?.(`${finding.line}:${finding.column} ${finding.ruleId}: ${finding.message}`);
  }
  return result.output === undefined ? source : keepLineEndings(source, result.output);
}

// --- internal ---

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

async function settle(options: TransformOptions): Promise<Setup> {
  const pack = await loadPack(options.pack === undefined ? packIds[0]! : String(options.pack));
  const only = [...idList('rule', options.rule), ...idList('only', options.only)];
  const skip = idList('skip', options.skip);
  const projectRules = new Set((pack.projectRules ?? []).map((rule) => rule.id));
  for (const id of [...only, ...skip]) {
    if (projectRules.has(id)) {
      throw new StraddleError(`"${id}" checks package.json, which a per-file transform never sees. Run \`straddle fix ${pack.id} --only ${id}\` instead.`, 'E_PROJECT_RULE');
    }
    if (!pack.rules.some((rule) => rule.id === id)) {
      throw new StraddleError(`Unknown rule "${id}" in pack ${pack.id}. See \`straddle rules ${pack.id}\` for the ids.`, 'E_UNKNOWN_RULE');
    }
  }
  const rules = pack.rules.filter((rule) => (!only.length || only.includes(rule.id)) && !skip.includes(rule.id));
  return { pack, rules, options: { fix: true, target: targetOf(pack, options.target), assumeHandlers: flag('assume-handlers', options['assume-handlers']) } };
}

/** Rule ids from a repeated or comma-separated option; given but empty is an error, never "every rule". */
function idList(name: string, value: OptionValue | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  const ids = values.flatMap((v) => (typeof v === 'boolean' ? [] : String(v).split(','))).map((v) => v.trim()).filter(Boolean);
  if (!ids.length) throw new StraddleError(`--${name} needs at least one rule id (as straddle rules <pack> lists them), e.g. --${name}=<id>,<id>.`, 'E_EMPTY_OPTION');
  return ids;
}


/** A yes/no option; anything else (a path jscodeshift took as its value) is an error, never a quiet no. */
function flag(name: string, value: unknown): boolean {
  if (value === undefined || value === false || value === 0 || value === 'false') return false;
  if (value === true || value === 1 || value === 'true') return true;
  throw new StraddleError(`--${name} takes true or false, not "${String(value)}": write --${name}=true.`, 'E_BAD_OPTION');
}
