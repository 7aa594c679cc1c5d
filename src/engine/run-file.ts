/**
 * @module engine/run-file
 * Runs a pack's selected rules over one file: prefilter, one parse, one walk for all rules, text splices.
 */
import ts from 'typescript';
import type { Pack } from '../pack.ts';
import { formatMessage, languageOf, type Finding, type Rule, type RuleOptions, type Visitors } from '../rule.ts';
import { applyEditGroups, createFixer, mapOffset, unmapOffset, type Edit, type EditGroup } from './edits.ts';
import { ParseError, parseSource } from './parse.ts';

export interface FileRunOptions extends RuleOptions {
  /** Apply fixes (fix) or only report them (scan). */
  fix: boolean;
  /** In a fix run, rules that only report in this file (the upgrade loop's ratchet took their fixes here back). */
  reportOnly?: readonly string[];
}

export interface FileResult {
  file: string;
  /**
   * In fix mode, those of the final text: the findings fixed on the way (at their place in the input), and what a
   * scan of the output reports (at their place in the output), a finding a fix created included.
   */
  findings: Finding[];
  /** The rewritten text; absent when the file is unchanged. */
  output?: string;
  /** What a scan of the input reports: the findings to give if the output is not written after all. */
  inputFindings?: Finding[];
  /** Set when fixes still changed the file in its last allowed pass (see MAX_PASSES). */
  unsettled?: Unsettled;
  /** Set when the file does not parse: it is left untouched. */
  parseError?: { line: number; column: number; message: string };
  /** False when no rule's prefilter matched, so the file was never parsed. */
  parsed: boolean;
}

/** Fixes that had not settled when the passes ran out: the rules still rewriting, and how many passes ran. */
export interface Unsettled {
  passes: number;
  rules: string[];
}

/**
 * Passes run to a fixed point: conflicting fixes are retried on the rewritten text, and one rule's output may give
 * another something to fix (`sendfile(p, { hidden })` → `sendFile(p, { hidden })`). Real files settle in one or two;
 * most in one, without a second parse (see `needsAnotherPass`). Rules that rewrite each other's output for ever are
 * a bug: after MAX_PASSES the output is what the last pass left (every pass rewrote text that parsed, as its rules
 * proposed), the rules still rewriting get one scan of it (their sites are reported open, fixable, not fixed), and
 * the result says the file is `unsettled`.
 */
export const MAX_PASSES = 5;

/** A finding and the node it was reported on, as offsets into the text it describes. */
interface Site {
  finding: Finding;
  start: number;
  end: number;
  /** Set once the offsets are in another text than the one the finding's line and column were read from. */
  moved?: true;
  /** Reports in the order they came, over all passes: the order of findings at the same place. */
  seq: number;
}

interface PassResult {
  sites: Site[];
  groups: EditGroup[];
  /** sites[groupOwner[i]] produced groups[i] */
  groupOwner: number[];
}

const hasWord = (rule: Rule<string, any>, text: string) => rule.meta.prefilter.some((word) => text.includes(word));
const passesGate = (pack: Pack<any>, text: string) => !pack.prefilter || pack.prefilter.test(text);

/** Whether any of `rules` could match the text at all: the pack's gate, then the rules' words. */
export function mightMatch<F>(pack: Pack<F>, rules: readonly Rule<string, F>[], text: string): boolean {
  return passesGate(pack, text) && rules.some((rule) => hasWord(rule, text));
}

/** Picks the rules whose prefilter words occur in the text. */
export function rulesFor<F>(rules: readonly Rule<string, F>[], text: string): Rule<string, F>[] {
  return rules.filter((rule) => hasWord(rule, text));
}

/** A file as the typed pass sees it: its node in a whole-project program, and that program's checker. */
export interface Typed {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
}

