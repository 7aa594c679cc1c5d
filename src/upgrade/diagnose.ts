/**
 * @module upgrade/diagnose
 * Turns a matrix run into things the loop can act on: each failure mapped to a rule (by the rules' failure
 * signatures) and a project file:line (from the stack frames after it), test files that failed to load, and the
 * runtime shim's warnings (one JSON line each, appended to STRADDLE_REPORT by the test processes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { LOAD_FAILURE_TITLE } from '../matrix/count-in-process.ts';
import type { MatrixReport, SwappedCompanion } from '../matrix/index.ts';
import type { Pack, ShimReportLine } from '../pack.ts';
import type { Finding } from '../rule.ts';
import { replayFailures } from './replay-check.ts';

export interface Site {
  /** Relative to the project. */
  file: string;
  line: number;
}

export interface Failure {
  version: string;
  ruleId?: string;
  /** The error line as the runner printed it. */
  message: string;
  site?: Site;
  /** The project frames below the first (who called it): where a value that broke may have been written. */
  callers?: Site[];
  /** What the rule reported at that site, when one did: the hint for a human. */
  hint?: string;
  /** A replay finding (`upgrade --requests`): an answer that differs between the majors, with no site of its own. */
  replay?: boolean;
}

export interface RuntimeWarning {
  ruleId: string;
  message: string;
  site?: Site;
  major: number;
}

export interface VersionDiagnosis {
  requested: string;
  resolved: string;
  ok: boolean;
  counts: { passed: number; failed: number; skipped: number } | null;
  /** Test files that failed before running any test: each hides every test behind it. */
  loadFailures: number;
  /** Why, as far as the output tells: the first error line of each (`<file>: ` first where the runner names it). */
  loadErrors?: string[];
  failures: Failure[];
  /** Set when the run itself could not be trusted (wrong version loaded, install failed). */
  problem: string | null;
  /** What the run swapped in beside the framework (see MatrixOptions.companions). */
  companions?: SwappedCompanion[];
}

export interface Diagnosis {
  versions: VersionDiagnosis[];
  warnings: RuntimeWarning[];
}

