/**
 * @module engine/run-file
 * Runs a pack's selected rules over one file: prefilter, one parse, one walk for all rules, text splices.
 */
import ts from 'typescript';
import type { Pack } from '../pack.ts';
import { formatMessage, languageOf, type Finding, type Rule, type RuleOptions, type Visitors } from '../rule.ts';
import { applyEditGroups, createFixer, type Edit, type EditGroup } from './edits.ts';
import { ParseError, parseSource } from './parse.ts';

export interface FileRunOptions extends RuleOptions {
  /** Apply fixes (fix) or only report them (scan). */
  fix: boolean;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  /** The rewritten text; absent when the file is unchanged. */
  output?: string;
  /** Set when the file does not parse: it is left untouched. */
  parseError?: { line: number; column: number; message: string };
  /** False when no rule's prefilter matched, so the file was never parsed. */
  parsed: boolean;
}

// Passes run to a fixed point: conflicting fixes are retried on the rewritten text, and one rule's output may give
// another something to fix (`sendfile(p, { hidden })` → `sendFile(p, { hidden })`). Real files settle in one or two;
// most in one, without a second parse (see the end of the loop).
const MAX_PASSES = 5;

interface PassResult {
  findings: Finding[];
  groups: EditGroup[];
  /** findings[groupOwner[i]] produced groups[i] */
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
  let findings: Finding[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // types describe the text as it was read: later passes (over fixed text) parse on their own
    const typedPass = pass === 0 && typed?.sourceFile.text === current ? typed : undefined;
    let sourceFile: ts.SourceFile;
    try {
      sourceFile = typedPass?.sourceFile ?? parseSource(file, current);
    } catch (error) {
      if (!(error instanceof ParseError) || pass > 0) throw error; // a fix that breaks syntax is our bug: surface it
      return { file, findings: [], parsed: true, parseError: { line: error.line, column: error.column, message: error.message } };
    }
    const result = runPass(pack, active, file, sourceFile, options, typedPass?.checker);
    if (pass === 0) findings = result.findings;
    if (!options.fix || !result.groups.length) break;

    const { text: next, skipped } = applyEditGroups(current, result.groups);
    const skippedSet = new Set(skipped);
    if (pass === 0) {
      result.groupOwner.forEach((owner, g) => {
        if (!skippedSet.has(g)) findings[owner]!.fixed = true;
      });
    } else {
      markLaterPassFixes(findings, result, skippedSet);
    }
    if (next === current) break;
    // the next pass is for what this one left or made: the rules whose fixes conflicted, and those whose words
    // another rule's fix wrote (`sendfile` → `sendFile` brings `.sendFile(`); rules are idempotent on their own
    // output (the fixture tests hold them to it), so a file with neither is done without parsing it again
    const conflicted = new Set(skipped.map((g) => result.findings[result.groupOwner[g]!]!.ruleId));
    const written = result.groups.flatMap((group, g) => (skippedSet.has(g) ? [] : group.map((edit) => ({ by: result.findings[result.groupOwner[g]!]!.ruleId, edit }))));
    const before = current;
    current = next;
    active = rulesFor(rules, current).filter(
      (rule) => conflicted.has(rule.id) || written.some((w) => w.by !== rule.id && rule.meta.prefilter.some((word) => writes(before, w.edit, word))),
    );
    if (!active.length) break;
  }
  return current === text ? { file, findings, parsed: true } : { file, findings, output: current, parsed: true };
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
  checker?: ts.TypeChecker,
): PassResult {
  const fixer = createFixer(sourceFile);
  const out: PassResult = { findings: [], groups: [], groupOwner: [] };
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
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(descriptor.node.getStart(sourceFile));
        const confidence = descriptor.confidence ?? 'high';
        const edits = descriptor.fix ? normalizeEdits(descriptor.fix(fixer)) : null;
        const allowed = confidence === 'high' || options.assumeHandlers;
        const willFix = !!edits && options.fix && allowed;
        out.findings.push({
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
        });
        if (willFix) {
          out.groups.push(edits);
          out.groupOwner.push(out.findings.length - 1);
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

// A fix skipped for a conflict in pass 0 and applied in a later pass belongs to the first unfixed finding of the
// same rule and message: positions moved, the order did not.
function markLaterPassFixes(findings: Finding[], result: PassResult, skipped: Set<number>): void {
  result.groupOwner.forEach((owner, g) => {
    if (skipped.has(g)) return;
    const later = result.findings[owner]!;
    const original = findings.find((f) => !f.fixed && f.fixable && f.ruleId === later.ruleId && f.messageId === later.messageId);
    if (original) original.fixed = true;
  });
}
