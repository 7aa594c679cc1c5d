/**
 * @module testing/rule-tester
 * Runs one rule over code the way the engine does and checks the typescript-eslint invariants: byte-exact output,
 * a declared output for every fix, every finding declared with its message id, line and column, and (added here) a
 * second run over the output changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Pack } from '../pack.ts';
import type { Confidence, Finding, Rule, RuleOptions } from '../rule.ts';
import { runFile, type FileResult } from '../engine/run-file.ts';

export const DEFAULT_OPTIONS: RuleOptions = { target: 'both', assumeHandlers: false };

export function applyRule<F>(pack: Pack<F>, rule: Rule<string, F>, fileName: string, code: string, options: Partial<RuleOptions> = {}): FileResult {
  return runFile(pack, [rule], fileName, code, { ...DEFAULT_OPTIONS, ...options, fix: true });
}

export interface RuleRun {
  output: string;
  findings: Finding[];
  /** The output after a second run over the output: must equal `output`. */
  secondOutput: string;
  /** The second run's findings: what the first left open, and nothing more. */
  secondFindings: Finding[];
}

/** One rule over `code`, twice: what a fixture test needs to assert output, findings and idempotence. */
export function runTwice<F>(pack: Pack<F>, rule: Rule<string, F>, fileName: string, code: string, options: Partial<RuleOptions> = {}): RuleRun {
  const first = applyRule(pack, rule, fileName, code, options);
  if (first.parseError) throw new Error(`fixture does not parse: ${first.parseError.message}`);
  const output = first.output ?? code;
  const second = applyRule(pack, rule, fileName, output, options);
  return { output, findings: first.findings, secondOutput: second.output ?? output, secondFindings: second.findings };
}

/** What a case declares of each finding, as typescript-eslint's `errors: [{ messageId, line, column }]` (1-based). */
export interface ExpectedFinding {
  line: number;
  column: number;
  messageId: string;
  fixed: boolean;
  confidence: Confidence;
}

/** The declared fields of `findings`, in report order: what a case's `<case>.findings.json` is compared with. */
export function expectedFindingsOf(findings: readonly Finding[]): ExpectedFinding[] {
  return findings.map(({ line, column, messageId, fixed, confidence }) => ({ line, column, messageId, fixed, confidence }));
}

/**
 * The findings a case declares in `findingsFile` (`<case>.findings.json`). With no such file the case declares none,
 * so a finding nobody wrote down fails the case instead of passing unchecked.
 */
export function declaredFindings(findingsFile: string): ExpectedFinding[] {
  return existsSync(findingsFile) ? (JSON.parse(readFileSync(findingsFile, 'utf8')) as ExpectedFinding[]) : [];
}