/** Runner lines that mean a whole test file failed to load (jest, vitest, node:test, mocha). */
const LOAD_FAILURE = [
  /Test suite failed to run/g,
  /^\s*FAIL\s+\S+\s+\[\s*\S+\s*\]\s*$/gm,
  /failureType:\s*'testCodeFailure'[\s\S]{0,200}?error:\s*'test failed'/g,
  /^\s*\d+\)\s+"before all" hook/gm,
];
// absolute, or relative to the project as mocha prints them (it strips the cwd): `at fn (test/app.test.js:60:9)`
const STACK_FRAME = /(?:\(|\bat\s+)(\/[^\s():]+|[A-Za-z]:\\[^\s():]+|file:\/\/\/[^\s():]+|(?:\.\.?\/)?[\w@][\w@.\-/]*\.[cm]?[jt]sx?):(\d+):\d+\)?/g;
/** An error as runners print it: `TypeError: …` (jest, mocha, vitest; `# `-prefixed in TAP) or node:test's `error: '…'`. */
const ERROR_LINE = /^[\s#]*(?:\w*Error\b|error:\s*['"|]).*$/;
/** node:test's multi-line `error: |-` block: the message is on the next line. */
const ERROR_BLOCK = /^\s*error:\s*\|-?\s*$/;

/**
 * A type error as tsc, ts-jest or ts-node print it (`src/a.ts:26:35 - error TS2345: …` or `src/a.ts(26,35): error
 * TS2345: …`), also in the config (`tsconfig.json:7:5 - error TS5102: Option 'charset' has been removed`): the suite
 * stops before any test, so the error's own position is the site.
 */
const TS_ERROR = /^\s*([^\s():]+\.(?:[cm]?tsx?|json))(?::(\d+):\d+ - |\((\d+),\d+\): )error (TS\d+: .*)$/;

/** Maps an absolute path seen in a stack trace (maybe inside the matrix's copy of the project) to a project file. */
export function toProjectFile(absolute: string, projectFiles: readonly string[]): string | undefined {
  const clean = absolute.replace(/^file:\/\//, '');
  if (/(^|\/)node_modules\//.test(clean)) return undefined;
  let best: string | undefined;
  for (const file of projectFiles) {
    if ((clean === file || clean.endsWith(`/${file}`)) && (!best || file.length > best.length)) best = file;
  }
  return best;
}

/** The project frames of the stack after an error line, innermost first (only while the stack goes on). */
function projectFrames(lines: string[], from: number, projectFiles: readonly string[]): Site[] {
  const sites: Site[] = [];
  for (let i = from; i < Math.min(lines.length, from + 25); i++) {
    const matches = [...lines[i]!.matchAll(STACK_FRAME)];
    if (!matches.length && sites.length) break;
    for (const match of matches) {
      const file = toProjectFile(match[1]!, projectFiles);
      if (file) sites.push({ file, line: Number(match[2]) });
    }
  }
  return sites;
}

/**
 * What makes two failures the same one, on any run or major: the message and the site. Timings are left out, since
 * they differ from run to run (`added 1 package in 268ms`).
 */
export function failureKey(failure: Pick<Failure, 'message' | 'site'>): string {
  return `${failure.message.replace(/\d+(?:\.\d+)?\s*m?s\b/g, '#')}|${failure.site?.file}:${failure.site?.line}`;
}

/** Failures in a runner's output, each with the rule whose signature it matches and the first project frame. */
export function findFailures(pack: Pack<any>, version: string, output: string, projectFiles: readonly string[]): Failure[] {
  const lines = output.split('\n');
  const failures: Failure[] = [];
  const seen = new Set<string>();
  const withSignatures = [...pack.rules, ...(pack.projectRules ?? [])].filter((r) => r.meta.signatures?.length);
  const add = (failure: Failure) => {
    const key = `${failure.ruleId}|${failure.message}|${failure.site?.file}:${failure.site?.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    failures.push(failure);
  };
  lines.forEach((line, index) => {
    // an error page's text (a test printing the body it got) is HTML-escaped: match its signature as thrown
    const plain = line.includes('&') ? unescapeHtml(line) : line;
    const rule = withSignatures.find((r) => r.meta.signatures!.some((s) => s.test(plain)));
    const typeError = TS_ERROR.exec(stripVTControlCharacters(line));
    if (typeError) {
      const file = toProjectFile(typeError[1]!, projectFiles);
      const site = file ? { file, line: Number(typeError[2] ?? typeError[3]) } : undefined;
      return add({ version, ruleId: rule?.id, message: typeError[4]!.slice(0, 300), site });
    }
    if (!rule && !ERROR_LINE.test(line)) return;
    const [site, ...callers] = projectFrames(lines, index + 1, projectFiles);
    const text = ERROR_BLOCK.test(line) ? (lines[index + 1] ?? '') : line;
    const message = text.replace(/^[\s#]+/, '').slice(0, 300);
    add({ version, ruleId: rule?.id, message, site, ...(callers.length && { callers }) });
  });
  return failures;
}

const ENTITIES: Record<string, string> = { quot: '"', '#39': "'", apos: "'", lt: '<', gt: '>', amp: '&', nbsp: ' ' };
const unescapeHtml = (text: string) => text.replace(/&(quot|#39|apos|lt|gt|nbsp|amp);/g, (_, name: string) => ENTITIES[name]!);

export function countLoadFailures(output: string): number {
  return LOAD_FAILURE.reduce((sum, pattern) => sum + (output.match(pattern)?.length ?? 0), 0);
}

/** The file a runner's load-failure report names: jest's `FAIL <file>` above it, vitest's `FAIL <file> [ <file> ]`. */
const FAILED_FILE = /^\s*FAIL\s+(\S+)/;
/** mocha's report of a file that threw before its runner started. */
const MOCHA_LOAD_ERROR = /^\s*Exception during run: (.*)$/;

/**
 * The first error line of each test file that failed to load: after the runner's marker (jest, vitest), else just
 * before it (node:test's TAP prints the error first), and mocha's `Exception during run:`; without duplicates.
 */
export function loadErrors(output: string): string[] {
  const text = stripVTControlCharacters(output);
  const lines = text.split('\n');
  const found = new Set<string>();
  // node:test's `error: 'test failed'` is its verdict, not the error
  const isError = (line: string) => ERROR_LINE.test(line) && !/error:\s*'test failed'/.test(line);
  for (const pattern of LOAD_FAILURE) {
    for (const match of text.matchAll(pattern)) {
      const at = text.slice(0, match.index).split('\n').length - 1;
      const after = lines.slice(at + 1, at + 13).find(isError);
      const error = (after ?? lines.slice(Math.max(0, at - 10), at).reverse().find(isError))?.replace(/^[\s#]+/, '');
      if (!error) continue;
      const file = [lines[at]!, lines[at - 1] ?? ''].map((l) => FAILED_FILE.exec(l)?.[1]).find(Boolean);
      found.add(`${file ? `${file}: ` : ''}${error.slice(0, 200)}`);
    }
  }
  for (const line of lines) {
    const error = MOCHA_LOAD_ERROR.exec(line)?.[1];
    if (error) found.add(error.slice(0, 200));
  }
  return [...found];
}

/** What the diagnosis reads of a run: its output, and what its test processes printed where the output hid it. */
const seen = (result: MatrixReport['results'][number]) => (result.processOutput ? `${result.output}\n${result.processOutput}` : result.output);

/** Test processes that failed before any test ran, as the counting inside them names them (matrix/count-in-process). */
function countedLoadFailures(failedTests: readonly string[] | null): number {
  return failedTests?.filter((name) => name.endsWith(`› ${LOAD_FAILURE_TITLE}`)).length ?? 0;
}

/** Reads the shim's JSON-lines report; unknown or malformed lines are skipped. */
export function readWarnings(reportFile: string, projectFiles: readonly string[]): RuntimeWarning[] {
  if (!existsSync(reportFile)) return [];
  const out: RuntimeWarning[] = [];
  const seen = new Set<string>();
  for (const line of readFileSync(reportFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as ShimReportLine;
      const ruleId = entry.id.split('/').pop()!;
      const file = entry.site ? toProjectFile(entry.site.file, projectFiles) : undefined;
      const site = file ? { file, line: entry.site!.line } : undefined;
      const key = `${ruleId}|${site?.file}:${site?.line}|${entry.major}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ruleId, message: entry.message, site, major: entry.major });
    } catch {
      // a test process killed mid-write leaves half a line: nothing to learn from it
    }
  }
  return out;
}