export function runFile<F>(
  pack: Pack<F>,
  allRules: readonly Rule<string, F>[],
  file: string,
  text: string,
  options: FileRunOptions,
  typed?: Typed,
): FileResult {
  const language = languageOf(file);
  const rules = allRules.filter((rule) => !rule.meta.languages || (language && rule.meta.languages.includes(language)));
  let active = passesGate(pack, text) ? rulesFor(rules, text) : [];
  if (!active.length) return { file, findings: [], parsed: false };

  let current = text;
  let inputFindings: Finding[] = [];
  /** Fixed findings, at their place in the input. */
  const fixed: Site[] = [];
  /** Each rule's open findings, at their place in `current`. */
  let open = new Map<string, Site[]>();
  /** The edits each pass applied, to take a later pass's fixed site back to the input. */
  const history: Edit[][] = [];
  let unsettled: Unsettled | undefined;
  let reports = 0;
  for (let pass = 0; ; pass++) {
    const last = pass === MAX_PASSES;
    // types describe the text as it was read: later passes (over fixed text) parse on their own
    const typedPass = pass === 0 && typed?.sourceFile.text === current ? typed : undefined;
    let sourceFile: ts.SourceFile;
    try {
      sourceFile = typedPass?.sourceFile ?? parseSource(file, current);
    } catch (error) {
      if (!(error instanceof ParseError) || pass > 0) throw error; // a fix that breaks syntax is our bug: surface it
      return { file, findings: [], parsed: true, parseError: { line: error.line, column: error.column, message: error.message } };
    }
    // past the bound, the rules still rewriting only report on the output
    const result = runPass(pack, active, file, sourceFile, last ? { ...options, fix: false } : options, typedPass?.checker, reports);
    reports += result.sites.length;
    if (pass === 0 && result.groups.length) inputFindings = result.sites.map((site) => ({ ...site.finding }));
    inheritSeq(result.sites, active, open);
    for (const rule of active) open.set(rule.id, []);
    if (!result.groups.length) {
      keepOpen(open, result.sites);
      if (last) unsettled = { passes: MAX_PASSES, rules: active.map((rule) => rule.id) };
      break;
    }

    const { text: next, skipped, applied } = applyEditGroups(current, result.groups);
    const applies = new Set(result.groupOwner.filter((_, g) => !skipped.includes(g)));
    for (const [index, site] of result.sites.entries()) {
      if (!applies.has(index)) continue;
      site.finding.fixed = true;
      fixed.push(history.length ? toInput(site, history) : site);
    }
    keepOpen(open, result.sites.filter((_, index) => !applies.has(index)));
    if (next === current) break;
    // a scan of the output runs only the rules whose words it has: the others' findings are gone with their words
    const inOutput = passesGate(pack, next) ? rulesFor(rules, next) : [];
    const again = needsAnotherPass(rules, inOutput, current, result, skipped, open);
    history.push(applied);
    open = mapSites(open, applied);
    current = next;
    const present = new Set(inOutput.map((rule) => rule.id));
    for (const id of open.keys()) if (!present.has(id)) open.delete(id);
    active = rules.filter((rule) => present.has(rule.id) && again.has(rule.id));
    if (!active.length) break;
  }

  const left = [...open.values()].flat();
  placeAll(fixed, text);
  placeAll(left, current);
  const findings = inInputOrder(fixed, left, history).map((site) => site.finding);
  if (current === text) return { file, findings, parsed: true, ...(unsettled && { unsettled }) };
  return { file, findings, output: current, inputFindings, parsed: true, ...(unsettled && { unsettled }) };
}

/**
 * The rules that must run again over the rewritten text, because what they reported may have changed: those whose
 * fixes conflicted, those whose words another rule's fix wrote (`sendfile` → `sendFile` brings `.sendFile(`) unless
 * that rule declares it writes nothing for them (`writesNothingFor`), and those with an open finding a fix rewrote
 * part of (its message may quote the text). No other rule can: rules are idempotent on their own output, findings
 * included (the fixture tests hold them to it), so a file with none is done without parsing it again.
 */
