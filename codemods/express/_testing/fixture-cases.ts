/**
 * @module codemods/express/_testing/fixture-cases
 * The checks every fixture case of a rule gets, for one rule's folder: fixtures.test.ts runs them over
 * fixtures/express/<rule-id>/, and test/rule-template.test.ts over the rule template's own fixtures, so the template of
 * docs/contributing-rules.md is held to exactly what a real rule is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredFindings, DEFAULT_OPTIONS, expectedFindingsOf, runTwice } from '../../../src/testing/rule-tester.ts';
import { runFile } from '../../../src/engine/run-file.ts';
import type { Pack } from '../../../src/pack.ts';
import type { Finding, Rule, RuleOptions } from '../../../src/rule.ts';
import { answers, compareBehaviour, loadApp, type BehaviourSpec } from './behaviour.ts';

const INPUT = /^(.+)\.input\.(\w+)$/;

const bySite = (findings: readonly Finding[]) =>
  [...findings].sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.messageId.localeCompare(b.messageId));

/** One `describe` per `<case>.input.<ext>` in `dir`; "every rule of the pack" is `pack.rules` (plus `rule`, if not in it). */
export function describeFixtureCases<F>(pack: Pack<F>, rule: Rule<string, F>, dir: string): void {
  const allRules = pack.rules.includes(rule) ? pack.rules : [...pack.rules, rule];
  for (const file of readdirSync(dir).sort()) {
    const match = INPUT.exec(file);
    if (!match) continue;
    const [, name, ext] = match;
    const inputFile = path.join(dir, file);
    const outputFile = path.join(dir, `${name}.output.${ext}`);
    const optionsFile = path.join(dir, `${name}.options.json`);
    const requestsFile = path.join(dir, `${name}.requests.json`);
    const input = readFileSync(inputFile, 'utf8');
    const expected = existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : input;
    const options: Partial<RuleOptions> = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};

    describe(`${name}.${ext}`, () => {
      const run = runTwice(pack, rule, inputFile, input, options);
      it(existsSync(outputFile) ? 'rewrites to the expected output' : 'leaves the file untouched', () => {
        expect(run.output).toBe(expected);
      });
      it('is idempotent, and reports of what it leaves what a scan of its output reports', () => {
        expect(run.secondOutput).toBe(run.output);
        expect(bySite(run.findings.filter((f) => !f.fixed))).toEqual(bySite(run.secondFindings));
      });
      it('is idempotent with every rule of the pack, and reports of what it leaves what a scan of the output reports', () => {
        const all = { ...DEFAULT_OPTIONS, ...options, fix: true };
        const first = runFile(pack, allRules, inputFile, input, all);
        const once = first.output ?? input;
        expect(runFile(pack, allRules, inputFile, once, all).output ?? once).toBe(once);
        expect(bySite(first.findings.filter((f) => !f.fixed))).toEqual(bySite(runFile(pack, allRules, inputFile, once, { ...all, fix: false }).findings));
      });
      if (existsSync(outputFile)) {
        it('reports every site it fixes', () => expect(run.findings.filter((f) => f.fixed).length).toBeGreaterThan(0));
      }
      const findingsFile = path.join(dir, `${name}.findings.json`);
      const declared = existsSync(findingsFile);
      // Every finding is declared with its message id, line and column, as a typescript-eslint invalid case's `errors`.
      it(declared ? 'reports exactly the declared findings' : 'reports nothing (it has no findings.json)', () => {
        const missing = `${name}.${ext} reports findings: declare each one as { line, column, messageId, fixed, confidence } in ${name}.findings.json`;
        expect(expectedFindingsOf(run.findings), declared ? undefined : missing).toEqual(declaredFindings(findingsFile));
      });
      if (existsSync(requestsFile)) {
        const raw = JSON.parse(readFileSync(requestsFile, 'utf8')) as BehaviourSpec | BehaviourSpec['requests'];
        const spec: BehaviourSpec = Array.isArray(raw) ? { requests: raw } : raw;
        it('answers the same on Express 4 and 5 (and as the input did on 4)', async () => {
          const result = await compareBehaviour(input, run.output, inputFile, spec);
          expect(result.outputOn5).toEqual(result.outputOn4);
          if (spec.sameAsInputOn4 !== false) expect(result.outputOn4).toEqual(result.inputOn4);
        });
        it.skipIf(spec.breaksAt === 'types')('fixes something that really breaks: the input fails or answers differently on Express 5', async () => {
          let inputOn5: unknown;
          try {
            inputOn5 = await answers(loadApp(input, inputFile, 5), spec);
          } catch (error) {
            inputOn5 = error;
          }
          expect(inputOn5).not.toEqual(await answers(loadApp(input, inputFile, 4), spec));
        });
      }
    });
  }
}