/**
 * A failure at a site a rule reported (say, a path built at run time) takes that rule and its message as hint; so do
 * a failure of that rule whose caller is such a site (the path handed on to the router), and a toolchain failure
 * whose rule reported on package.json (old jest, a package reaching into the framework's internals).
 */
function attachFindings(failures: Failure[], findings: readonly Finding[]): Failure[] {
  return failures.map((failure) => {
    const at = (site: Site) => findings.find((f) => !f.fixed && f.file === site.file && f.line === site.line && (!failure.ruleId || f.ruleId === failure.ruleId));
    const atSite = failure.site && at(failure.site);
    const atCaller = failure.ruleId ? failure.callers?.map(at).find(Boolean) : undefined;
    // a toolchain failure (no project frame) is explained by what its rule said about package.json
    const finding = atSite ?? atCaller ?? (failure.ruleId ? findings.find((f) => !f.fixed && f.ruleId === failure.ruleId && f.file === 'package.json') : undefined);
    return finding ? { ...failure, ruleId: finding.ruleId, hint: finding.message } : failure;
  });
}

export function diagnose(
  pack: Pack<any>,
  matrix: MatrixReport,
  warnings: RuntimeWarning[],
  projectFiles: readonly string[],
  findings: readonly Finding[] = [],
): Diagnosis {
  return {
    versions: matrix.results.map((result) => ({
      requested: result.requested,
      resolved: result.resolved,
      ok: result.ok,
      counts: result.counts,
      loadFailures: result.ok ? 0 : Math.max(countLoadFailures(result.output), countedLoadFailures(result.failedTests)),
      ...(!result.ok && { loadErrors: loadErrors(seen(result)) }),
      failures: result.ok ? [] : attachFindings([...findFailures(pack, result.requested, seen(result), projectFiles), ...replayFailures(result)], findings),
      problem: result.failure,
      ...(result.companions && { companions: result.companions }),
    })),
    warnings,
  };
}

export interface Actions {
  /** Files to fix again with `assumeHandlers`: a failure or warning proved the name-only evidence right. */
  assumeHandlerFiles: Set<string>;
  /** Shim features to wire into the app. */
  shimFeatures: Set<string>;
  /** Rules whose difference replay saw: their fixes that wait for such evidence may be written (RuleOptions.evidence). */
  evidenceRules: Set<string>;
}

/**
 * What the evidence lets the loop do next: a failing test or a shim warning at the site of a low-confidence finding
 * proves that site is the framework's; a failure of a rule the shim covers needs the shim.
 */
export function planActions(pack: Pack<any>, diagnosis: Diagnosis, findings: readonly Finding[]): Actions {
  const actions: Actions = { assumeHandlerFiles: new Set(), shimFeatures: new Set(), evidenceRules: new Set() };
  const features = new Set(pack.shim?.features ?? []);
  const evidence: Array<{ ruleId?: string; site?: Site; callers?: Site[]; replay?: boolean }> = [...diagnosis.versions.flatMap((v) => v.failures), ...diagnosis.warnings];
  // a site the fix left for want of proof, of `ruleId` where one is named
  const unproven = (f: Finding, ruleId?: string) => !f.fixed && f.fixable && f.confidence === 'low' && (!ruleId || f.ruleId === ruleId);
  const lowIn = (file: string, ruleId?: string) => findings.some((f) => f.file === file && unproven(f, ruleId));
  for (const { ruleId, site, callers = [], replay } of evidence) {
    if (site && lowIn(site.file, ruleId)) actions.assumeHandlerFiles.add(site.file);
    // an answer that differs names its rule, not a site: every site of that rule the loop left for want of proof
    if (replay && ruleId) for (const f of findings) if (unproven(f, ruleId)) actions.assumeHandlerFiles.add(f.file);
    if (replay && ruleId) actions.evidenceRules.add(ruleId);
    // a value handed down through a wrapper (`app.getAsync('*')` → `app.get`) was written by a caller: a failure a
    // rule's signature names proves that rule's low-confidence sites along the stack
    if (ruleId) for (const caller of callers) if (lowIn(caller.file, ruleId)) actions.assumeHandlerFiles.add(caller.file);
  }
  // the shim only where a failing test proves its feature is needed: a finding alone is no proof
  for (const failure of diagnosis.versions.flatMap((v) => v.failures)) {
    if (failure.ruleId && features.has(failure.ruleId)) actions.shimFeatures.add(failure.ruleId);
  }
  return actions;
}