function needsAnotherPass<F>(
  /** the rules run on the file, and those whose words the rewritten text has */
  rules: readonly Rule<string, F>[],
  inOutput: readonly Rule<string, F>[],
  before: string,
  result: PassResult,
  skipped: readonly number[],
  open: ReadonlyMap<string, Site[]>,
): Set<string> {
  const again = new Set(skipped.map((g) => result.sites[result.groupOwner[g]!]!.finding.ruleId));
  const written = result.groups.flatMap((group, g) => (skipped.includes(g) ? [] : group.map((edit) => ({ by: result.sites[result.groupOwner[g]!]!.finding.ruleId, edit }))));
  const nothingFor = new Map(rules.map((rule) => [rule.id, rule.meta.writesNothingFor] as const));
  const concerns = (by: string, rule: Rule<string, F>) => by !== rule.id && !nothingFor.get(by)?.includes(rule.id);
  for (const rule of inOutput) {
    if (written.some((w) => concerns(w.by, rule) && rule.meta.prefilter.some((word) => writes(before, w.edit, word)))) again.add(rule.id);
  }
  // an open finding on the very node its rule just fixed is about that change (a handler out of reach of a path it
  // rewrote): a scan of the output cannot see it, so it stays as reported
  const fixedSites = result.sites.filter((_, index) => result.groupOwner.some((owner, g) => owner === index && !skipped.includes(g)));
  const aboutAFix = (id: string, site: Site) => fixedSites.some((f) => f.finding.ruleId === id && f.start === site.start && f.end === site.end);
  for (const [id, sites] of open) {
    const rewrote = (site: Site) => !aboutAFix(id, site) && written.some(({ edit }) => edit.start < site.end && site.start < Math.max(edit.end, edit.start + 1));
    if (sites.some(rewrote)) again.add(id);
  }
  return again;
}

/** A site reported again in a later pass keeps the place in the list its open finding had. */
function inheritSeq<F>(sites: readonly Site[], rerun: readonly Rule<string, F>[], open: ReadonlyMap<string, Site[]>): void {
  const before = new Map<string, number>();
  for (const rule of rerun) for (const site of open.get(rule.id) ?? []) before.set(`${site.finding.ruleId}\0${site.finding.messageId}\0${site.start}`, site.seq);
  if (!before.size) return;
  for (const site of sites) {
    const key = `${site.finding.ruleId}\0${site.finding.messageId}\0${site.start}`;
    const seq = before.get(key);
    if (seq === undefined) continue;
    site.seq = seq;
    before.delete(key);
  }
}

function keepOpen(open: Map<string, Site[]>, sites: readonly Site[]): void {
  for (const site of sites) open.get(site.finding.ruleId)!.push(site);
}

function mapSites(open: ReadonlyMap<string, Site[]>, applied: readonly Edit[]): Map<string, Site[]> {
  const mapped = new Map<string, Site[]>();
  for (const [id, sites] of open) {
    mapped.set(id, sites.map((site) => ({ ...site, start: mapOffset(site.start, applied), end: mapOffset(site.end, applied, 'end'), moved: true })));
  }
  return mapped;
}

/** A site found in a later pass, taken back through every earlier pass's edits to the input. */
function toInput(site: Site, history: readonly Edit[][]): Site {
  let { start, end } = site;
  for (let pass = history.length - 1; pass >= 0; pass--) {
    start = unmapOffset(start, history[pass]!);
    end = unmapOffset(end, history[pass]!);
  }
  return { ...site, start, end, moved: true };
}

/**
 * The sites in the order one scan of the input lists them: as reported, when one pass did it all; else by where in
 * the input each came from (an open one: its place in the output, taken back), then as reported.
 */
function inInputOrder(fixed: readonly Site[], left: readonly Site[], history: readonly Edit[][]): Site[] {
  if (!history.length) return [...fixed, ...left].sort((a, b) => a.seq - b.seq);
  const order = new Map([...fixed.map((site) => [site, site.start] as const), ...left.map((site) => [site, toInput(site, history).start] as const)]);
  return [...fixed, ...left].sort((a, b) => order.get(a)! - order.get(b)! || a.seq - b.seq);
}

/** Gives each moved site's finding the line and column of its site in `text` (the others were read from it). */
function placeAll(sites: readonly Site[], text: string): void {
  let starts: number[] | undefined;
  for (const { finding, start, moved } of sites) {
    if (!moved) continue;
    starts ??= lineStarts(text);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= start) low = middle;
      else high = middle - 1;
    }
    finding.line = low + 1;
    finding.column = start - starts[low]! + 1;
  }
}

/** Where each line of `text` starts, with the line breaks TypeScript counts (so lines match its positions). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029) starts.push(i + 1);
  }
  return starts;
}

/** Whether `edit`, applied to `text`, writes `word`: an occurrence that overlaps what the edit put in. */
function writes(text: string, edit: { start: number; end: number; text: string }, word: string): boolean {
  const edge = word.length - 1;
  return (text.slice(Math.max(0, edit.start - edge), edit.start) + edit.text + text.slice(edit.end, edit.end + edge)).includes(word);
}

function runPass<F>(
  pack: Pack<F>,
  rules: readonly Rule<string, F>[],
  file: string,
  sourceFile: ts.SourceFile,
  options: FileRunOptions,
  checker: ts.TypeChecker | undefined,
  /** The `seq` of this pass's first report. */
  firstSeq: number,
): PassResult {
  let seq = firstSeq;
  const fixer = createFixer(sourceFile);
  const out: PassResult = { sites: [], groups: [], groupOwner: [] };
  let facts: F | undefined;
  const dispatch = new Map<ts.SyntaxKind, Array<(node: ts.Node) => void>>();

  for (const rule of rules) {
    const context = {
      fileName: file,
      text: sourceFile.text,
      sourceFile,
      options,
      get facts() {
        return (facts ??= pack.analyze(sourceFile, options, checker));
      },
      report(descriptor: Parameters<Parameters<typeof rule.create>[0]['report']>[0]) {
        const start = descriptor.node.getStart(sourceFile);
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
        const confidence = descriptor.confidence ?? 'high';
        const edits = descriptor.fix ? normalizeEdits(descriptor.fix(fixer)) : null;
        const allowed = confidence === 'high' || options.assumeHandlers;
        const willFix = !!edits && options.fix && allowed && !options.reportOnly?.includes(rule.id);
        const finding: Finding = {
          ruleId: rule.id,
          messageId: descriptor.messageId,
          message: formatMessage(rule.meta.messages[descriptor.messageId] ?? descriptor.messageId, descriptor.data),
          file,
          line: line + 1,
          column: character + 1,
          rows: rule.meta.rows,
          kind: rule.meta.kind,
          confidence,
          fixed: false,
          fixable: !!edits,
          ...(descriptor.note && { note: true as const }),
        };
        out.sites.push({ finding, start, end: descriptor.node.end, seq: seq++ });
        if (willFix) {
          out.groups.push(edits);
          out.groupOwner.push(out.sites.length - 1);
        }
      },
    };
    const visitors: Visitors = rule.create(context);
    for (const [name, handler] of Object.entries(visitors)) {
      const kind = ts.SyntaxKind[name as keyof typeof ts.SyntaxKind];
      if (kind === undefined || !handler) throw new Error(`${rule.id}: unknown visitor ${name}`);
      const list = dispatch.get(kind) ?? [];
      list.push(handler);
      dispatch.set(kind, list);
    }
  }

  if (dispatch.size) {
    const visit = (node: ts.Node): void => {
      const handlers = dispatch.get(node.kind);
      if (handlers) for (const handler of handlers) handler(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return out;
}

function normalizeEdits(result: Edit | Edit[] | null): Edit[] | null {
  if (!result) return null;
  const edits = Array.isArray(result) ? result : [result];
  return edits.length ? edits : null;
}
